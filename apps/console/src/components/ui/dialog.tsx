import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal on the native <dialog>: focus trap, Escape and backdrop come from the browser. */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (props.open && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
    if (!props.open && el.open) {
      if (typeof el.close === 'function') el.close();
      else el.removeAttribute('open');
    }
  }, [props.open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={props.onClose} onCancel={props.onClose}>
      <h2 id={titleId}>{props.title}</h2>
      <div className="dialog__body">{props.children}</div>
      {props.actions && <div className="dialog__actions">{props.actions}</div>}
    </dialog>
  );
}

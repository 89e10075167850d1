import { useEffect, useRef } from 'react';

export const SHORTCUTS = ['j', 'k', 'x', 'r', 'n', 'e', 'a', '/', '?'] as const;
export type ShortcutKey = (typeof SHORTCUTS)[number];
export type ShortcutHandlers = Partial<Record<ShortcutKey, () => void>>;

/** Whether a key press belongs to a text field (shortcuts must not steal the agent's typing). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((target as HTMLInputElement).type);
  return false;
}

/** Single-key shortcuts on the whole page, off while typing, with a modifier held or a dialog open. */
export function useShortcuts(handlers: ShortcutHandlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const handler = ref.current[e.key as ShortcutKey];
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

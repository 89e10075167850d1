export interface Suggestion {
  key: string;
  label: string;
  hint?: string;
}

/** The list under the composer for `/` canned responses and `@` mentions (the textarea keeps focus). */
export function SuggestionMenu(props: { id: string; label: string; items: Suggestion[]; active: number; onPick: (index: number) => void }) {
  if (!props.items.length) return null;
  return (
    <ul id={props.id} className="canned" role="listbox" aria-label={props.label}>
      {props.items.map((item, i) => (
        <li
          key={item.key}
          id={`${props.id}-${i}`}
          role="option"
          aria-selected={i === props.active}
          className={i === props.active ? 'canned__item canned__item--active' : 'canned__item'}
          onMouseDown={(e) => {
            e.preventDefault(); // keep the textarea focused
            props.onPick(i);
          }}
        >
          <strong>{item.label}</strong> {item.hint && <span className="muted">{item.hint}</span>}
        </li>
      ))}
    </ul>
  );
}

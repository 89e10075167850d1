import { useCallback, useMemo, useRef, useState } from 'react';

export interface SelectionState {
  ids: ReadonlySet<string>;
  /** The last row toggled without Shift: where a Shift-click range starts. */
  anchor: string | null;
}

export const EMPTY_SELECTION: SelectionState = { ids: new Set(), anchor: null };

/**
 * Toggles one row. With Shift, every row between the anchor and this one takes the state the
 * clicked row goes to (as in a mail client); the anchor moves to the clicked row either way.
 */
export function toggleRow(state: SelectionState, order: readonly string[], id: string, range: boolean): SelectionState {
  const ids = new Set(state.ids);
  const checked = !ids.has(id);
  const from = range && state.anchor ? order.indexOf(state.anchor) : -1;
  const to = order.indexOf(id);
  if (from >= 0 && to >= 0) {
    const [lo, hi] = from < to ? [from, to] : [to, from];
    for (let i = lo; i <= hi; i++) {
      if (checked) ids.add(order[i]);
      else ids.delete(order[i]);
    }
  } else if (checked) ids.add(id);
  else ids.delete(id);
  return { ids, anchor: id };
}

/** Selects every row shown, or clears them when all already are. */
export function toggleAll(state: SelectionState, order: readonly string[]): SelectionState {
  const all = order.length > 0 && order.every((id) => state.ids.has(id));
  return all ? EMPTY_SELECTION : { ids: new Set(order), anchor: state.anchor };
}

/** The selected rows still in the list, in list order (rows that left it drop out of the selection). */
export function selectedInOrder(state: SelectionState, order: readonly string[]): string[] {
  if (!state.ids.size) return [];
  return order.filter((id) => state.ids.has(id));
}

/** Checkbox selection over the rows of a list, for bulk actions. */
export function useSelection(order: readonly string[]) {
  const [state, setState] = useState<SelectionState>(EMPTY_SELECTION);
  const orderRef = useRef(order);
  orderRef.current = order;
  const selected = useMemo(() => selectedInOrder(state, order), [state, order]);
  const checked = useMemo(() => new Set(selected), [selected]);
  return {
    selected,
    checked,
    allChecked: order.length > 0 && selected.length === order.length,
    toggle: useCallback((id: string, range = false) => setState((s) => toggleRow(s, orderRef.current, id, range)), []),
    toggleAll: useCallback(() => setState((s) => toggleAll(s, orderRef.current)), []),
    clear: useCallback(() => setState(EMPTY_SELECTION), []),
  };
}

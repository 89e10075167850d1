import { EMPTY_SELECTION, selectedInOrder, toggleAll, toggleRow } from './use-selection';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('selection', () => {
  it('toggles one row at a time', () => {
    let s = toggleRow(EMPTY_SELECTION, order, 'b', false);
    s = toggleRow(s, order, 'd', false);
    expect(ids(s)).toEqual(['b', 'd']);
    s = toggleRow(s, order, 'b', false);
    expect(ids(s)).toEqual(['d']);
  });

  it('selects the range from the anchor with Shift, in either direction', () => {
    let s = toggleRow(EMPTY_SELECTION, order, 'b', false);
    s = toggleRow(s, order, 'e', true);
    expect(ids(s)).toEqual(['b', 'c', 'd', 'e']);
    // From the new anchor (e) back up to a.
    s = toggleRow(s, order, 'a', true);
    expect(ids(s)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('clears a range when the Shift-clicked row was selected', () => {
    let s = toggleAll(EMPTY_SELECTION, order);
    s = toggleRow(s, order, 'b', false); // unselects b, anchor b
    s = toggleRow(s, order, 'd', true); // d was selected: b..d go unselected
    expect(ids(s)).toEqual(['a', 'e', 'f']);
  });

  it('falls back to a single toggle when there is no anchor or it left the list', () => {
    expect(ids(toggleRow(EMPTY_SELECTION, order, 'c', true))).toEqual(['c']);
    const s = toggleRow(EMPTY_SELECTION, ['x', ...order], 'x', false);
    expect(ids(toggleRow(s, order, 'c', true))).toEqual(['c', 'x']);
  });

  it('selects all shown rows, or clears them when all are selected', () => {
    let s = toggleRow(EMPTY_SELECTION, order, 'a', false);
    s = toggleAll(s, order);
    expect(ids(s)).toEqual(order);
    expect(ids(toggleAll(s, order))).toEqual([]);
  });

  it('keeps only the rows still in the list, in list order', () => {
    const s = toggleAll(EMPTY_SELECTION, order);
    expect(selectedInOrder(s, ['f', 'z', 'a'])).toEqual(['f', 'a']);
  });
});

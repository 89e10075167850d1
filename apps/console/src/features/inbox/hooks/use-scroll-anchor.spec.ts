import { anchoredScrollTop } from './use-scroll-anchor';

describe('anchoredScrollTop', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  it('keeps the first visible row in place when rows arrive above it', () => {
    // Looking at row c (index 2) with 10px of it scrolled off; two rows arrive at the top.
    expect(anchoredScrollTop(ids, ['x', 'y', ...ids], 2 * 80 + 10, 80)).toBe(4 * 80 + 10);
  });
  it('follows the anchor when a row above it leaves', () => {
    expect(anchoredScrollTop(ids, ['a', 'c', 'd', 'e', 'f'], 2 * 80, 80)).toBe(80);
  });
  it('does nothing when the change is below the viewport', () => {
    expect(anchoredScrollTop(ids, [...ids, 'z'], 2 * 80, 80)).toBeNull();
  });
  it('anchors on the next row still present when the first visible one left', () => {
    // c (first visible) left and two rows arrived above: d, which was one row below the top, stays there.
    expect(anchoredScrollTop(ids, ['n', 'm', 'a', 'b', 'd', 'e', 'f'], 2 * 80, 80)).toBe(3 * 80);
  });
});

import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * Where to scroll so the row the agent was looking at stays put after rows were inserted or
 * removed above it. Returns null when nothing needs to move.
 */
export function anchoredScrollTop(prevIds: readonly string[], nextIds: readonly string[], scrollTop: number, rowHeight: number): number | null {
  const firstIndex = Math.floor(scrollTop / rowHeight);
  const offset = scrollTop - firstIndex * rowHeight;
  // The first visible row still present in the new list is the anchor.
  const nextIndex = new Map(nextIds.map((id, i) => [id, i]));
  for (let i = firstIndex; i < prevIds.length; i++) {
    const at = nextIndex.get(prevIds[i]);
    if (at === undefined) continue;
    const target = (at - (i - firstIndex)) * rowHeight + offset;
    return target === scrollTop ? null : Math.max(0, target);
  }
  return null;
}

/**
 * Keeps the list still under the agent's eyes and pointer while live rows arrive. At the very top
 * with the pointer elsewhere new rows simply appear; otherwise they go above and a pill counts them.
 */
export function useScrollAnchor(scrollRef: RefObject<HTMLElement | null>, ids: readonly string[], rowHeight: number) {
  const prev = useRef<readonly string[]>(ids);
  const pointerInside = useRef(false);
  const [newAbove, setNewAbove] = useState(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    const before = prev.current;
    prev.current = ids;
    if (!el || before === ids) return;
    if (el.scrollTop <= 0 && !pointerInside.current) return;
    const target = anchoredScrollTop(before, ids, el.scrollTop, rowHeight);
    if (target === null) return;
    const moved = Math.round((target - el.scrollTop) / rowHeight);
    el.scrollTop = target;
    if (moved > 0) setNewAbove((n) => n + moved);
  }, [ids, rowHeight, scrollRef]);

  return {
    newAbove,
    clearNewAbove: () => setNewAbove(0),
    pointerHandlers: {
      onPointerEnter: () => (pointerInside.current = true),
      onPointerLeave: () => (pointerInside.current = false),
    },
  };
}

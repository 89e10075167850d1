import type { Conversation } from '@babillard/contracts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../../lib/use-now';
import { useScrollAnchor } from '../hooks/use-scroll-anchor';
import { ConversationRow } from './conversation-row';

export const ROW_HEIGHT = 84;

interface Props {
  items: Conversation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  assigneeName: (id: string | null) => string | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  isLoading: boolean;
  error: string | null;
  /** Rows checked for bulk actions. */
  checked: ReadonlySet<string>;
  /** A row's box was clicked; `range` when Shift was held. */
  onCheck: (id: string, range: boolean) => void;
}

/** The queue: virtualised (10,000 rows scroll as 20), anchored while live rows arrive. */
export function ConversationList(props: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const ids = useMemo(() => props.items.map((c) => c.id), [props.items]);
  const { newAbove, clearNewAbove, pointerHandlers } = useScrollAnchor(scrollRef, ids, ROW_HEIGHT);

  // Stable while the rows are: a new getItemKey makes the virtualizer re-measure every row on every frame.
  const { items } = props;
  const getItemKey = useCallback((i: number) => items[i]?.id ?? i, [items]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const hasRows = virtualItems.length > 0;
  useEffect(() => {
    // For the load-time budget (and anyone profiling): when the queue first showed rows.
    if (hasRows && !performance.getEntriesByName('inbox-rows').length) performance.mark('inbox-rows');
  }, [hasRows]);

  const last = virtualItems[virtualItems.length - 1];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  useEffect(() => {
    if (last && last.index >= props.items.length - 10 && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [last, props.items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Keep the selected row visible when it moves by keyboard (j/k).
  const selectedIndex = useMemo(() => (props.selectedId ? ids.indexOf(props.selectedId) : -1), [ids, props.selectedId]);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const next = Math.min(Math.max(selectedIndex + (e.key === 'ArrowDown' ? 1 : -1), 0), ids.length - 1);
    if (ids[next]) props.onSelect(ids[next]);
  };

  if (props.error) return <p className="list-empty" role="alert">{props.error}</p>;
  if (props.isLoading) return <p className="list-empty">{t('common.loading')}</p>;
  if (!props.items.length) return <p className="list-empty">{t('inbox.empty')}</p>;

  return (
    <div className="list-wrap">
      {newAbove > 0 && (
        <button
          type="button"
          className="new-pill"
          onClick={() => {
            scrollRef.current?.scrollTo({ top: 0 });
            clearNewAbove();
          }}
        >
          {t('inbox.newAbove', { count: newAbove })}
        </button>
      )}
      <div
        ref={scrollRef}
        className="list"
        role="listbox"
        tabIndex={0}
        aria-label={t('inbox.listLabel')}
        aria-activedescendant={props.selectedId ? `conv-${props.selectedId}` : undefined}
        onKeyDown={onKeyDown}
        onScroll={(e) => e.currentTarget.scrollTop === 0 && newAbove && clearNewAbove()}
        {...pointerHandlers}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((v) => {
            const c = props.items[v.index];
            return (
              <div
                key={v.key}
                id={`conv-${c.id}`}
                role="option"
                aria-selected={c.id === props.selectedId}
                aria-posinset={v.index + 1}
                aria-setsize={props.items.length}
                data-conversation-id={c.id}
                className="list__item"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                onClick={() => props.onSelect(c.id)}
              >
                <input
                  type="checkbox"
                  className="list__check"
                  checked={props.checked.has(c.id)}
                  aria-label={t('bulk.selectRow', { name: c.contact.name ?? c.contact.handle ?? t('customer.unknown') })}
                  onClick={(e) => {
                    e.stopPropagation();
                    props.onCheck(c.id, e.shiftKey);
                  }}
                  onChange={() => undefined}
                />
                <ConversationRow conversation={c} now={now} selected={c.id === props.selectedId} assigneeName={props.assigneeName(c.assigneeId)} />
              </div>
            );
          })}
        </div>
        {props.isFetchingNextPage && <p className="list-more">{t('common.loading')}</p>}
      </div>
    </div>
  );
}

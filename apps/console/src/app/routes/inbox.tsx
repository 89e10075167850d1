import type { QueueView } from '@babillard/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../components/ui/toaster';
import { useOpenCrises } from '../../features/crisis/api/get-open-crises';
import { CrisisBanner } from '../../features/crisis/components/crisis-banner';
import { useConversationCounts } from '../../features/inbox/api/get-counts';
import { useBulkUpdate, type BulkAction } from '../../features/inbox/api/bulk-update';
import { useConversations } from '../../features/inbox/api/get-conversations';
import { BulkBar } from '../../features/inbox/components/bulk-bar';
import { ConversationList } from '../../features/inbox/components/conversation-list';
import { FiltersBar } from '../../features/inbox/components/filters-bar';
import { ViewNav } from '../../features/inbox/components/view-nav';
import { useSelection } from '../../features/inbox/hooks/use-selection';
import { PresenceList } from '../../features/presence/components/presence-list';
import { ShortcutsDialog } from '../../features/shortcuts/components/shortcuts-dialog';
import { useShortcuts } from '../../features/shortcuts/hooks/use-shortcuts';
import { errorMessage } from '../../lib/api-client';
import { DEFAULT_QUEUE_FILTERS, viewQuery, type QueueFilters } from '../../lib/queue';
import { navigate } from '../../lib/router';
import { useMyTeamIds, useTeams, useUsers, useWorkspaceScope } from '../../lib/session';
import { paths } from '../paths';
import { ConversationPane, type ConversationPaneHandle } from './conversation-pane';


/** The three panes: queue views and list, the conversation, the customer. */
export function InboxRoute({ view, conversationId }: { view: QueueView; conversationId: string | null }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspaceId, me } = useWorkspaceScope();
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_QUEUE_FILTERS);
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const paneRef = useRef<ConversationPaneHandle>(null);

  const query = useMemo(() => viewQuery(view, filters), [view, filters]);
  const list = useConversations(workspaceId, query);
  const counts = useConversationCounts(workspaceId).data;
  const teams = useTeams(workspaceId).data ?? [];
  const users = useUsers(workspaceId).data;
  const incidents = useOpenCrises(workspaceId);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const ids = useMemo(() => items.map((c) => c.id), [items]);

  // Bulk actions on the checked rows; the selection starts over with each view or filter.
  const teamKey = useMyTeamIds(workspaceId, me.id).join(',');
  const viewer = useMemo(() => ({ userId: me.id, teamIds: teamKey ? teamKey.split(',') : [] }), [me.id, teamKey]);
  const selection = useSelection(ids);
  const bulk = useBulkUpdate(workspaceId, viewer);
  const clearSelection = selection.clear;
  useEffect(() => clearSelection(), [query, clearSelection]);
  const applyBulk = (action: BulkAction) => {
    const byId = new Map(items.map((c) => [c.id, c]));
    const selected = selection.selected.flatMap((id) => byId.get(id) ?? []);
    bulk.mutate(
      { selected, action },
      {
        onSuccess: (res) => {
          const done = t('bulk.done', { count: res.items.length });
          toast(res.notFound.length ? `${done} ${t('bulk.notFound', { count: res.notFound.length })}` : done);
        },
        onError: (err) => toast(errorMessage(err), 'error'),
      },
    );
  };

  const userNames = useMemo(() => new Map((users ?? []).map((u) => [u.id, u.name])), [users]);
  const assigneeName = useCallback((id: string | null) => (id ? (userNames.get(id) ?? '…') : null), [userNames]);
  const open = useCallback((id: string | null, toView: QueueView = view) => navigate(paths.inbox(workspaceId, toView, id)), [workspaceId, view]);

  const neighbour = (delta: number) => {
    if (!items.length) return null;
    const at = conversationId ? items.findIndex((c) => c.id === conversationId) : -1;
    return items[Math.min(Math.max(at + delta, 0), items.length - 1)] ?? null;
  };
  const move = (delta: number) => {
    const next = neighbour(delta);
    if (next) open(next.id);
  };
  // Resolving moves on to the next conversation, as agents work down the queue.
  const resolveAndNext = () => {
    const next = neighbour(1);
    if (!paneRef.current?.resolve()) return;
    if (next && next.id !== conversationId) open(next.id);
  };

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    x: () => conversationId && selection.toggle(conversationId),
    r: () => paneRef.current?.compose('reply'),
    n: () => paneRef.current?.compose('note'),
    e: resolveAndNext,
    a: () => paneRef.current?.assign(),
    '/': () => searchRef.current?.focus(),
    '?': () => setHelpOpen(true),
  });

  return (
    <>
      <CrisisBanner
        incidents={incidents}
        crisisCount={counts?.crisis ?? 0}
        onShowThreads={() => navigate(paths.inbox(workspaceId, 'crisis'))}
        onOpenConversation={(id) => open(id, 'crisis')}
      />
      <main className="inbox" id="main">
        <div className="pane pane--views">
          <ViewNav current={view} counts={counts} hrefFor={(v) => paths.inbox(workspaceId, v)} />
          <PresenceList workspaceId={workspaceId} meId={me.id} users={users ?? []} />
          <button type="button" className="btn btn--link small" onClick={() => setHelpOpen(true)}>
            {t('shortcuts.open')}
          </button>
        </div>
        <section className="pane pane--list" aria-label={t(`views.${view}`)}>
          <FiltersBar ref={searchRef} filters={filters} teams={teams} onChange={setFilters} />
          <BulkBar
            total={items.length}
            selected={selection.selected.length}
            allChecked={selection.allChecked}
            onToggleAll={selection.toggleAll}
            onClear={selection.clear}
            meId={me.id}
            users={users ?? []}
            teams={teams}
            onApply={applyBulk}
            busy={bulk.isPending}
          />
          <ConversationList
            items={items}
            selectedId={conversationId}
            onSelect={(id) => open(id)}
            assigneeName={assigneeName}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={() => void list.fetchNextPage()}
            isLoading={list.isLoading}
            error={list.isError ? errorMessage(list.error) : null}
            checked={selection.checked}
            onCheck={selection.toggle}
          />
        </section>
        {conversationId ? (
          <ConversationPane key={conversationId} ref={paneRef} conversationId={conversationId} onOpen={(id) => open(id)} />
        ) : (
          <section className="pane pane--empty">
            <p className="muted">{t('inbox.pickOne')}</p>
          </section>
        )}
      </main>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}

import {
  queryKeys,
  type BulkUpdateConversationsRequest,
  type Conversation,
  type ConversationDetail,
  type ConversationQuery,
  type UpdateConversationRequest,
} from '@babillard/contracts';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { matchesQuery, type Viewer } from '../../../lib/queue';
import { placeInPages, type ConversationPages } from '../../../lib/realtime-cache';

/** The API's answer to PATCH conversations (bulk). */
export interface BulkUpdateResponse {
  items: Conversation[];
  notFound: string[];
}

/** What the bulk bar asks for: a change of fields, or a label added to / removed from each conversation. */
export type BulkAction = { set: UpdateConversationRequest } | { addLabel: string } | { removeLabel: string };

/** The API takes at most this many ids per request. */
export const BULK_MAX_IDS = 500;

export const bulkUpdateConversations = (workspaceId: string, body: BulkUpdateConversationsRequest) =>
  api.patch<BulkUpdateResponse>(`/workspaces/${workspaceId}/conversations`, body);

const chunks = (ids: string[]) => Array.from({ length: Math.ceil(ids.length / BULK_MAX_IDS) }, (_, i) => ids.slice(i * BULK_MAX_IDS, (i + 1) * BULK_MAX_IDS));

/**
 * The requests one bulk action takes. The API sets the same labels on every id, so adding or
 * removing a label groups the conversations by the label list they end with (one request per
 * group); conversations the action leaves unchanged are skipped.
 */
export function planBulkRequests(selected: readonly Conversation[], action: BulkAction): BulkUpdateConversationsRequest[] {
  if ('set' in action) return chunks(selected.map((c) => c.id)).map((ids) => ({ ...action.set, ids }));
  const label = ('addLabel' in action ? action.addLabel : action.removeLabel).trim().toLowerCase();
  if (!label) return [];
  const groups = new Map<string, { labels: string[]; ids: string[] }>();
  for (const c of selected) {
    const has = c.labels.includes(label);
    if ('addLabel' in action ? has : !has) continue;
    const labels = 'addLabel' in action ? [...c.labels, label] : c.labels.filter((l) => l !== label);
    const key = JSON.stringify(labels);
    const group = groups.get(key) ?? { labels, ids: [] };
    group.ids.push(c.id);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((g) => chunks(g.ids).map((ids) => ({ labels: g.labels, ids })));
}

/** Puts the server's copies where they belong in every cached list and detail (the socket's events then agree). */
export function applyUpdatedConversations(qc: QueryClient, workspaceId: string, items: readonly Conversation[], viewer: Viewer): void {
  if (!items.length) return;
  for (const c of items) {
    qc.setQueryData<ConversationDetail>(queryKeys.conversation(workspaceId, c.id), (old) => (old ? { ...old, ...c, unreadCount: old.unreadCount } : old));
  }
  for (const [key, data] of qc.getQueriesData<ConversationPages>({ queryKey: [...queryKeys.conversations(workspaceId), 'list'] })) {
    if (!data) continue;
    const query = (key[4] ?? {}) as ConversationQuery;
    let next = data;
    let unsure = false;
    for (const c of items) {
      const belongs = matchesQuery(c, query, viewer);
      if (belongs === null) {
        unsure = true;
        next = { ...next, pages: next.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === c.id ? c : x)) })) };
      } else {
        next = placeInPages(next, c, belongs, query);
      }
    }
    qc.setQueryData(key, next);
    if (unsure) void qc.invalidateQueries({ queryKey: key, exact: true });
  }
}

/** Applies one bulk action to the selected conversations, then updates every list at once. */
export function useBulkUpdate(workspaceId: string, viewer: Viewer) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ selected, action }: { selected: readonly Conversation[]; action: BulkAction }) => {
      const requests = planBulkRequests(selected, action);
      const answers: BulkUpdateResponse[] = [];
      // One after another: the server locks the rows of each request; parallel requests would only wait on each other.
      for (const body of requests) answers.push(await bulkUpdateConversations(workspaceId, body));
      return { items: answers.flatMap((a) => a.items), notFound: answers.flatMap((a) => a.notFound) };
    },
    onSuccess: (res) => applyUpdatedConversations(qc, workspaceId, res.items, viewer),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.conversationCounts(workspaceId) }),
  });
}

import { QUEUE_VIEWS, type QueueView } from '@babillard/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { conversationQueryOptions } from '../features/conversation/api/get-conversation';
import { messagesQueryOptions } from '../features/conversation/api/get-messages';
import { openCrisesQueryOptions } from '../features/crisis/api/get-open-crises';
import { conversationsQueryOptions } from '../features/inbox/api/get-conversations';
import { conversationCountsQueryOptions } from '../features/inbox/api/get-counts';
import { authStore } from '../lib/auth-store';
import { DEFAULT_QUEUE_FILTERS, viewQuery } from '../lib/queue';
import { matchPath } from '../lib/router';
import { meQueryOptions, teamsQueryOptions, usersQueryOptions, workspaceQueryOptions } from '../lib/session';

/**
 * Starts every request the opening screen needs at boot, in parallel with /me, instead of one
 * round trip after another as components mount: the inbox is on screen a round trip sooner.
 */
export function prefetchFromUrl(qc: QueryClient, pathname: string): void {
  if (!authStore.get()) return;
  void qc.prefetchQuery(meQueryOptions());
  const m = matchPath('/w/:workspaceId/inbox/:view/:conversationId?', pathname);
  if (!m || !QUEUE_VIEWS.includes(m.view as QueueView)) return;
  const ws = m.workspaceId;
  void qc.prefetchInfiniteQuery(conversationsQueryOptions(ws, viewQuery(m.view as QueueView, DEFAULT_QUEUE_FILTERS)));
  void qc.prefetchQuery(conversationCountsQueryOptions(ws));
  void qc.prefetchQuery(workspaceQueryOptions(ws));
  void qc.prefetchQuery(teamsQueryOptions(ws));
  void qc.prefetchQuery(usersQueryOptions(ws));
  void qc.prefetchQuery(openCrisesQueryOptions(ws));
  if (m.conversationId) {
    void qc.prefetchQuery(conversationQueryOptions(ws, m.conversationId));
    void qc.prefetchInfiniteQuery(messagesQueryOptions(ws, m.conversationId));
  }
}

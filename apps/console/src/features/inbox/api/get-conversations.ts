import { queryKeys, type Conversation, type ConversationQuery, type Page } from '@babillard/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { env } from '../../../config/env';
import { api } from '../../../lib/api-client';

export const getConversations = (workspaceId: string, query: ConversationQuery, signal?: AbortSignal) =>
  api.get<Page<Conversation>>(`/workspaces/${workspaceId}/conversations`, { query: { ...query }, signal });

/** The list key holds the query without the cursor, so the realtime cache can tell which rows belong. */
export const conversationsQueryOptions = (workspaceId: string, query: ConversationQuery) =>
  infiniteQueryOptions({
    queryKey: queryKeys.conversationList(workspaceId, query),
    queryFn: ({ pageParam, signal }) => getConversations(workspaceId, { ...query, cursor: pageParam ?? undefined, limit: env.pageSize }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useConversations = (workspaceId: string, query: ConversationQuery) => useInfiniteQuery(conversationsQueryOptions(workspaceId, query));

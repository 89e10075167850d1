import { queryKeys, type Message, type Page } from '@babillard/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../../lib/api-client';

export const getMessages = (workspaceId: string, conversationId: string, cursor: string | null) =>
  api.get<Page<Message>>(`/workspaces/${workspaceId}/conversations/${conversationId}/messages`, { query: { cursor, limit: 50 } });

export const messagesQueryOptions = (workspaceId: string, conversationId: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.messages(workspaceId, conversationId),
    queryFn: ({ pageParam }) => getMessages(workspaceId, conversationId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

/** The thread, oldest first, whatever order the pages came in (realtime appends go to the first page). */
export function useMessages(workspaceId: string, conversationId: string | null) {
  const query = useInfiniteQuery({ ...messagesQueryOptions(workspaceId, conversationId ?? ''), enabled: conversationId !== null });
  const messages = useMemo(() => sortMessages(query.data?.pages.flatMap((p) => p.items) ?? []), [query.data]);
  return { ...query, messages };
}

export function sortMessages(items: Message[]): Message[] {
  const seen = new Set<string>();
  return items
    .filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

import { queryKeys, type ConversationDetail } from '@babillard/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { ConversationPages } from '../../../lib/realtime-cache';

export const markRead = (workspaceId: string, id: string) => api.post<void>(`/workspaces/${workspaceId}/conversations/${id}/read`);

/** Clears the unread badge locally first: reading must feel instant even if the request is slow. */
export function useMarkRead(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => markRead(workspaceId, id),
    onMutate: (id) => {
      qc.setQueryData<ConversationDetail>(queryKeys.conversation(workspaceId, id), (old) => (old ? { ...old, unreadCount: 0 } : old));
      qc.setQueriesData<ConversationPages>({ queryKey: [...queryKeys.conversations(workspaceId), 'list'] }, (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (c.id === id && c.unreadCount ? { ...c, unreadCount: 0 } : c)) })) } : data,
      );
    },
  });
}

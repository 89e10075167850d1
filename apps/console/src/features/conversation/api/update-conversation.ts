import { queryKeys, type Conversation, type ConversationDetail, type UpdateConversationRequest } from '@babillard/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { ConversationPages } from '../../../lib/realtime-cache';

export const updateConversation = (workspaceId: string, id: string, body: UpdateConversationRequest) =>
  api.patch<Conversation>(`/workspaces/${workspaceId}/conversations/${id}`, body);

/** Applies the change on screen at once; the server's answer (and its event) then settle every list. */
export function useUpdateConversation(workspaceId: string, id: string) {
  const qc = useQueryClient();
  const detailKey = queryKeys.conversation(workspaceId, id);
  return useMutation({
    mutationFn: (body: UpdateConversationRequest) => updateConversation(workspaceId, id, body),
    onMutate: async (body) => {
      await qc.cancelQueries({ queryKey: detailKey });
      const previous = qc.getQueryData<ConversationDetail>(detailKey);
      if (previous) qc.setQueryData<ConversationDetail>(detailKey, { ...previous, ...body } as ConversationDetail);
      return { previous };
    },
    onError: (_err, _body, ctx) => {
      if (ctx?.previous) qc.setQueryData(detailKey, ctx.previous);
    },
    onSuccess: (conversation) => {
      qc.setQueryData<ConversationDetail>(detailKey, (old) => (old ? { ...old, ...conversation, unreadCount: old.unreadCount } : old));
      qc.setQueriesData<ConversationPages>({ queryKey: [...queryKeys.conversations(workspaceId), 'list'] }, (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (c.id === id ? { ...conversation, unreadCount: c.unreadCount } : c)) })) } : data,
      );
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.conversationCounts(workspaceId) }),
  });
}

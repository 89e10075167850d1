import { queryKeys, type Message } from '@babillard/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { upsertMessageInPages, type MessagePages } from '../../../lib/realtime-cache';

export const approveMessage = (workspaceId: string, messageId: string) => api.post<Message>(`/workspaces/${workspaceId}/messages/${messageId}/approve`);

/** A lead releases a reply held on a crisis thread. */
export function useApproveMessage(workspaceId: string, conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (message: Message) => approveMessage(workspaceId, message.id),
    onSuccess: (message) =>
      qc.setQueryData<MessagePages>(queryKeys.messages(workspaceId, conversationId), (old) => (old ? upsertMessageInPages(old, message) : old)),
  });
}

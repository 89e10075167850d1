import { queryKeys, type Message } from '@babillard/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { upsertMessageInPages, type MessagePages } from '../../../lib/realtime-cache';

export const retryMessage = (workspaceId: string, messageId: string) =>
  api.post<Message>(`/workspaces/${workspaceId}/messages/${messageId}/retry`);

/** Retries a reply the platform refused; the message shows pending again until the next delivery event. */
export function useRetryMessage(workspaceId: string, conversationId: string) {
  const qc = useQueryClient();
  const key = queryKeys.messages(workspaceId, conversationId);
  return useMutation({
    mutationFn: (message: Message) => retryMessage(workspaceId, message.id),
    onMutate: (message) => {
      qc.setQueryData<MessagePages>(key, (old) => (old ? upsertMessageInPages(old, { ...message, deliveryStatus: 'pending', error: null }) : old));
    },
    onSuccess: (message) => qc.setQueryData<MessagePages>(key, (old) => (old ? upsertMessageInPages(old, message) : old)),
    onError: (err, message) =>
      qc.setQueryData<MessagePages>(key, (old) => (old ? upsertMessageInPages(old, { ...message, deliveryStatus: 'failed', error: err.message }) : old)),
  });
}

import { queryKeys, type Message, type NoteRequest, type ReplyRequest } from '@babillard/contracts';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiRequestError } from '../../../lib/api-client';
import { upsertMessageInPages, type MessagePages } from '../../../lib/realtime-cache';

export const sendReply = (workspaceId: string, conversationId: string, body: ReplyRequest) =>
  api.post<Message>(`/workspaces/${workspaceId}/conversations/${conversationId}/replies`, body);

export const sendNote = (workspaceId: string, conversationId: string, body: NoteRequest) =>
  api.post<Message>(`/workspaces/${workspaceId}/conversations/${conversationId}/notes`, body);

const LOCAL_PREFIX = 'local-';

export const isStaleThread = (err: unknown) => err instanceof ApiRequestError && err.status === 409;

/** A message shown before the server has it; its id carries the idempotency key so a retry is the same request. */
export const isLocalMessage = (m: Pick<Message, 'id'>) => m.id.startsWith(LOCAL_PREFIX);

export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export interface SendInput {
  mode: 'reply' | 'note';
  text: string;
  idempotencyKey: string;
  /** Soft lock: the newest message the agent saw; the server refuses (409) if the customer wrote since. */
  expectedLastMessageId?: string;
  /** Notes: colleagues picked from the @ menu (the server also resolves @names in the text). */
  mentionedUserIds?: string[];
}

function localMessage(conversationId: string, input: SendInput, author: { name: string; userId: string }): Message {
  return {
    id: `${LOCAL_PREFIX}${input.idempotencyKey}`,
    conversationId,
    direction: input.mode === 'note' ? 'note' : 'outbound',
    text: input.text,
    externalId: null,
    author: { name: author.name, handle: null, userId: author.userId },
    attachments: [],
    createdAt: new Date().toISOString(),
    deliveryStatus: input.mode === 'note' ? null : 'pending',
    error: null,
    editedAt: null,
    deletedAt: null,
  };
}

function patchMessages(qc: QueryClient, key: readonly unknown[], fn: (data: MessagePages) => MessagePages) {
  qc.setQueryData<MessagePages>(key, (old) => (old ? fn(old) : old));
}

const withoutMessage = (data: MessagePages, id: string): MessagePages => ({
  ...data,
  pages: data.pages.map((p) => ({ ...p, items: p.items.filter((m) => m.id !== id) })),
});

/**
 * Sends a reply or a note with optimistic display: the message appears at once as pending, is
 * swapped for the server's copy on 202/201, or turns failed with the server's reason (and can be retried
 * with the same idempotency key, so a double send is impossible).
 */
export function useSendMessage(workspaceId: string, conversationId: string, author: { name: string; userId: string }) {
  const qc = useQueryClient();
  const key = queryKeys.messages(workspaceId, conversationId);
  return useMutation({
    mutationFn: (input: SendInput) =>
      input.mode === 'note'
        ? sendNote(workspaceId, conversationId, { text: input.text, ...(input.mentionedUserIds?.length ? { mentionedUserIds: input.mentionedUserIds } : {}) })
        : sendReply(workspaceId, conversationId, {
            text: input.text,
            idempotencyKey: input.idempotencyKey,
            ...(input.expectedLastMessageId ? { expectedLastMessageId: input.expectedLastMessageId } : {}),
          }),
    onMutate: (input) => {
      const local = localMessage(conversationId, input, author);
      patchMessages(qc, key, (data) => upsertMessageInPages(data, local));
      return { localId: local.id, local };
    },
    onSuccess: (message, _input, ctx) => {
      // The socket may already have delivered this message (and a later state): keep the most advanced.
      patchMessages(qc, key, (data) => upsertMessageInPages(withoutMessage(data, ctx.localId), message));
    },
    onError: (err, _input, ctx) => {
      if (!ctx) return;
      // A stale thread under the soft lock: nothing was sent; the composer gives the text back for a look.
      if (isStaleThread(err)) patchMessages(qc, key, (data) => withoutMessage(data, ctx.localId));
      else patchMessages(qc, key, (data) => upsertMessageInPages(data, { ...ctx.local, deliveryStatus: 'failed', error: err.message }));
    },
  });
}

/** Input to send again for a failed local message (same idempotency key). */
export function resendInput(m: Message): SendInput {
  return { mode: m.direction === 'note' ? 'note' : 'reply', text: m.text, idempotencyKey: m.id.slice(LOCAL_PREFIX.length) };
}

import type { Message } from '@babillard/contracts';
import type { MessageEntity } from './message.entity';

/** A message as the thread repository loads it: a reply held for a lead's approval (crisis thread) says so. */
export type MessageRecord = MessageEntity & { awaitingApproval?: boolean };

/** Entity → the public `Message` shape (api-contract.md). Entities never leave the API as they are. */
export function toMessage(m: MessageRecord): Message {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    text: m.deletedAt ? '' : m.text,
    externalId: m.externalId,
    author: { name: m.authorName, handle: m.authorHandle, userId: m.authorUserId },
    attachments: m.attachments ?? [],
    createdAt: m.createdAt.toISOString(),
    deliveryStatus: m.deliveryStatus,
    error: m.error,
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
    ...(m.awaitingApproval ? { awaitingApproval: true } : {}),
  };
}

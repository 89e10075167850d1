import { PRIORITIES, type ConversationKind, type ConversationStatus, type MessageDirection, type Platform, type Priority } from '@babillard/contracts';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ContactIdentityEntity } from '../modules/contacts/contact-identity.entity';
import { ContactEntity } from '../modules/contacts/contact.entity';
import { ConversationEntity } from '../modules/conversations/conversation.entity';
import { MessageEntity } from '../modules/conversations/message.entity';

export interface SeedMessage {
  text: string;
  direction?: MessageDirection;
  /** Minutes before now. */
  minutesAgo: number;
}

/** A conversation with its contact, identity and messages, its summary columns set as ingestion would. */
export async function seedConversation(
  ds: DataSource,
  opts: {
    workspaceId: string;
    channelId: string;
    platform?: Platform;
    kind?: ConversationKind;
    status?: ConversationStatus;
    priority?: Priority;
    teamId?: string | null;
    assigneeId?: string | null;
    labels?: string[];
    crisisId?: string | null;
    contactId?: string;
    contactName?: string;
    postId?: string | null;
    messages?: SeedMessage[];
  },
) {
  const platform = opts.platform ?? 'facebook';
  const contactId =
    opts.contactId ??
    (await ds.getRepository(ContactEntity).save({ workspaceId: opts.workspaceId, name: opts.contactName ?? 'Client Test' })).id;
  const identity = await ds.getRepository(ContactIdentityEntity).findOneBy({ contactId, platform });
  const author =
    identity ??
    (await ds.getRepository(ContactIdentityEntity).save({
      workspaceId: opts.workspaceId,
      contactId,
      platform,
      externalId: `ext-${randomBytes(4).toString('hex')}`,
      handle: `handle_${randomBytes(2).toString('hex')}`,
      displayName: opts.contactName ?? 'Client Test',
      followersCount: 120,
    }));
  const messages = (opts.messages ?? [{ text: 'Bonjour', minutesAgo: 5 }]).map((m) => ({
    ...m,
    direction: m.direction ?? 'inbound',
    at: new Date(Date.now() - m.minutesAgo * 60_000),
  }));
  const sorted = [...messages].sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = sorted[sorted.length - 1];
  const lastInbound = [...sorted].reverse().find((m) => m.direction === 'inbound');
  const lastOutbound = [...sorted].reverse().find((m) => m.direction === 'outbound');
  const firstUnanswered = sorted.find((m) => m.direction === 'inbound' && (!lastOutbound || m.at > lastOutbound.at));
  const priority = opts.priority ?? 'normal';
  const conversation = await ds.getRepository(ConversationEntity).save({
    workspaceId: opts.workspaceId,
    channelId: opts.channelId,
    platform,
    kind: opts.kind ?? 'dm',
    threadKey: `thread-${randomBytes(6).toString('hex')}`,
    contactId,
    postId: opts.postId ?? null,
    status: opts.status ?? 'open',
    priority,
    priorityRank: PRIORITIES.indexOf(priority),
    teamId: opts.teamId ?? null,
    assigneeId: opts.assigneeId ?? null,
    labels: opts.labels ?? [],
    crisisId: opts.crisisId ?? null,
    lastInboundAt: lastInbound?.at ?? null,
    lastOutboundAt: lastOutbound?.at ?? null,
    lastActivityAt: last.at,
    waitingSince: firstUnanswered?.at ?? null,
    lastMessageText: last.text,
    lastMessageDirection: last.direction,
    lastMessageAt: last.at,
  });
  const saved = await ds.getRepository(MessageEntity).save(
    sorted.map((m) => ({
      workspaceId: opts.workspaceId,
      conversationId: conversation.id,
      channelId: opts.channelId,
      direction: m.direction,
      externalId: `m-${randomBytes(6).toString('hex')}`,
      authorIdentityId: m.direction === 'inbound' ? author.id : null,
      authorName: m.direction === 'inbound' ? author.displayName : 'Agent',
      text: m.text,
      createdAt: m.at,
    })),
  );
  return { conversation, contactId, identity: author, messages: saved };
}

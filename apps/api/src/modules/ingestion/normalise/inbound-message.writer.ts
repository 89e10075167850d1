import type { InboundMessageEvent } from '@babillard/connectors';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChannelEntity } from '../../channels/channel.entity';
import { ContactIdentityEntity } from '../../contacts/contact-identity.entity';
import { ContactsService, identityKey, type KnownIdentity, type UpsertedIdentity } from '../../contacts/contacts.service';
import { MessageEntity } from '../../conversations/message.entity';
import { InboundRouter } from '../../routing/inbound-router';
import { applyInboundMessages } from './inbound-conversation-update';
import type { NormaliseOutcome } from './normalise-outcome';
import { returning } from './sql';

interface ConversationRef {
  id: string;
  created: boolean;
}

/** What one batch knows before writing its messages, so each message costs fewer round trips. */
export interface MessageBatchContext {
  /** channelId|externalId of messages already stored (or stored earlier in this batch). */
  stored: Set<string>;
  /** channelId|externalId → conversation id, for parents looked up or written in this batch. */
  conversationOf: Map<string, string>;
  identities: Map<string, UpsertedIdentity>;
  /** threadKeyOf(channel, kind, thread key) → the thread's conversation, for threads that existed when the rows were read. */
  threads: Map<string, KnownThread>;
}

/** A thread's conversation as the intake read it with a row. */
export interface KnownThread {
  id: string;
  postId: string | null;
}

export const threadKeyOf = (channelId: string, kind: string, key: string) => `${channelId}|${kind}|${key}`;

/** A message already stored, found by its external id (with the channel's): dedupe and threading. */
export interface StoredMessage {
  externalId: string;
  conversationId: string;
}

export const messageKey = (channelId: string, externalId: string) => `${channelId}|${externalId}`;

/** A new message as the intake claimed it, with what the claim read beside it. */
export interface ClaimedMessage {
  channel: ChannelEntity;
  e: InboundMessageEvent;
  stored: StoredMessage[];
  thread: KnownThread | null;
  author: KnownIdentity | null;
}

/**
 * A customer's new comment, DM or mention: contact and identity, post, conversation (thread),
 * message, reopening, routing — all inside the caller's transaction. Dedupe rests on the unique
 * (channel_id, external_id) index, so a replayed event stores nothing and reports nothing.
 */
@Injectable()
export class InboundMessageWriter {
  constructor(
    private readonly contacts: ContactsService,
    private readonly router: InboundRouter,
  ) {}

  /**
   * The batch's context from which of its messages (and their parents) are stored already, which
   * threads exist and which authors are known, as the intake read them with the rows, then the new
   * messages' authors upserted (the known ones whose payload changes nothing are taken as they are).
   */
  async prepare(tx: EntityManager, items: ClaimedMessage[]): Promise<MessageBatchContext> {
    const ctx: MessageBatchContext = { stored: new Set(), conversationOf: new Map(), identities: new Map(), threads: new Map() };
    if (!items.length) return ctx;
    for (const { channel, e, stored, thread } of items) {
      if (thread) ctx.threads.set(threadKeyOf(channel.id, e.kind, e.threadKey), thread);
      for (const m of stored) {
        ctx.stored.add(messageKey(channel.id, m.externalId));
        ctx.conversationOf.set(messageKey(channel.id, m.externalId), m.conversationId);
      }
    }
    const fresh = items.filter(({ channel, e }) => !ctx.stored.has(messageKey(channel.id, e.externalId)));
    const known = new Map<string, KnownIdentity>();
    for (const { channel, e, author } of fresh) if (author) known.set(identityKey(channel.workspaceId, channel.platform, e.author.externalId), author);
    ctx.identities = await this.contacts.upsertIdentities(
      tx,
      fresh.map(({ channel, e }) => ({ workspaceId: channel.workspaceId, platform: channel.platform, ...e.author })),
      known,
    );
    return ctx;
  }

  async write(tx: EntityManager, channel: ChannelEntity, e: InboundMessageEvent, ctx: MessageBatchContext, out: NormaliseOutcome): Promise<void> {
    const key = messageKey(channel.id, e.externalId);
    if (ctx.stored.has(key)) return;

    const author =
      ctx.identities.get(identityKey(channel.workspaceId, channel.platform, e.author.externalId)) ??
      (await this.contacts.upsertIdentity(tx, channel.workspaceId, channel.platform, e.author));
    const postId = e.post ? await this.upsertPost(tx, channel, e.post) : null;
    const parentConversation = e.parentExternalId ? ctx.conversationOf.get(messageKey(channel.id, e.parentExternalId)) : undefined;
    const conversation: ConversationRef = parentConversation
      ? { id: parentConversation, created: false }
      : await this.upsertConversation(tx, channel, e, author.contactId, postId);

    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, parent_external_id,
         author_identity_id, author_name, author_handle, text, attachments, created_at)
       VALUES ($1, $2, $3, 'inbound', $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
       ON CONFLICT (channel_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        channel.workspaceId,
        conversation.id,
        channel.id,
        e.externalId,
        e.parentExternalId ?? null,
        author.identityId,
        e.author.name ?? null,
        e.author.handle ?? null,
        e.text,
        JSON.stringify(e.attachments ?? []),
        e.occurredAt,
      ],
    );
    ctx.stored.add(key);
    if (!inserted.length) return;
    ctx.conversationOf.set(key, conversation.id);
    const messageId = inserted[0].id;

    const { entity: updated, reopened } = (await applyInboundMessages(tx, [{ workspaceId: channel.workspaceId, conversationId: conversation.id, e }])).get(conversation.id)!;
    const changes = reopened ? ['status', 'lastMessage'] : ['lastMessage'];
    if (e.kind !== 'dm') await this.adoptWaitingReplies(tx, channel, conversation.id, e.externalId, ctx, out);

    const routed = await this.router.routeInbound(tx, {
      channel,
      conversation: updated,
      message: routingMessage(tx, { channel, e, conversationId: conversation.id, messageId, identityId: author.identityId }),
      author: routingAuthor(tx, { channel, e, identityId: author.identityId, contactId: author.contactId }),
      isNewConversation: conversation.created,
      contactVip: author.vip,
    });

    if (conversation.created) out.conversationCreated(channel.workspaceId, conversation.id);
    else out.conversationUpdated(channel.workspaceId, conversation.id, [...changes, ...routed.changes]);
    out.messageCreated(channel.workspaceId, conversation.id, messageId);
    out.routed(channel.workspaceId, conversation.id, routed);
  }

  private async upsertPost(tx: EntityManager, channel: ChannelEntity, post: NonNullable<InboundMessageEvent['post']>): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO post AS p (workspace_id, channel_id, external_id, text, permalink) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (channel_id, external_id) DO UPDATE SET
         text = COALESCE(EXCLUDED.text, p.text), permalink = COALESCE(EXCLUDED.permalink, p.permalink)
       RETURNING id`,
      [channel.workspaceId, channel.id, post.externalId, post.text ?? null, post.permalink ?? null],
    );
    return rows[0].id;
  }

  private async upsertConversation(
    tx: EntityManager,
    channel: ChannelEntity,
    e: InboundMessageEvent,
    contactId: string,
    postId: string | null,
  ): Promise<ConversationRef> {
    const rows: { id: string; created: boolean }[] = await tx.query(
      `INSERT INTO conversation AS c (workspace_id, channel_id, platform, kind, thread_key, contact_id, post_id, last_activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (channel_id, kind, thread_key) DO UPDATE SET post_id = COALESCE(c.post_id, EXCLUDED.post_id)
       RETURNING id, (xmax = 0) AS created`,
      [channel.workspaceId, channel.id, channel.platform, e.kind, e.threadKey, contactId, postId, e.occurredAt],
    );
    if (rows[0].created) {
      await tx.query(
        `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data) VALUES ($1, $2, 'created', 'customer', $3::jsonb)`,
        [channel.workspaceId, rows[0].id, JSON.stringify({ kind: e.kind, platform: channel.platform, externalId: e.externalId })],
      );
    }
    return rows[0];
  }

  /**
   * Out-of-order replies: a reply stored before its parent started a thread of its own (keyed by
   * its own id). Now that the parent is here, that thread joins the parent's.
   */
  private async adoptWaitingReplies(
    tx: EntityManager,
    channel: ChannelEntity,
    conversationId: string,
    externalId: string,
    ctx: MessageBatchContext,
    out: NormaliseOutcome,
  ): Promise<void> {
    const orphans: { conversation_id: string }[] = await tx.query(
      `SELECT DISTINCT m.conversation_id FROM message m JOIN conversation c ON c.id = m.conversation_id
       WHERE m.channel_id = $1 AND m.parent_external_id = $2 AND m.conversation_id <> $3 AND c.thread_key = m.external_id`,
      [channel.id, externalId, conversationId],
    );
    for (const { conversation_id: orphanId } of orphans) {
      const moved = await returning<{ external_id: string | null }>(
        tx,
        `UPDATE message SET conversation_id = $1 WHERE conversation_id = $2 RETURNING external_id`,
        [conversationId, orphanId],
      );
      for (const m of moved) if (m.external_id) ctx.conversationOf.set(messageKey(channel.id, m.external_id), conversationId);
      await tx.query(
        `UPDATE conversation c SET
           last_inbound_at = GREATEST(c.last_inbound_at, o.last_inbound_at),
           last_activity_at = GREATEST(c.last_activity_at, o.last_activity_at),
           waiting_since = LEAST(c.waiting_since, o.waiting_since),
           last_message_text = CASE WHEN o.last_message_at > c.last_message_at THEN o.last_message_text ELSE c.last_message_text END,
           last_message_direction = CASE WHEN o.last_message_at > c.last_message_at THEN o.last_message_direction ELSE c.last_message_direction END,
           last_message_at = GREATEST(c.last_message_at, o.last_message_at)
         FROM conversation o WHERE c.id = $1 AND o.id = $2`,
        [conversationId, orphanId],
      );
      await tx.query(
        `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data) VALUES ($1, $2, 'thread.merged', 'system', $3::jsonb)`,
        [channel.workspaceId, conversationId, JSON.stringify({ mergedConversationId: orphanId, parentExternalId: externalId })],
      );
      await tx.query(`DELETE FROM conversation WHERE id = $1`, [orphanId]);
      for (const [key, thread] of ctx.threads) if (thread.id === orphanId) ctx.threads.delete(key);
      out.conversationsCreated.delete(orphanId);
      out.conversationUpdated(channel.workspaceId, orphanId, ['merged']);
      out.conversationUpdated(channel.workspaceId, conversationId, ['merged']);
    }
  }
}

/** The stored inbound message as routing reads it (no second read: it was just written). */
export function routingMessage(
  tx: EntityManager,
  m: { channel: ChannelEntity; e: InboundMessageEvent; conversationId: string; messageId: string; identityId: string },
): MessageEntity {
  return tx.getRepository(MessageEntity).create({
    id: m.messageId,
    workspaceId: m.channel.workspaceId,
    conversationId: m.conversationId,
    channelId: m.channel.id,
    direction: 'inbound',
    externalId: m.e.externalId,
    parentExternalId: m.e.parentExternalId ?? null,
    authorIdentityId: m.identityId,
    authorName: m.e.author.name ?? null,
    authorHandle: m.e.author.handle ?? null,
    text: m.e.text,
    attachments: m.e.attachments ?? [],
    createdAt: m.e.occurredAt,
  });
}

/** The message's author as this event describes them. */
export function routingAuthor(
  tx: EntityManager,
  a: { channel: ChannelEntity; e: InboundMessageEvent; identityId: string; contactId: string },
): ContactIdentityEntity {
  return tx.getRepository(ContactIdentityEntity).create({
    id: a.identityId,
    workspaceId: a.channel.workspaceId,
    contactId: a.contactId,
    platform: a.channel.platform,
    externalId: a.e.author.externalId,
    handle: a.e.author.handle ?? null,
    displayName: a.e.author.name ?? null,
    followersCount: a.e.author.followers ?? null,
    verified: a.e.author.verified ?? false,
  });
}

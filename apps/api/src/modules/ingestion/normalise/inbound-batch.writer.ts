import type { InboundMessageEvent } from '@babillard/connectors';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChannelEntity } from '../../channels/channel.entity';
import { identityKey } from '../../contacts/contacts.service';
import { ConversationEntity } from '../../conversations/conversation.entity';
import { MessageEntity } from '../../conversations/message.entity';
import { InboundRouter } from '../../routing/inbound-router';
import { afterInbound, INBOUND_CONVERSATION_UPDATE, inboundUpdateInput, type InboundOnConversation } from './inbound-conversation-update';
import { InboundMessageWriter, messageKey, routingAuthor, routingMessage, threadKeyOf, type MessageBatchContext } from './inbound-message.writer';
import type { NormaliseOutcome } from './normalise-outcome';
import { inKeyOrder } from '../../../database/lock-order';
import { PreparedStatement } from '../../../database/prepared-statement';
import { toEntity } from './sql';

export interface MessageItem {
  channel: ChannelEntity;
  e: InboundMessageEvent;
}

interface Planned extends MessageItem {
  /** Thread the message joins: a conversation id known before the batch, or a thread key resolved below. */
  conversation: { id: string } | { key: string };
  contactId: string;
  identityId: string;
  contactVip: boolean | undefined;
  postKey: string | null;
}

const postKeyOf = (channelId: string, externalId: string) => `${channelId}|${externalId}`;

/**
 * New messages of a run, written set-wise: a handful of statements for the whole run (posts,
 * threads, messages, the conversations' inbound state), then routing per message. Messages of one
 * conversation are applied in waves (the k-th message of every conversation together), so each
 * message still sees its conversation as the previous one left it, routing included.
 *
 * Runs this plan cannot express exactly (a reply that arrives before its parent in the same run, a
 * parent whose early replies wait in threads of their own) go through InboundMessageWriter, one
 * message at a time, as before.
 */
@Injectable()
export class InboundBatchWriter {
  constructor(
    private readonly single: InboundMessageWriter,
    private readonly router: InboundRouter,
  ) {}

  async writeRun(tx: EntityManager, items: MessageItem[], ctx: MessageBatchContext, out: NormaliseOutcome): Promise<void> {
    const planned = await this.plan(tx, items, ctx);
    if (!planned) {
      for (const { channel, e } of items) await this.single.write(tx, channel, e, ctx, out);
      return;
    }
    if (!planned.length) return;
    const posts = await this.upsertPosts(tx, planned);
    const conversations = await this.resolveThreads(tx, planned, posts, ctx);
    const created = new Set(conversations.created);

    // Waves: the k-th new message of every conversation.
    const queues = new Map<string, Planned[]>();
    for (const p of planned) {
      const id = conversationIdOf(p, conversations.ids);
      queues.set(id, [...(queues.get(id) ?? []), p]);
    }
    for (let k = 0; ; k++) {
      const wave = [...queues].flatMap(([id, list]) => (list[k] ? [{ conversationId: id, item: list[k] }] : []));
      if (!wave.length) break;
      await this.writeWave(tx, wave, created, ctx, out);
    }
  }

  /** Which thread each new message joins; null when the run must go message by message. */
  private async plan(tx: EntityManager, items: MessageItem[], ctx: MessageBatchContext): Promise<Planned[] | null> {
    const fresh: MessageItem[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const key = messageKey(item.channel.id, item.e.externalId);
      if (ctx.stored.has(key) || seen.has(key)) continue;
      seen.add(key);
      fresh.push(item);
    }
    const position = new Map(fresh.map((it, i) => [messageKey(it.channel.id, it.e.externalId), i]));
    const planned: Planned[] = [];
    for (const [i, { channel, e }] of fresh.entries()) {
      const author = ctx.identities.get(identityKey(channel.workspaceId, channel.platform, e.author.externalId));
      if (!author) return null;
      let conversation: Planned['conversation'] = { key: threadKeyOf(channel.id, e.kind, e.threadKey) };
      if (e.parentExternalId) {
        const parentKey = messageKey(channel.id, e.parentExternalId);
        const known = ctx.conversationOf.get(parentKey);
        const parentAt = position.get(parentKey);
        if (known) conversation = { id: known };
        else if (parentAt !== undefined && parentAt > i) return null; // reply before its parent, same run
        else if (parentAt !== undefined) conversation = planned[parentAt].conversation;
      }
      planned.push({
        channel,
        e,
        conversation,
        contactId: author.contactId,
        identityId: author.identityId,
        contactVip: author.vip,
        postKey: e.post ? postKeyOf(channel.id, e.post.externalId) : null,
      });
    }
    if (await this.hasWaitingReplies(tx, planned)) return null;
    return planned;
  }

  /** Replies stored before these parents, in temporary threads of their own (X mentions, comments). */
  private async hasWaitingReplies(tx: EntityManager, planned: Planned[]): Promise<boolean> {
    const parents = planned.filter((p) => p.e.kind !== 'dm').map((p) => ({ c: p.channel.id, x: p.e.externalId }));
    if (!parents.length) return false;
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS k(c uuid, x text)
       JOIN message m ON m.channel_id = k.c AND m.parent_external_id = k.x
       JOIN conversation c ON c.id = m.conversation_id AND c.thread_key = m.external_id
       LIMIT 1`,
      [JSON.stringify(parents)],
    );
    return rows.length > 0;
  }

  /** One statement for the run's posts; a later payload's text or permalink wins, as one by one. */
  private async upsertPosts(tx: EntityManager, planned: Planned[]): Promise<Map<string, string>> {
    const byKey = new Map<string, { ws: string; c: string; x: string; text: string | null; link: string | null }>();
    for (const { channel, e, postKey } of planned) {
      if (!postKey || !e.post) continue;
      const prev = byKey.get(postKey);
      byKey.set(postKey, {
        ws: channel.workspaceId,
        c: channel.id,
        x: e.post.externalId,
        text: e.post.text ?? prev?.text ?? null,
        link: e.post.permalink ?? prev?.link ?? null,
      });
    }
    if (!byKey.size) return new Map();
    const rows: { id: string; channel_id: string; external_id: string }[] = await tx.query(
      `INSERT INTO post AS p (workspace_id, channel_id, external_id, text, permalink)
       SELECT ws, c, x, text, link FROM jsonb_to_recordset($1::jsonb) AS r(ws uuid, c uuid, x text, text text, link text)
       ON CONFLICT (channel_id, external_id) DO UPDATE SET
         text = COALESCE(EXCLUDED.text, p.text), permalink = COALESCE(EXCLUDED.permalink, p.permalink)
       RETURNING id, channel_id, external_id`,
      [JSON.stringify([...byKey.values()].sort(inKeyOrder((r) => `${r.c}|${r.x}`)))],
    );
    return new Map(rows.map((r) => [postKeyOf(r.channel_id, r.external_id), r.id]));
  }

  /**
   * Thread keys → conversation ids: threads that existed when the intake read the rows are known;
   * the others are created in one statement (their first message gives contact, post and time) with
   * their 'created' timeline event. One created meanwhile by another batch is read, not created twice.
   *
   * Existing threads are never locked here, only read: the batch's first lock on a conversation is
   * taken by its wave, in id order. (Locking them here, in thread-key order, let two batches that
   * both met a new thread deadlock on each other.)
   */
  private async resolveThreads(
    tx: EntityManager,
    planned: Planned[],
    posts: Map<string, string>,
    ctx: MessageBatchContext,
  ): Promise<{ ids: Map<string, string>; created: string[] }> {
    const firstOf = new Map<string, Planned>();
    const postOf = new Map<string, string>();
    for (const p of planned) {
      if (!('key' in p.conversation)) continue;
      if (!firstOf.has(p.conversation.key)) firstOf.set(p.conversation.key, p);
      const post = p.postKey ? posts.get(p.postKey) : undefined;
      if (post && !postOf.has(p.conversation.key)) postOf.set(p.conversation.key, post);
    }
    const ids = new Map<string, string>();
    for (const key of firstOf.keys()) {
      const known = ctx.threads.get(key);
      if (known) ids.set(key, known.id);
    }
    const missing = [...firstOf]
      .filter(([key]) => !ids.has(key))
      .map(([key, p]) => ({
        ws: p.channel.workspaceId,
        ch: p.channel.id,
        platform: p.channel.platform,
        kind: p.e.kind,
        tk: p.e.threadKey,
        contact: p.contactId,
        post: postOf.get(key) ?? null,
        at: p.e.occurredAt,
      }))
      .sort(inKeyOrder((r) => `${r.ch}|${r.kind}|${r.tk}`));
    type ThreadRow = { id: string; channel_id: string; kind: string; thread_key: string; post_id: string | null };
    const rows: ThreadRow[] = !missing.length
      ? []
      : await tx.query(
          `INSERT INTO conversation AS c (workspace_id, channel_id, platform, kind, thread_key, contact_id, post_id, last_activity_at)
           SELECT ws, ch, platform, kind, tk, contact, post, at
           FROM jsonb_to_recordset($1::jsonb) AS r(ws uuid, ch uuid, platform text, kind text, tk text, contact uuid, post uuid, at timestamptz)
           ON CONFLICT (channel_id, kind, thread_key) DO NOTHING
           RETURNING id, channel_id, kind, thread_key, post_id`,
          [JSON.stringify(missing)],
        );
    const createdIds = new Set(rows.map((r) => r.id));
    const inserted = new Set(rows.map((r) => threadKeyOf(r.channel_id, r.kind, r.thread_key)));
    const raced = missing.filter((m) => !inserted.has(threadKeyOf(m.ch, m.kind, m.tk)));
    if (raced.length) {
      // Created by another batch since the intake read the rows: committed (the INSERT waited for it),
      // so this statement, with a snapshot of its own, sees them.
      rows.push(
        ...((await tx.query(
          `SELECT c.id, c.channel_id, c.kind, c.thread_key, c.post_id
           FROM jsonb_to_recordset($1::jsonb) AS r(ch uuid, kind text, tk text)
           JOIN conversation c ON c.channel_id = r.ch AND c.kind = r.kind AND c.thread_key = r.tk`,
          [JSON.stringify(raced.map(({ ch, kind, tk }) => ({ ch, kind, tk })))],
        )) as ThreadRow[]),
      );
    }
    for (const r of rows) {
      const key = threadKeyOf(r.channel_id, r.kind, r.thread_key);
      ids.set(key, r.id);
      ctx.threads.set(key, { id: r.id, postId: r.post_id }); // for the batch's later runs
    }
    await this.learnPosts(tx, firstOf, postOf, ctx);
    const created = [...firstOf]
      .filter(([key]) => createdIds.has(ids.get(key)!))
      .map(([key, first]) => ({
        ws: first.channel.workspaceId,
        id: ids.get(key)!,
        data: { kind: first.e.kind, platform: first.channel.platform, externalId: first.e.externalId },
      }));
    if (created.length) {
      await tx.query(
        `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data)
         SELECT ws, id, 'created', 'customer', data FROM jsonb_to_recordset($1::jsonb) AS r(ws uuid, id uuid, data jsonb)`,
        [JSON.stringify(created)],
      );
    }
    return { ids, created: created.map((c) => c.id) };
  }

  /** Threads that had no post yet and learn it from this run (a comment's thread first met without one), in id order. */
  private async learnPosts(tx: EntityManager, firstOf: Map<string, Planned>, postOf: Map<string, string>, ctx: MessageBatchContext): Promise<void> {
    const learning = [...firstOf.keys()].flatMap((key) => {
      const thread = ctx.threads.get(key);
      const post = postOf.get(key);
      return thread && !thread.postId && post ? [{ key, id: thread.id, post }] : [];
    });
    if (!learning.length) return;
    const rows: { id: string; post_id: string }[] = await tx.query(
      `UPDATE conversation c SET post_id = COALESCE(c.post_id, r.post)
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, post uuid)
       WHERE c.id = r.id
       RETURNING c.id, c.post_id`,
      [JSON.stringify(learning.map(({ id, post }) => ({ id, post })).sort(inKeyOrder((r) => r.id)))],
    );
    const postOfThread = new Map(rows.map((r) => [r.id, r.post_id]));
    for (const { key, id } of learning) ctx.threads.set(key, { id, postId: postOfThread.get(id) ?? null });
  }

  /** At most one message per conversation: insert them, move their conversations forward, route each. */
  private async writeWave(
    tx: EntityManager,
    wave: { conversationId: string; item: Planned }[],
    created: Set<string>,
    ctx: MessageBatchContext,
    out: NormaliseOutcome,
  ): Promise<void> {
    const onConversations = wave.map(({ conversationId, item }) => ({ workspaceId: item.channel.workspaceId, conversationId, e: item.e }));
    const { inserted, updated } = await insertWave(tx, wave, onConversations);
    const rowOf = new Map(inserted.map((r) => [messageKey(r.channel_id, r.external_id), r]));
    // Stored meanwhile by another process: nothing more to do for those (their conversations were left alone), as one by one.
    const written: { conversationId: string; item: Planned; row: InsertedMessage }[] = [];
    for (const { conversationId, item } of wave) {
      const key = messageKey(item.channel.id, item.e.externalId);
      const row = rowOf.get(key);
      ctx.stored.add(key);
      if (!row) continue;
      ctx.conversationOf.set(key, conversationId);
      written.push({ conversationId, item, row });
    }
    if (!written.length) return;
    const state = await afterInbound(tx, onConversations, updated);
    const isNew = written.map(({ conversationId }) => created.delete(conversationId));
    const routed = await this.router.routeInboundMany(
      tx,
      written.map(({ conversationId, item, row }, i) => ({
        channel: item.channel,
        conversation: state.get(conversationId)!.entity,
        message: routingMessage(tx, { channel: item.channel, e: item.e, conversationId, messageId: row.id, identityId: item.identityId }),
        author: routingAuthor(tx, { channel: item.channel, e: item.e, identityId: item.identityId, contactId: item.contactId }),
        isNewConversation: isNew[i],
        contactVip: item.contactVip,
      })),
    );
    for (const [i, { conversationId, item, row }] of written.entries()) {
      const workspaceId = item.channel.workspaceId;
      if (isNew[i]) out.conversationCreated(workspaceId, conversationId);
      else out.conversationUpdated(workspaceId, conversationId, [...(state.get(conversationId)!.reopened ? ['status'] : []), 'lastMessage', ...routed[i].changes]);
      out.messageCreated(workspaceId, conversationId, row.id, toEntity(tx, MessageEntity, row));
      out.routed(workspaceId, conversationId, routed[i]);
    }
  }
}

function conversationIdOf(p: Planned, ids: Map<string, string>): string {
  return 'id' in p.conversation ? p.conversation.id : ids.get(p.conversation.key)!;
}

type Row = Record<string, unknown>;
type InsertedMessage = Row & { id: string; channel_id: string; external_id: string };
type UpdatedConversation = Row & { id: string; prev_status: string };

/**
 * One statement for a wave: its messages inserted (a message stored meanwhile by another process is
 * skipped, by the unique index) and, for each message inserted, its conversation moved forward.
 * Both come back whole, each column under a prefix (the two tables share column names): the
 * message, so the realtime layer pushes it without reading it again; the conversation, for routing.
 * The conversations are locked in id order before they are updated, whatever the plan: two batches
 * moving the same conversations forward cannot deadlock. (NO KEY UPDATE, the lock an UPDATE of them
 * takes, leaves the messages' foreign-key checks free.) A prepared statement: its plan does not depend
 * on its values.
 */
async function insertWave(
  tx: EntityManager,
  wave: { conversationId: string; item: Planned }[],
  onConversations: InboundOnConversation[],
): Promise<{ inserted: InsertedMessage[]; updated: UpdatedConversation[] }> {
  const rows = await waveStatement(tx).run(tx, [
    JSON.stringify(
      wave
        .map(({ conversationId, item: { channel, e, identityId } }) => ({
          ws: channel.workspaceId,
          conv: conversationId,
          ch: channel.id,
          x: e.externalId,
          parent: e.parentExternalId ?? null,
          author: identityId,
          name: e.author.name ?? null,
          handle: e.author.handle ?? null,
          text: e.text,
          attachments: e.attachments ?? [],
          at: e.occurredAt,
        }))
        .sort(inKeyOrder((r) => `${r.ch}|${r.x}`)),
    ),
    inboundUpdateInput(onConversations),
  ]);
  const inserted: InsertedMessage[] = [];
  const updated: UpdatedConversation[] = [];
  for (const row of rows) {
    inserted.push(unprefixed(row, 'm.') as InsertedMessage);
    const c = unprefixed(row, 'c.');
    if (c.id) updated.push(c as UpdatedConversation);
  }
  return { inserted, updated };
}

let waveSql: PreparedStatement<Row> | null = null;

/**
 * insertWave's statement. It returns the message's and the conversation's stored columns (not the
 * generated search vector), read from TypeORM's metadata, so it is built on first use.
 */
function waveStatement(tx: EntityManager): PreparedStatement<Row> {
  if (waveSql) return waveSql;
  const message = tx.connection.getMetadata(MessageEntity).columns.map((c) => c.databaseName);
  const conversation = tx.connection.getMetadata(ConversationEntity).columns.map((c) => c.databaseName);
  waveSql = new PreparedStatement<Row>(
    `WITH ins AS (
       INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, parent_external_id,
         author_identity_id, author_name, author_handle, text, attachments, created_at)
       SELECT ws, conv, ch, 'inbound', x, parent, author, name, handle, text, attachments, at
       FROM jsonb_to_recordset($1::jsonb) AS r(ws uuid, conv uuid, ch uuid, x text, parent text, author uuid, name text, handle text, text text, attachments jsonb, at timestamptz)
       ON CONFLICT (channel_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
       RETURNING ${message.map((c) => `"${c}"`).join(', ')}
     ), locked AS (
       SELECT cur.id, cur.status AS prev_status FROM conversation cur
       WHERE cur.id IN (SELECT conversation_id FROM ins)
       ORDER BY cur.id
       FOR NO KEY UPDATE
     ), upd AS (
       ${INBOUND_CONVERSATION_UPDATE}
       FROM (
         SELECT x.id, x.t, x.text, l.prev_status
         FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, t timestamptz, text text)
         JOIN locked l ON l.id = x.id
       ) p
       WHERE c.id = p.id
       RETURNING c.*, p.prev_status
     )
     SELECT ${[...message.map((c) => `ins."${c}" AS "m.${c}"`), ...[...conversation, 'prev_status'].map((c) => `upd."${c}" AS "c.${c}"`)].join(', ')}
     FROM ins LEFT JOIN upd ON upd.id = ins.conversation_id`,
  );
  return waveSql;
}

function unprefixed(row: Row, prefix: string): Row {
  const out: Row = {};
  for (const key in row) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = row[key];
  return out;
}

import type { ConversationStatus } from '@babillard/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { MessageEntity } from '../conversations/message.entity';
import { preparedQuery } from './delivery/prepared';
import { REPLY_QUEUE, ReplyQueue } from './delivery/reply-queue';

/** A validated reply to store: the message, the conversation's status before and after, its job (none while awaiting approval). */
export interface ReplyToStore {
  message: Pick<
    MessageEntity,
    'id' | 'workspaceId' | 'conversationId' | 'channelId' | 'parentExternalId' | 'authorUserId' | 'authorName' | 'text' | 'attachments' | 'idempotencyKey' | 'createdAt'
  >;
  statusFrom: ConversationStatus;
  statusTo: ConversationStatus;
  jobId: string | null;
}

type Pending = { reply: ReplyToStore; done: (stored: boolean) => void; fail: (err: unknown) => void };

/** Rolls back an accepting transaction whose idempotency key turned out to be taken. */
class KeyAlreadyUsed extends Error {}

/** Most replies one transaction stores. */
const MAX_BATCH = 100;

/**
 * Stores accepted replies durably: message, conversation state, timeline entry, delivery row and
 * pg-boss job commit together, or not at all. Replies accepted while a transaction is running are
 * stored together by the next one (group commit): one commit, one job insert and one statement for
 * the rows per batch instead of per reply, and one batch at a time per process, so batches never
 * wait on each other's row locks. A batch that fails (a conversation deleted meanwhile, say) is
 * retried one reply per transaction, so only the reply at fault fails. Each caller's promise
 * resolves once its reply is committed: false when its idempotency key was already used.
 */
@Injectable()
export class ReplyWriter {
  private readonly logger = new Logger(ReplyWriter.name);
  private pending: Pending[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: ReplyQueue,
  ) {}

  store(reply: ReplyToStore): Promise<boolean> {
    return new Promise((done, fail) => {
      this.pending.push({ reply, done, fail });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        if (batch.length > 1) {
          try {
            const stored = await this.db.transaction((m) => this.storeMany(m, batch.map((p) => p.reply)));
            for (const p of batch) p.done(stored.has(p.reply.message.id));
            continue;
          } catch (err) {
            this.logger.warn(`storing ${batch.length} replies together failed, one by one: ${(err as Error).message}`);
          }
        }
        await Promise.all(batch.map((p) => this.storeOne(p.reply).then(p.done, p.fail)));
      }
    } finally {
      this.writing = null;
    }
  }

  /** One reply in its own transaction. The job first: the conversation row stays locked only from the last statement to the commit. */
  private async storeOne(reply: ReplyToStore): Promise<boolean> {
    return this.db
      .transaction(async (m) => {
        if (reply.jobId) await this.queue.enqueue(m, [{ messageId: reply.message.id, attempt: 0, jobId: reply.jobId }]);
        const rows = await preparedQuery<{ id: string }>(m, 'reply_insert', INSERT_REPLIES, columns([reply]));
        if (rows.length !== 1) throw new KeyAlreadyUsed();
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof KeyAlreadyUsed) return false;
        throw err;
      });
  }

  /** A batch in one transaction: its jobs, then its rows in one statement; jobs of replies whose key was taken are deleted before the commit. */
  private async storeMany(m: EntityManager, replies: ReplyToStore[]): Promise<Set<string>> {
    const jobs = replies.flatMap((r) => (r.jobId ? [{ messageId: r.message.id, attempt: 0, jobId: r.jobId }] : []));
    await this.queue.enqueue(m, jobs);
    const rows = await preparedQuery<{ id: string }>(m, 'reply_insert', INSERT_REPLIES, columns(replies));
    const stored = new Set(rows.map((r) => r.id));
    const orphans = jobs.filter((j) => !stored.has(j.messageId)).map((j) => j.jobId);
    if (orphans.length) await (await this.queue.boss()).deleteJob(REPLY_QUEUE, orphans, { db: this.queue.transactionDb(m) });
    return stored;
  }
}

/** The statement's parameters: one array per column, one element per reply, in arrival order. */
function columns(replies: ReplyToStore[]): unknown[] {
  const m = replies.map((r) => r.message);
  return [
    m.map((x) => x.id),
    m.map((x) => x.workspaceId),
    m.map((x) => x.conversationId),
    m.map((x) => x.channelId),
    m.map((x) => x.parentExternalId),
    m.map((x) => x.authorUserId),
    m.map((x) => x.authorName),
    m.map((x) => x.text),
    m.map((x) => JSON.stringify(x.attachments ?? [])),
    m.map((x) => x.idempotencyKey),
    m.map((x) => x.createdAt),
    replies.map((r) => r.statusTo),
    replies.map((r) => JSON.stringify({ messageId: r.message.id, statusFrom: r.statusFrom, statusTo: r.statusTo })),
    replies.map((r) => r.jobId),
  ];
}

/**
 * One statement for any number of replies: the messages (unless their idempotency key exists —
 * the unique index decides, not a prior read), each conversation's new state once (from its latest
 * reply; first response and resolution from its earliest), a timeline entry and a delivery row
 * (queued under its job id, or awaiting approval) per stored reply. Deliveries of one transaction
 * keep their arrival order: created_at is the transaction's time plus a microsecond per position,
 * since later replies of a conversation wait for earlier ones in (created_at, message_id) order.
 * Returns the ids stored.
 */
const INSERT_REPLIES = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[],
                         $9::jsonb[], $10::text[], $11::timestamptz[], $12::varchar[], $13::jsonb[], $14::uuid[])
      WITH ORDINALITY AS i(id, workspace_id, conversation_id, channel_id, parent_external_id, author_user_id, author_name, text,
                           attachments, idempotency_key, created_at, status, event_data, job_id, ord)
  ), msg AS (
    INSERT INTO message (id, workspace_id, conversation_id, channel_id, direction, parent_external_id, author_user_id, author_name,
                         text, attachments, delivery_status, idempotency_key, created_at, received_at)
    SELECT id, workspace_id, conversation_id, channel_id, 'outbound', parent_external_id, author_user_id, author_name,
           text, attachments, 'pending', idempotency_key, created_at, created_at
    FROM input ORDER BY ord
    ON CONFLICT (conversation_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING id
  ), stored AS (
    SELECT i.* FROM input i JOIN msg ON msg.id = i.id
  ), latest AS (
    SELECT DISTINCT ON (conversation_id) conversation_id, status, text, created_at,
           min(created_at) OVER (PARTITION BY conversation_id) AS first_at
    FROM stored ORDER BY conversation_id, ord DESC
  ), conv AS (
    UPDATE conversation c SET
      first_response_at = COALESCE(c.first_response_at, l.first_at),
      status = l.status,
      waiting_since = NULL,
      resolved_at = CASE WHEN l.status = 'resolved' THEN COALESCE(c.resolved_at, l.first_at) ELSE NULL END,
      snoozed_until = CASE WHEN l.status = 'snoozed' THEN c.snoozed_until ELSE NULL END,
      last_outbound_at = l.created_at, last_activity_at = l.created_at,
      last_message_text = left(l.text, 500), last_message_direction = 'outbound', last_message_at = l.created_at,
      updated_at = now()
    FROM latest l WHERE c.id = l.conversation_id
  ), ev AS (
    INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, actor_user_id, data)
    SELECT workspace_id, conversation_id, 'reply.created', 'user', author_user_id, event_data FROM stored ORDER BY ord
  )
  INSERT INTO reply_delivery (message_id, workspace_id, channel_id, conversation_id, state, job_id, next_attempt_at, created_at)
  SELECT id, workspace_id, channel_id, conversation_id, CASE WHEN job_id IS NULL THEN 'awaiting_approval' ELSE 'queued' END, job_id,
         CASE WHEN job_id IS NOT NULL THEN created_at END, now() + (ord - 1) * interval '1 microsecond'
  FROM stored ORDER BY ord
  RETURNING message_id AS id`;

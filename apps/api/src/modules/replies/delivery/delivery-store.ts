import type { Attachment, ChannelStatus, ConversationKind, Platform } from '@babillard/contracts';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared';

export type DeliveryState = 'awaiting_approval' | 'queued' | 'sending' | 'held' | 'sent' | 'failed';

export interface DeliveryRow {
  message_id: string;
  workspace_id: string;
  channel_id: string;
  conversation_id: string;
  state: DeliveryState;
  attempt: number;
  failures: number;
  sending_since: Date | null;
  created_at: Date;
}

export interface HoldRow {
  reason: 'rate_limited' | 'needs_reconnect';
  until: Date | null;
}

/** Everything one send needs, read in one query. */
export interface OutboundRow {
  message_id: string;
  workspace_id: string;
  conversation_id: string;
  text: string;
  attachments: Attachment[];
  parent_external_id: string | null;
  idempotency_key: string | null;
  platform: Platform;
  kind: ConversationKind;
  thread_key: string;
  last_inbound_at: Date | null;
  post_external_id: string | null;
  channel_id: string;
  channel_external_id: string;
  channel_status: ChannelStatus;
  access_token_encrypted: string | null;
  secret_encrypted: string | null;
  settings: { outboundUrl?: string | null; humanAgentTag?: boolean };
}

const OUTBOUND_COLUMNS = `m.id AS message_id, m.workspace_id, m.conversation_id, m.text, m.attachments, m.parent_external_id, m.idempotency_key,
  c.platform, c.kind, c.thread_key, c.last_inbound_at, p.external_id AS post_external_id,
  ch.id AS channel_id, ch.external_id AS channel_external_id, ch.status AS channel_status,
  ch.access_token_encrypted, ch.secret_encrypted, ch.settings`;

async function markSent(m: EntityManager, messageId: string, externalId: string, at: Date): Promise<boolean> {
  const [rows]: [{ id: string }[], number] = await m.query(
    `WITH d AS (
       UPDATE reply_delivery SET state = 'sent', sending_since = NULL, last_error = NULL, updated_at = now()
       WHERE message_id = $1 AND state <> 'sent' RETURNING message_id
     )
     UPDATE message SET external_id = $2,
            delivery_status = CASE WHEN delivery_status IN ('pending', 'failed') OR delivery_status IS NULL THEN 'sent' ELSE delivery_status END,
            sent_at = COALESCE(sent_at, $3), error = NULL, error_code = NULL, failed_at = NULL
     WHERE id = $1 AND EXISTS (SELECT 1 FROM d)
     RETURNING id`,
    [messageId, externalId, at],
  );
  return rows.length === 1;
}

/** Named queries on reply_delivery and channel_send_hold; every one runs on the caller's manager. */
export const deliveryStore = {
  async lock(m: EntityManager, messageId: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await m.query(`SELECT * FROM reply_delivery WHERE message_id = $1 FOR UPDATE`, [messageId]);
    return rows[0] ?? null;
  },

  /** FOR SHARE: releasing a hold (DELETE) waits for in-flight decisions made under it. */
  async hold(m: EntityManager, channelId: string): Promise<HoldRow | null> {
    const rows: HoldRow[] = await m.query(`SELECT reason, until FROM channel_send_hold WHERE channel_id = $1 FOR SHARE`, [channelId]);
    return rows[0] ?? null;
  },

  async placeHold(m: EntityManager, channelId: string, reason: HoldRow['reason'], until: Date | null, detail: string): Promise<void> {
    // A reconnect hold outranks a rate limit; two rate limits keep the later end.
    await m.query(
      `INSERT INTO channel_send_hold (channel_id, reason, until, detail) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel_id) DO UPDATE SET
         reason = CASE WHEN channel_send_hold.reason = 'needs_reconnect' OR EXCLUDED.reason = 'needs_reconnect' THEN 'needs_reconnect' ELSE 'rate_limited' END,
         until = CASE WHEN channel_send_hold.reason = 'needs_reconnect' OR EXCLUDED.reason = 'needs_reconnect' THEN NULL
                      ELSE GREATEST(channel_send_hold.until, EXCLUDED.until) END,
         detail = EXCLUDED.detail`,
      [channelId, reason, until, detail],
    );
  },

  /**
   * The oldest earlier reply of the conversation still on its way: later replies wait for it.
   * Compared in SQL: created_at has microseconds (replies stored together differ by one), a JS Date
   * only milliseconds.
   */
  async earlierInFlight(m: EntityManager, d: Pick<DeliveryRow, 'message_id'>): Promise<{ next_attempt_at: Date | null } | null> {
    const rows: { next_attempt_at: Date | null }[] = await m.query(
      `SELECT e.next_attempt_at FROM reply_delivery d
       JOIN reply_delivery e ON e.conversation_id = d.conversation_id
       WHERE d.message_id = $1 AND e.state IN ('queued', 'sending') AND (e.created_at, e.message_id) < (d.created_at, d.message_id)
       ORDER BY e.created_at, e.message_id LIMIT 1`,
      [d.message_id],
    );
    return rows[0] ?? null;
  },

  async update(
    m: EntityManager,
    messageId: string,
    patch: Partial<{ state: DeliveryState; attempt: number; job_id: string; failures: number; sending_since: Date | null; next_attempt_at: Date | null; last_error: string | null; approved_by: string; approved_at: Date }>,
  ): Promise<void> {
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    const sets = keys.map((k, i) => `${k} = $${i + 2}`);
    await m.query(`UPDATE reply_delivery SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE message_id = $1`, [
      messageId,
      ...keys.map((k) => patch[k]),
    ]);
  },

  /**
   * The common case in one statement, for a whole fetched batch: each queued reply at its job's
   * attempt, on an active channel with no hold and no earlier reply of its conversation still on its
   * way, becomes `sending`. Replies missing from the result are "not that simple": the caller then
   * decides for each under locks. (Two replies of one conversation in a batch: only the earlier is
   * claimed here; the later sees it in flight and waits its turn.)
   */
  async claimDirect(m: EntityManager, jobs: { messageId: string; attempt: number }[]): Promise<Map<string, OutboundRow>> {
    if (!jobs.length) return new Map();
    const rows = await preparedQuery<OutboundRow>(
      m,
      'reply_claim',
      `UPDATE reply_delivery d SET state = 'sending', sending_since = now(), updated_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS j(message_id, attempt), message m
       JOIN conversation c ON c.id = m.conversation_id
       JOIN channel ch ON ch.id = m.channel_id
       LEFT JOIN post p ON p.id = c.post_id
       WHERE d.message_id = j.message_id AND d.attempt = j.attempt AND d.state = 'queued' AND m.id = d.message_id
         AND ch.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM channel_send_hold h WHERE h.channel_id = d.channel_id)
         AND NOT EXISTS (SELECT 1 FROM reply_delivery e
                         WHERE e.conversation_id = d.conversation_id AND e.state IN ('queued', 'sending')
                           AND (e.created_at, e.message_id) < (d.created_at, d.message_id))
       RETURNING ${OUTBOUND_COLUMNS}`,
      [jobs.map((j) => j.messageId), jobs.map((j) => j.attempt)],
    );
    return new Map(rows.map((r) => [r.message_id, r]));
  },

  /**
   * Several sends answered by their platforms, recorded in one statement (recordSent's common
   * case). Returns the ids whose delivery this ended. Throws a unique violation when one of them
   * meets its own echo: the caller then records each one alone.
   */
  async recordSentMany(m: EntityManager, sent: { messageId: string; externalId: string; at: Date }[]): Promise<Set<string>> {
    const rows = await preparedQuery<{ id: string }>(
      m,
      'reply_sent_many',
      `WITH s AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS s(message_id, external_id, at)
       ), d AS (
         UPDATE reply_delivery r SET state = 'sent', sending_since = NULL, last_error = NULL, updated_at = now()
         FROM s WHERE r.message_id = s.message_id AND r.state <> 'sent' RETURNING r.message_id
       )
       UPDATE message msg SET external_id = s.external_id,
              delivery_status = CASE WHEN msg.delivery_status IN ('pending', 'failed') OR msg.delivery_status IS NULL THEN 'sent' ELSE msg.delivery_status END,
              sent_at = COALESCE(msg.sent_at, s.at), error = NULL, error_code = NULL, failed_at = NULL
       FROM s JOIN d ON d.message_id = s.message_id
       WHERE msg.id = s.message_id
       RETURNING msg.id`,
      [sent.map((x) => x.messageId), sent.map((x) => x.externalId), sent.map((x) => x.at)],
    );
    return new Set(rows.map((r) => r.id));
  },

  /** Sent: the message takes the platform id (its echo will match it) and the delivery ends. False if already recorded. */
  async recordSent(m: EntityManager, messageId: string, channelId: string, externalId: string, at: Date): Promise<boolean> {
    // Our echo may have been stored before the platform's answer reached us: the echo row gives way.
    const withoutEcho = async (tx: EntityManager) => {
      await tx.query(
        `DELETE FROM message WHERE channel_id = $1 AND external_id = $2 AND id <> $3 AND direction = 'outbound' AND idempotency_key IS NULL`,
        [channelId, externalId, messageId],
      );
      return markSent(tx, messageId, externalId, at);
    };
    // Inside a caller's transaction a failed statement would abort it: clear the echo first.
    if (m.queryRunner?.isTransactionActive) return withoutEcho(m);
    try {
      return await markSent(m, messageId, externalId, at);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      return m.transaction(withoutEcho);
    }
  },

  async outbound(m: EntityManager, messageId: string): Promise<OutboundRow | null> {
    const rows: OutboundRow[] = await m.query(
      `SELECT ${OUTBOUND_COLUMNS}
       FROM message m
       JOIN conversation c ON c.id = m.conversation_id
       JOIN channel ch ON ch.id = m.channel_id
       LEFT JOIN post p ON p.id = c.post_id
       WHERE m.id = $1`,
      [messageId],
    );
    return rows[0] ?? null;
  },

  async markMessageFailed(m: EntityManager, messageId: string, code: string | null, error: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE message SET delivery_status = 'failed', error = $2, error_code = $3, failed_at = $4
       WHERE id = $1 AND (delivery_status IS NULL OR delivery_status IN ('pending', 'sent'))`,
      [messageId, error, code, at],
    );
  },

  async markMessagePending(m: EntityManager, messageId: string): Promise<void> {
    await m.query(`UPDATE message SET delivery_status = 'pending', error = NULL, error_code = NULL, failed_at = NULL WHERE id = $1`, [messageId]);
  },
};

import type { OutboundReply, SendContext, SendResult } from '@babillard/connectors';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import { TokenCipher } from '../../../core/token-cipher';
import { ChannelsService } from '../../channels/channels.service';
import { DOMAIN_EVENTS, type MessageChanged } from '../../conversations/conversation.events';
import { backoffDelayMs } from './backoff';
import { deliveryStore, type DeliveryRow, type OutboundRow } from './delivery-store';
import { ReplyQueue, type ReplyJob } from './reply-queue';
import { REPLY_SENDERS, type ReplySenders } from './reply-senders';

/** Replies of one conversation go out in order: a later one waits this long for an earlier one. */
const ORDER_WAIT_MS = 250;

type Claim = { row: OutboundRow; attempt: number };

/**
 * Moves one reply through delivery: claim (hold, order and fencing checks), one platform call,
 * then the outcome — sent, retried with backoff, waiting on a rate limit, held for a reconnect, or
 * failed with the platform's reason. Every decision commits with the job that follows from it.
 */
@Injectable()
export class ReplyDeliveryService {
  private readonly logger = new Logger(ReplyDeliveryService.name);
  /** Sends answered within the same moment are recorded together. */
  private readonly sent: SentRecorder;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: ReplyQueue,
    @Inject(REPLY_SENDERS) private readonly senders: ReplySenders,
    private readonly cipher: TokenCipher,
    private readonly channels: ChannelsService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sent = new SentRecorder(db, (message) => this.logger.warn(message));
  }

  /** A send in flight longer than this cannot still be running: its worker is gone. */
  get leaseMs(): number {
    return this.config.REPLY_SEND_TIMEOUT_MS + 5_000;
  }

  /**
   * Delivers a fetched batch: one statement claims every reply that is simply ready, the others
   * are decided one by one under locks; each claimed reply is sent and its outcome recorded as soon
   * as its platform answers. Never throws for one reply's sake: each records its own outcome.
   */
  async deliver(jobs: ReplyJob[]): Promise<void> {
    let direct = new Map<string, OutboundRow>();
    try {
      direct = await deliveryStore.claimDirect(this.db.manager, jobs);
    } catch (err) {
      // A deadlock or a dropped connection: every reply takes the careful path below.
      this.logger.warn(`batch claim failed, claiming one by one: ${(err as Error).message}`);
    }
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const row = direct.get(job.messageId);
          const claim = row ? { row, attempt: job.attempt } : await this.db.transaction((m) => this.claim(m, job));
          if (!claim) return;
          const reply = this.toOutbound(claim.row);
          let result: SendResult;
          try {
            result = await this.senders[claim.row.platform].send(reply, this.sendContext());
          } catch (err) {
            result = { ok: false, kind: 'retryable', message: err instanceof Error ? err.message : String(err) };
          }
          await this.record(claim.row, claim.attempt, result);
        } catch (err) {
          this.logger.error(`reply ${job.messageId}: ${(err as Error).stack ?? err}`);
        }
      }),
    );
  }

  /** Puts a reply (back) on the queue under a new attempt number, inside the caller's transaction. */
  async requeue(m: EntityManager, d: Pick<DeliveryRow, 'message_id' | 'attempt'>, at?: Date, extra: { failures?: number; last_error?: string | null } = {}) {
    const attempt = d.attempt + 1;
    const jobId = randomUUID();
    await deliveryStore.update(m, d.message_id, { state: 'queued', attempt, job_id: jobId, sending_since: null, next_attempt_at: at ?? new Date(), ...extra });
    await this.queue.enqueue(m, [{ messageId: d.message_id, attempt, jobId }], at && at.getTime() > Date.now() ? at : undefined);
  }

  /** A new token was saved: lift the channel's hold and send what waited, oldest first. */
  async release(channelId: string): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`DELETE FROM channel_send_hold WHERE channel_id = $1`, [channelId]);
      // Oldest first, ordered in SQL (created_at has microseconds, a JS Date only milliseconds).
      const rows: { message_id: string; attempt: number; job_id: string }[] = await m.query(
        `WITH released AS (
           UPDATE reply_delivery SET state = 'queued', attempt = attempt + 1, job_id = gen_random_uuid(), next_attempt_at = now(), updated_at = now()
           WHERE channel_id = $1 AND state = 'held' RETURNING message_id, attempt, job_id, created_at
         )
         SELECT message_id, attempt, job_id FROM released ORDER BY created_at, message_id`,
        [channelId],
      );
      await this.queue.enqueue(
        m,
        rows.map((r) => ({ messageId: r.message_id, attempt: r.attempt, jobId: r.job_id })),
      );
      return rows.length;
    });
  }

  /**
   * A send whose worker died mid-request: the platform may or may not have it. Resend only when
   * that is safe (an idempotent receiver, or the platform says it has no such reply); otherwise
   * fail it visibly so an agent checks before retrying. Never a silent second copy.
   */
  async settleInDoubt(messageId: string, attempt: number): Promise<void> {
    const row = await deliveryStore.outbound(this.db.manager, messageId);
    if (!row) return;
    const sender = this.senders[row.platform];
    let found: string | null | undefined;
    if (sender.idempotent) found = null;
    else if (sender.findSent) {
      try {
        found = await sender.findSent(this.toOutbound(row), this.sendContext());
      } catch (err) {
        this.logger.warn(`could not check reply ${messageId} at ${row.platform}: ${(err as Error).message}; will look again`);
        return;
      }
    }
    let changed = false;
    await this.db.transaction(async (m) => {
      const d = await deliveryStore.lock(m, messageId);
      if (!d || d.state !== 'sending' || d.attempt !== attempt) return;
      const now = new Date();
      if (typeof found === 'string') {
        changed = await deliveryStore.recordSent(m, messageId, d.channel_id, found, now);
      } else if (found === null) {
        await this.requeue(m, d);
      } else {
        const reason = `the worker stopped while sending and ${row.platform} offers no way to check: look at the thread before retrying`;
        await deliveryStore.markMessageFailed(m, messageId, 'unconfirmed', reason, now);
        await deliveryStore.update(m, messageId, { state: 'failed', sending_since: null, last_error: reason });
        changed = true;
      }
    });
    if (changed) this.emitUpdated(row);
  }

  private async claim(m: EntityManager, job: ReplyJob): Promise<Claim | null> {
    const d = await deliveryStore.lock(m, job.messageId);
    if (!d || d.state !== 'queued' || d.attempt !== job.attempt) return null; // an older job for this reply
    const row = await deliveryStore.outbound(m, job.messageId);
    if (!row) return null;
    const hold = await deliveryStore.hold(m, d.channel_id);
    const now = Date.now();
    if (row.channel_status === 'needs_reconnect' || hold?.reason === 'needs_reconnect') {
      if (!hold) await deliveryStore.placeHold(m, d.channel_id, 'needs_reconnect', null, 'channel needs reconnection');
      await deliveryStore.update(m, d.message_id, { state: 'held', next_attempt_at: null });
      return null;
    }
    if (hold?.until && hold.until.getTime() > now) {
      await this.requeue(m, d, hold.until);
      return null;
    }
    const earlier = await deliveryStore.earlierInFlight(m, d);
    if (earlier) {
      await this.requeue(m, d, new Date(Math.max(now + ORDER_WAIT_MS, earlier.next_attempt_at?.getTime() ?? 0)));
      return null;
    }
    await deliveryStore.update(m, d.message_id, { state: 'sending', sending_since: new Date(now) });
    return { row, attempt: d.attempt };
  }

  private async record(row: OutboundRow, attempt: number, result: SendResult): Promise<void> {
    if (result.ok) {
      // Even if the in-flight lease ran out meanwhile, the platform's answer is the truth.
      if (await this.sent.record(row, result.externalId, new Date())) this.emitUpdated(row);
      return;
    }
    let changed = false;
    let revoked = false;
    await this.db.transaction(async (m) => {
      const d = await deliveryStore.lock(m, row.message_id);
      if (!d || d.state !== 'sending' || d.attempt !== attempt) return;
      const now = new Date();
      const reason = result.code ? `${result.message} (${result.code})` : result.message;
      switch (result.kind) {
        case 'retryable': {
          const failures = d.failures + 1;
          if (failures < this.config.REPLY_MAX_ATTEMPTS) {
            const at = new Date(now.getTime() + backoffDelayMs(failures, this.config.REPLY_RETRY_BASE_MS));
            await this.requeue(m, d, at, { failures, last_error: reason });
            return;
          }
          await deliveryStore.markMessageFailed(m, row.message_id, result.code ?? 'unreachable', `${result.message} (gave up after ${failures} attempts)`, now);
          await deliveryStore.update(m, row.message_id, { state: 'failed', failures, sending_since: null, last_error: reason });
          changed = true;
          return;
        }
        case 'rate_limited': {
          const until = new Date(now.getTime() + (result.retryAfterMs ?? this.config.REPLY_RATE_LIMIT_WAIT_MS));
          await deliveryStore.placeHold(m, row.channel_id, 'rate_limited', until, reason);
          await this.requeue(m, d, until, { last_error: reason });
          return;
        }
        case 'auth':
          await deliveryStore.placeHold(m, row.channel_id, 'needs_reconnect', null, reason);
          await deliveryStore.update(m, row.message_id, { state: 'held', sending_since: null, next_attempt_at: null, last_error: reason });
          revoked = true;
          return;
        case 'permanent':
          await deliveryStore.markMessageFailed(m, row.message_id, result.code ?? null, result.message, now);
          await deliveryStore.update(m, row.message_id, { state: 'failed', sending_since: null, last_error: reason });
          changed = true;
      }
    });
    if (revoked) await this.channels.setStatus(row.channel_id, 'needs_reconnect');
    if (changed) this.emitUpdated(row);
  }

  private toOutbound(row: OutboundRow): OutboundReply {
    const dm = row.kind === 'dm';
    return {
      platform: row.platform,
      kind: row.kind,
      channel: {
        externalId: row.channel_external_id,
        accessToken: row.access_token_encrypted ? this.cipher.decrypt(row.access_token_encrypted) : null,
        secret: row.secret_encrypted ? this.cipher.decrypt(row.secret_encrypted) : null,
        outboundUrl: row.settings?.outboundUrl ?? null,
        humanAgentTag: row.settings?.humanAgentTag === true,
      },
      inReplyToExternalId: dm ? null : (row.parent_external_id ?? row.thread_key),
      // A DM thread is keyed by the customer's platform id.
      recipientExternalId: dm ? row.thread_key : null,
      text: row.text,
      attachments: row.attachments ?? [],
      idempotencyKey: row.idempotency_key ?? row.message_id,
      lastInboundAt: row.last_inbound_at,
      messageId: row.message_id,
      postExternalId: row.post_external_id,
    };
  }

  private sendContext(): SendContext {
    return { endpoints: { metaGraphUrl: this.config.META_GRAPH_URL, xApiUrl: this.config.X_API_URL }, timeoutMs: this.config.REPLY_SEND_TIMEOUT_MS };
  }

  private emitUpdated(row: Pick<OutboundRow, 'workspace_id' | 'conversation_id' | 'message_id'>) {
    const event: MessageChanged = { workspaceId: row.workspace_id, conversationId: row.conversation_id, messageId: row.message_id };
    this.events.emit(DOMAIN_EVENTS.messageUpdated, event);
  }
}

type SentEntry = { row: Pick<OutboundRow, 'message_id' | 'channel_id'>; externalId: string; at: Date; done: (recorded: boolean) => void; fail: (err: unknown) => void };

/**
 * Records successful sends in batches: what arrives while a write is running goes out in the next
 * one, so a burst of platform answers costs one statement per batch instead of one per reply. A
 * batch that meets an echo (unique violation) is recorded one reply at a time instead, where
 * recordSent lets the echo give way.
 */
class SentRecorder {
  private pending: SentEntry[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly warn: (message: string) => void,
  ) {}

  /** Resolves once recorded: true when this ended the reply's delivery, false if it was already recorded. */
  record(row: SentEntry['row'], externalId: string, at: Date): Promise<boolean> {
    return new Promise((done, fail) => {
      this.pending.push({ row, externalId, at, done, fail });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, 200);
        await this.write(batch);
      }
    } finally {
      this.writing = null;
    }
  }

  private async write(batch: SentEntry[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const recorded = await deliveryStore.recordSentMany(
          this.db.manager,
          batch.map((e) => ({ messageId: e.row.message_id, externalId: e.externalId, at: e.at })),
        );
        for (const e of batch) e.done(recorded.has(e.row.message_id));
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') this.warn(`recording ${batch.length} sends together failed, one by one: ${(err as Error).message}`);
      }
    }
    await Promise.all(
      batch.map((e) =>
        deliveryStore.recordSent(this.db.manager, e.row.message_id, e.row.channel_id, e.externalId, e.at).then(e.done, e.fail),
      ),
    );
  }
}

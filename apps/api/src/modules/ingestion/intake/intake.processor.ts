import type { InboundEvent } from '@babillard/connectors';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { StageClock } from '../../../core/stage-clock';
import { PgListener } from '../../../database/pg-listener';
import { ChannelEntity } from '../../channels/channel.entity';
import { ChannelsService } from '../../channels/channels.service';
import type { KnownIdentity } from '../../contacts/contacts.service';
import { DOMAIN_EVENTS } from '../../conversations/conversation.events';
import type { KnownThread, StoredMessage } from '../normalise/inbound-message.writer';
import { InboundNormaliser, reviveEvent, type IntakeRow } from '../normalise/inbound-normaliser';
import { NormaliseOutcome } from '../normalise/normalise-outcome';
import { toEntity } from '../normalise/sql';
import { IngestionStatsService } from './ingestion-stats.service';

export const BATCH_SIZE = 250;
const POLL_MS = 1000;
const MAX_ATTEMPTS = 5;
/**
 * Drain loops per process: one, whose next batch takes together what arrived during the current one;
 * two while the intake is behind (the last batch was full), to share a backlog's work with the
 * database. A second loop for every wake-up made batches of one event out of webhooks arriving
 * independently at 200/s, each paying its round trips: the database and the event loop busier and
 * the latency tail longer (bench:fanout p99 63–86 ms with one loop against 89–115 with two).
 */
const LOOPS = 1;
const LOOPS_WHEN_BEHIND = 2;
/** Processes without workers (RUN_WORKERS=false) notify on this channel when they store webhooks. */
export const INTAKE_CHANNEL = 'babillard_intake';

/**
 * Normalises acknowledged intake rows: claims a batch (SKIP LOCKED, so several loops and API
 * processes can share the work), taking the rows off the intake and applying them in one
 * transaction, and publishes domain events after commit. A crash mid-batch rolls back; the rows are
 * claimed again. A batch that fails is retried row by row so one bad event cannot hold back the others.
 */
@Injectable()
export class IntakeProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntakeProcessor.name);
  /** Drain loops running now; each takes batches until the intake has nothing left for it. */
  private readonly loops = new Set<Promise<void>>();
  private wokenWhileBusy = false;
  /** The last batch was full: more is waiting than one loop takes at once. */
  private behind = false;
  /** Batches started whose claim is not sent yet: they will take whatever is stored before it is. */
  private claimsToSend = 0;
  private timer: NodeJS.Timeout | null = null;
  private listener: PgListener | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly normaliser: InboundNormaliser,
    private readonly stats: IngestionStatsService,
    private readonly channels: ChannelsService,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runtime.config.RUN_WORKERS) return;
    // Webhooks stored by API processes without workers arrive by notification; the poll is the
    // safety net for a missed one (and for rows whose retry time has come).
    this.listener = new PgListener(this.runtime.databaseUrl, [INTAKE_CHANNEL], () => this.notified(), 'IntakeListener');
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.close();
    await this.idle();
  }

  /** Another process stored webhooks. */
  notified(): void {
    this.wake();
  }

  /**
   * Starts a drain loop unless LOOPS (LOOPS_WHEN_BEHIND) already run; otherwise the running loop
   * takes the batch after its current one, or the next loop does. Loops (of this process or others)
   * share the intake through SKIP LOCKED; those that touch the same conversation serialise on its row.
   */
  wake(): void {
    if (this.stopped || !this.runtime.config.RUN_WORKERS) return;
    // Rows stored before this wake-up are in the claim of a batch that has yet to send it: a loop
    // of their own would find nothing (three round trips for an empty batch).
    if (this.claimsToSend > 0) return;
    if (this.loops.size >= (this.behind ? LOOPS_WHEN_BEHIND : LOOPS)) {
      // A loop may be past its last claim already: the next one to end starts another.
      this.wokenWhileBusy = true;
      return;
    }
    const loop: Promise<void> = this.drainSafely().finally(() => {
      this.loops.delete(loop);
      if (this.wokenWhileBusy) {
        this.wokenWhileBusy = false;
        this.wake();
      }
    });
    this.loops.add(loop);
  }

  /** Normalises everything due now; resolves when the intake is empty (tests, CLI). */
  async drain(): Promise<void> {
    await this.idle();
    await this.drainSafely();
  }

  private async idle(): Promise<void> {
    while (this.loops.size) await Promise.all([...this.loops]);
  }

  private async drainSafely(): Promise<void> {
    try {
      // A short batch took everything due: what is stored after its claim wakes a loop of its own.
      do this.behind = (await this.processBatch()) >= BATCH_SIZE;
      while (this.behind && !this.stopped);
    } catch (err) {
      this.logger.warn(`intake drain paused: ${(err as Error).message}`);
    }
  }

  /** Returns how many rows it took off the intake. */
  async processBatch(): Promise<number> {
    const out = new NormaliseOutcome();
    let rows: IntakeRow[] = [];
    this.claimsToSend++;
    let claimSent = false;
    const sendingClaim = () => {
      if (!claimSent) this.claimsToSend--;
      claimSent = true;
    };
    const clock = StageClock.start();
    try {
      await this.db.transaction(async (tx) => {
        rows = await this.claim(tx, BATCH_SIZE, sendingClaim);
        clock?.lap('intake.claim', rows.length);
        if (rows.length) await this.normaliser.apply(tx, rows, out);
        clock?.lap('intake.apply', rows.length);
      });
      clock?.lap('intake.commit', rows.length);
    } catch (err) {
      if (!rows.length) throw err;
      this.logger.warn(`batch of ${rows.length} failed (${(err as Error).message}); retrying one by one`);
      return this.processOneByOne(rows.length);
    } finally {
      sendingClaim(); // when the transaction failed before its claim
    }
    await this.publish(out);
    return rows.length;
  }

  private async processOneByOne(count: number): Promise<number> {
    let done = 0;
    for (let i = 0; i < count; i++) {
      const out = new NormaliseOutcome();
      let row: IntakeRow | undefined;
      try {
        await this.db.transaction(async (tx) => {
          [row] = await this.claim(tx, 1);
          if (row) await this.normaliser.apply(tx, [row], out);
        });
      } catch (err) {
        if (!row) throw err;
        await this.recordFailure(row, err as Error);
      }
      if (!row) break;
      done++;
      await this.publish(out);
    }
    return done;
  }

  /**
   * Takes the oldest due rows off the intake, in arrival order, with their channels and, for new
   * messages, which of them (and of their parents) are stored already, the threads they name and
   * their authors as stored: the batch's dedupe and its lookups of known threads and authors cost no
   * statement of their own. The rows are deleted here, in the batch's transaction: a batch that fails
   * rolls back and leaves them where they were. Planned on every call, not prepared: the intake
   * churns (each row is deleted seconds after it is stored), and a generic plan made while it held
   * a few rows went on scanning it whole under a backlog (bench:fanout at 1,000/s: claims of 100-200
   * ms, PostgreSQL at 120% of a core).
   *
   * The batch commits without waiting for its WAL to reach the disk (synchronous_commit off, for
   * this transaction only: set_config(…, true)). What it writes is derived from rows that were
   * durable before their webhook was answered, and it takes them off the intake in the same
   * transaction: should PostgreSQL crash before the flush, both are lost together and the rows are
   * normalised again. Nothing it wrote is pushed to a console before it is durable: the realtime
   * publisher emits only after its own append commits synchronously, and that flush takes the WAL
   * past this commit. (A REST read in the milliseconds between may see rows such a crash would take
   * back, until they are normalised again.) The loop no longer waits on a disk flush per batch:
   * bench:fanout at 200/s, six interleaved pairs, p99 median 60 ms against 104.
   */
  private async claim(tx: EntityManager, limit: number, sending?: () => void): Promise<IntakeRow[]> {
    // The statement leaves in this tick, ahead of any other wake-up: it sees whatever was committed before one.
    sending?.();
    const raw: {
      id: string;
      channel_id: string;
      event: InboundEvent;
      channel: Record<string, unknown> | null;
      stored: StoredMessage[] | null;
      thread: KnownThread | null;
      author: KnownIdentity | null;
    }[] = await tx.query(
      `WITH claimed AS (
         DELETE FROM ingest_event WHERE id IN (
           SELECT id FROM ingest_event WHERE not_before <= now() ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, channel_id, event)
       SELECT c.id, c.channel_id, c.event, to_jsonb(ch) - 'access_token_encrypted' - 'secret_encrypted' AS channel,
              CASE WHEN c.event->>'type' = 'message' THEN (
                SELECT jsonb_agg(jsonb_build_object('externalId', m.external_id, 'conversationId', m.conversation_id))
                FROM (VALUES (c.event->>'externalId'), (c.event->>'parentExternalId')) AS k(x)
                JOIN message m ON m.channel_id = c.channel_id AND m.external_id = k.x
              ) END AS stored,
              CASE WHEN c.event->>'type' = 'message' THEN (
                SELECT jsonb_build_object('id', cv.id, 'postId', cv.post_id) FROM conversation cv
                WHERE cv.channel_id = c.channel_id AND cv.kind = c.event->>'kind' AND cv.thread_key = c.event->>'threadKey'
              ) END AS thread,
              CASE WHEN c.event->>'type' = 'message' THEN (
                SELECT jsonb_build_object('identityId', ci.id, 'contactId', ci.contact_id, 'name', ci.display_name, 'handle', ci.handle,
                                          'followers', ci.followers_count, 'verified', ci.verified, 'vip', co.vip)
                FROM contact_identity ci JOIN contact co ON co.id = ci.contact_id
                WHERE ci.workspace_id = ch.workspace_id AND ci.platform = ch.platform AND ci.external_id = c.event->'author'->>'externalId'
              ) END AS author
       FROM claimed c LEFT JOIN channel ch ON ch.id = c.channel_id
         CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS commit_without_flush
       ORDER BY c.id`,
      [limit],
    );
    const channels = new Map<string, ChannelEntity | null>();
    return raw.map((r) => {
      if (!channels.has(r.channel_id)) channels.set(r.channel_id, r.channel ? channelOf(tx, r.channel) : null);
      return {
        id: r.id,
        channelId: r.channel_id,
        channel: channels.get(r.channel_id)!,
        event: reviveEvent(r.event),
        storedMessages: r.stored ?? [],
        thread: r.thread,
        author: r.author,
      };
    });
  }

  /** Backs off a failing row; after MAX_ATTEMPTS it is parked (not_before = infinity), never dropped. */
  private async recordFailure(row: IntakeRow, err: Error): Promise<void> {
    this.logger.error(`intake row ${row.id} (${row.event.platform} ${row.event.type} ${row.event.externalId}) failed: ${err.message}`);
    await this.db.query(
      `UPDATE ingest_event SET attempts = attempts + 1, last_error = $2,
         not_before = CASE WHEN attempts + 1 >= $3 THEN 'infinity'::timestamptz ELSE now() + (interval '1 second' * power(4, attempts + 1)) END
       WHERE id = $1`,
      [row.id, err.message.slice(0, 2000), MAX_ATTEMPTS],
    );
    await this.stats.record(row.event.platform, { normalise_failed: 1 }, err.message.slice(0, 200));
  }

  private async publish(out: NormaliseOutcome): Promise<void> {
    for (const e of out.conversationsCreated.values()) this.events.emit(DOMAIN_EVENTS.conversationCreated, e);
    for (const e of out.messagesCreated) this.events.emit(DOMAIN_EVENTS.messageCreated, e);
    for (const e of out.conversationsUpdated.values()) this.events.emit(DOMAIN_EVENTS.conversationUpdated, e);
    for (const e of out.messagesUpdated.values()) this.events.emit(DOMAIN_EVENTS.messageUpdated, e);
    for (const e of out.crisisOpened.values()) this.events.emit(DOMAIN_EVENTS.crisisOpened, e);
    for (const e of out.crisisUpdated.values()) this.events.emit(DOMAIN_EVENTS.crisisUpdated, e);
    for (const n of out.notifications) this.events.emit(DOMAIN_EVENTS.notification, n);
    for (const channelId of out.revokedChannels) await this.channels.setStatus(channelId, 'needs_reconnect');
    for (const [platform, counts] of out.skipped) await this.stats.record(platform, counts);
  }
}

/** A channel row as JSON (to_jsonb) → the entity; JSON has no timestamps, so those are revived. */
function channelOf(tx: EntityManager, json: Record<string, unknown>): ChannelEntity {
  const channel = toEntity(tx, ChannelEntity, json);
  channel.createdAt = new Date(json.created_at as string);
  channel.updatedAt = new Date(json.updated_at as string);
  return channel;
}

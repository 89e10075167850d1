import type { InboundEvent } from '@babillard/connectors';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { PgListener } from '../../../database/pg-listener';
import { ChannelsService } from '../../channels/channels.service';
import { DOMAIN_EVENTS } from '../../conversations/conversation.events';
import { InboundNormaliser, reviveEvent, type IntakeRow } from '../normalise/inbound-normaliser';
import { NormaliseOutcome } from '../normalise/normalise-outcome';
import { IngestionStatsService } from './ingestion-stats.service';

const BATCH_SIZE = 250;
const POLL_MS = 1000;
const MAX_ATTEMPTS = 5;
/** Processes without workers (RUN_WORKERS=false) notify on this channel when they store webhooks. */
export const INTAKE_CHANNEL = 'babillard_intake';

/**
 * Normalises acknowledged intake rows: claims a batch (SKIP LOCKED, so several API processes can
 * share the work), applies it in one transaction, deletes the rows in that same transaction and
 * publishes domain events after commit. A crash mid-batch rolls back; the rows are claimed again.
 * A batch that fails is retried row by row so one bad event cannot hold back the others.
 */
@Injectable()
export class IntakeProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntakeProcessor.name);
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
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
    await this.chain;
  }

  /** Another process stored webhooks. */
  notified(): void {
    this.wake();
  }

  /** Schedules a drain unless one is already queued. */
  wake(): void {
    if (this.pending || this.stopped || !this.runtime.config.RUN_WORKERS) return;
    this.pending = true;
    this.chain = this.chain.then(async () => {
      this.pending = false;
      await this.drainSafely();
    });
  }

  /** Normalises everything due now; resolves when the intake is empty (tests, CLI). */
  drain(): Promise<void> {
    this.chain = this.chain.then(() => this.drainSafely());
    return this.chain;
  }

  private async drainSafely(): Promise<void> {
    try {
      while (!this.stopped && (await this.processBatch()) > 0);
    } catch (err) {
      this.logger.warn(`intake drain paused: ${(err as Error).message}`);
    }
  }

  /** Returns how many rows it took off the intake. */
  async processBatch(): Promise<number> {
    const out = new NormaliseOutcome();
    let rows: IntakeRow[] = [];
    try {
      await this.db.transaction(async (tx) => {
        rows = await this.claim(tx, BATCH_SIZE);
        if (!rows.length) return;
        await this.normaliser.apply(tx, rows, out);
        await tx.query(`DELETE FROM ingest_event WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      });
    } catch (err) {
      if (!rows.length) throw err;
      this.logger.warn(`batch of ${rows.length} failed (${(err as Error).message}); retrying one by one`);
      return this.processOneByOne(rows.length);
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
          if (!row) return;
          await this.normaliser.apply(tx, [row], out);
          await tx.query(`DELETE FROM ingest_event WHERE id = $1`, [row.id]);
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

  private async claim(tx: EntityManager, limit: number): Promise<IntakeRow[]> {
    const raw: { id: string; channel_id: string; event: InboundEvent }[] = await tx.query(
      `SELECT id, channel_id, event FROM ingest_event WHERE not_before <= now() ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return raw.map((r) => ({ id: r.id, channelId: r.channel_id, event: reviveEvent(r.event) }));
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

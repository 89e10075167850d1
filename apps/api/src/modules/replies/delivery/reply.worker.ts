import { PgListener } from '../../../database/pg-listener';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { ReplyDeliveryService } from './reply-delivery.service';
import { REPLY_QUEUE, REPLY_WAKEUP_CHANNEL, ReplyQueue, type ReplyJob } from './reply-queue';

/** Parallel pg-boss workers per process: a slow platform call stalls one batch, not all sends. */
const WORKERS = 4;
const BATCH_SIZE = 25;

/**
 * Works the reply queue (unless RUN_WORKERS=false): pg-boss fetches batches (claimed in one
 * statement, completed in one), LISTEN/NOTIFY wakes an idle worker after each accepting commit
 * instead of its poll, a full batch fetches again at once, and a sweep settles sends a dead worker
 * left in flight.
 */
@Injectable()
export class ReplyWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplyWorker.name);
  private workerIds: string[] = [];
  /** Which of this process's pg-boss workers are working a batch. */
  private readonly busy: boolean[] = [];
  private listener: PgListener | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly queue: ReplyQueue,
    private readonly delivery: ReplyDeliveryService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.RUN_WORKERS) return;
    const boss = await this.queue.boss();
    for (let i = 0; i < WORKERS; i++) {
      this.busy.push(false);
      this.workerIds.push(
        await boss.work<ReplyJob>(REPLY_QUEUE, { batchSize: BATCH_SIZE, pollingIntervalSeconds: 1 }, (jobs) => this.handle(boss, i, jobs)),
      );
    }
    await this.listen(boss);
    const every = Math.min(5_000, Math.max(500, Math.floor(this.delivery.leaseMs / 3)));
    this.sweepTimer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((err) => this.logger.error(`reply sweep failed: ${(err as Error).message}`))
        .finally(() => (this.sweeping = null));
    }, every);
    this.sweepTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sweeping;
    await this.listener?.close();
  }

  /** Never throws: pg-boss would otherwise fail the whole batch; each reply records its own outcome. */
  private async handle(boss: PgBoss, worker: number, jobs: PgBoss.Job<ReplyJob>[]): Promise<void> {
    this.busy[worker] = true;
    try {
      await this.delivery.deliver(jobs.map((job) => job.data));
    } catch (err) {
      this.logger.error(`reply batch of ${jobs.length}: ${(err as Error).stack ?? err}`);
    } finally {
      this.busy[worker] = false;
    }
    // A full batch means more are waiting: fetch again at once rather than after the poll interval.
    if (jobs.length === BATCH_SIZE) boss.notifyWorker(this.workerIds[worker]);
  }

  private async listen(boss: PgBoss): Promise<void> {
    // Commits arrive in bursts: coalesce them per tick and wake an idle worker (the next in turn
    // when all are busy: it fetches again as soon as its batch is done).
    let wakePending = false;
    let next = 0;
    const listener = new PgListener(
      this.runtime.databaseUrl,
      [REPLY_WAKEUP_CHANNEL],
      () => {
        if (wakePending) return;
        wakePending = true;
        setImmediate(() => {
          wakePending = false;
          const idle = this.busy.indexOf(false);
          boss.notifyWorker(this.workerIds[idle >= 0 ? idle : next++ % this.workerIds.length]);
        });
      },
      'ReplyWakeupListener',
    );
    await listener.start();
    this.listener = listener;
  }

  /** Sends left in flight by a dead worker, and queued replies whose job was lost with it. */
  private async sweep(): Promise<void> {
    const lease = `${this.delivery.leaseMs} milliseconds`;
    const inDoubt: { message_id: string; attempt: number }[] = await this.db.query(
      `SELECT message_id, attempt FROM reply_delivery WHERE state = 'sending' AND sending_since < now() - $1::interval ORDER BY created_at LIMIT 100`,
      [lease],
    );
    for (const d of inDoubt) await this.delivery.settleInDoubt(d.message_id, d.attempt);
    // A queued reply whose job is gone, or was fetched by a worker that died before claiming it
    // (claims follow fetches within milliseconds): a new attempt replaces it. A long backlog of
    // jobs still waiting in pg-boss is left alone.
    await this.db.transaction(async (m) => {
      const stuck: { message_id: string; attempt: number }[] = await m.query(
        `SELECT d.message_id, d.attempt FROM reply_delivery d
         LEFT JOIN pgboss.job j ON j.name = $2 AND j.id = d.job_id
         WHERE d.state = 'queued' AND d.updated_at < now() - $1::interval
           AND (j.id IS NULL OR j.state IN ('completed', 'cancelled', 'failed') OR (j.state = 'active' AND j.started_on < now() - $1::interval))
         ORDER BY d.created_at LIMIT 500 FOR UPDATE OF d SKIP LOCKED`,
        [lease, REPLY_QUEUE],
      );
      for (const d of stuck) await this.delivery.requeue(m, d);
    });
  }
}

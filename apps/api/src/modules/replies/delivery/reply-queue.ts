import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type PgBoss from 'pg-boss';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { JobQueue } from '../../jobs/jobs.module';
import { preparedQuery } from './prepared';

export const REPLY_QUEUE = 'reply-send';
/** NOTIFY channel that wakes delivery workers after a commit instead of at their next poll. */
export const REPLY_WAKEUP_CHANNEL = 'babillard_reply_send';

/** `attempt` fences the job: it only acts while the delivery row is still at that attempt. */
export interface ReplyJob {
  messageId: string;
  attempt: number;
}

/** A job to create under a known id (reply_delivery.job_id), so the sweep can check it is alive. */
export interface ReplyJobInsert extends ReplyJob {
  jobId: string;
}

/**
 * pg-boss runs its insert on the caller's connection, so the job commits or rolls back with the
 * rows. Its SQL text never changes: it runs as a prepared statement, planned once per connection.
 */
function onTransaction(manager: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      if (!manager.queryRunner?.isTransactionActive) throw new Error('enqueue needs a transactional EntityManager');
      return { rows: await preparedQuery(manager, 'reply_job', text, values ?? []) };
    },
  };
}

/**
 * The reply queue on pg-boss. Jobs are written in the caller's transaction; the workers' wake-up
 * NOTIFY goes out after that transaction commits, on its own, coalesced. Inside the transaction a
 * NOTIFY would take PostgreSQL's cluster-wide notify lock from pre-commit until the commit's WAL
 * flush, so every accepting transaction would wait for the previous one's fsync (a few hundred
 * commits a second at most, whatever the number of cores). Outside it, a NOTIFY is a read-only
 * transaction that needs no flush. A lost wake-up (the process dies between the commit and the
 * NOTIFY) costs one polling interval, never the job.
 */
@Injectable()
export class ReplyQueue implements OnModuleInit, EntitySubscriberInterface {
  private readonly logger = new Logger(ReplyQueue.name);
  private ready: Promise<PgBoss> | null = null;
  /** Transactions that enqueued a job to run now: the workers are woken when they commit. */
  private readonly wakeAfterCommit = new WeakSet<QueryRunner>();
  private notifying: Promise<void> | null = null;
  private wakeAgain = false;

  constructor(
    private readonly jobs: JobQueue,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    // TypeORM's after-commit hook: the documented way for a Nest provider to subscribe.
    db.subscribers.push(this);
  }

  async onModuleInit(): Promise<void> {
    await this.boss();
  }

  /** pg-boss, started, with the reply queue created (idempotent; every process may do it). */
  boss(): Promise<PgBoss> {
    this.ready ??= this.jobs.start().then(async (boss) => {
      // Retries and delays are decided per reply (backoff, platform waits), never by pg-boss.
      await this.jobs.ensureQueue(REPLY_QUEUE, { retryLimit: 0, expireInSeconds: 120 });
      return boss;
    });
    return this.ready;
  }

  /** pg-boss's `db` option for statements that must run in `manager`'s transaction. */
  transactionDb(manager: EntityManager): PgBoss.Db {
    return onTransaction(manager);
  }

  /** Enqueues delivery jobs inside `manager`'s transaction; workers are woken once it commits. */
  async enqueue(manager: EntityManager, jobs: ReplyJobInsert[], startAfter?: Date): Promise<void> {
    if (jobs.length === 0) return;
    const boss = await this.boss();
    const db = onTransaction(manager);
    const toJob = ({ jobId, ...data }: ReplyJobInsert) => ({ id: jobId, data });
    if (jobs.length === 1) {
      const { id, data } = toJob(jobs[0]);
      await boss.send(REPLY_QUEUE, data, { db, id, ...(startAfter ? { startAfter } : {}) });
    } else {
      await boss.insert(
        jobs.map((j) => ({ name: REPLY_QUEUE, ...toJob(j), ...(startAfter ? { startAfter } : {}) })),
        { db },
      );
    }
    // A delayed job is found by the workers' polling when it is due.
    if (!startAfter || startAfter.getTime() <= Date.now()) this.wakeAfterCommit.add(manager.queryRunner!);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // Also called when a savepoint is released: wait for the outermost commit.
    if (event.queryRunner.isTransactionActive || !this.wakeAfterCommit.has(event.queryRunner)) return;
    this.wakeAfterCommit.delete(event.queryRunner);
    this.wake();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.wakeAfterCommit.delete(event.queryRunner);
  }

  /**
   * Tells the workers (every process) that jobs are due. One NOTIFY at a time: wake-ups asked for
   * while one is on its way are folded into a single next one.
   */
  wake(): void {
    if (this.notifying) {
      this.wakeAgain = true;
      return;
    }
    this.notifying = this.db
      .query(`SELECT pg_notify($1, '')`, [REPLY_WAKEUP_CHANNEL])
      .then(
        () => undefined,
        (err: Error) => this.logger.warn(`could not wake the reply workers (they will poll): ${err.message}`),
      )
      .finally(() => {
        this.notifying = null;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../jobs/jobs.module';

export const REPLY_QUEUE = 'reply-send';
/** NOTIFY channel that wakes delivery workers at commit instead of at their next poll. */
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

/** pg-boss runs its insert on the caller's connection, so the job commits or rolls back with the rows. */
function onTransaction(manager: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      if (!manager.queryRunner) throw new Error('enqueue needs a transactional EntityManager');
      const result = await manager.queryRunner.query(text, values, true);
      return { rows: result.records };
    },
  };
}

@Injectable()
export class ReplyQueue implements OnModuleInit {
  private ready: Promise<PgBoss> | null = null;

  constructor(private readonly jobs: JobQueue) {}

  async onModuleInit(): Promise<void> {
    await this.boss();
  }

  /** pg-boss, started, with the reply queue created (idempotent; every process may do it). */
  boss(): Promise<PgBoss> {
    this.ready ??= this.jobs.start().then(async (boss) => {
      // Retries and delays are decided per reply (backoff, platform waits), never by pg-boss.
      await boss.createQueue(REPLY_QUEUE, { name: REPLY_QUEUE, retryLimit: 0, expireInSeconds: 120 });
      return boss;
    });
    return this.ready;
  }

  /** Enqueues delivery jobs inside `manager`'s transaction; workers wake when it commits. */
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
    if (!startAfter || startAfter.getTime() <= Date.now()) await manager.query(`SELECT pg_notify($1, '')`, [REPLY_WAKEUP_CHANNEL]);
  }
}

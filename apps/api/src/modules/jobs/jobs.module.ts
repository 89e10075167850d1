import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { RUNTIME, type Runtime } from '../../core/runtime';

/**
 * pg-boss on the application's PostgreSQL (schema `pgboss`): durable jobs shared by every API or
 * worker process. Jobs can be sent inside a TypeORM transaction (`send(..., { db })`) so a record
 * and its job commit together.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  readonly boss: PgBoss;
  private started: Promise<PgBoss> | null = null;
  private creating: Promise<unknown> = Promise.resolve();

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.boss = new PgBoss({ connectionString: runtime.databaseUrl, schema: 'pgboss', max: 10 });
    // One line: the error as logged whole carries the pg client it came from, thousands of characters of it.
    this.boss.on('error', (err: Error & { code?: string }) => this.logger.error(`pg-boss: ${err.message}${err.code ? ` (${err.code})` : ''}`));
  }

  /** Starts pg-boss once (creating its schema on first use) and returns it. */
  start(): Promise<PgBoss> {
    this.started ??= this.boss.start();
    return this.started;
  }

  /**
   * Creates a queue unless it exists. pg-boss attaches a partition to its job table for each new
   * queue, which can deadlock with another queue being created or jobs being fetched at the same
   * moment (several modules start at once, maybe in several processes): creations are chained
   * in this process and retried.
   */
  ensureQueue(name: string, options: Omit<PgBoss.Queue, 'name'> = {}): Promise<void> {
    const create = async () => {
      const boss = await this.start();
      for (let attempt = 1; ; attempt++) {
        if (await boss.getQueue(name)) return;
        try {
          await boss.createQueue(name, { ...options, name });
          return;
        } catch (err) {
          if (attempt >= 5) throw err;
          this.logger.warn(`creating queue ${name} failed (${(err as Error).message}), retrying`);
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 100));
        }
      }
    };
    const next = this.creating.then(create, create);
    this.creating = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs `handler` on one process of the cluster at each tick of `cron` (a singleton queue: a tick
   * still running or waiting is not doubled). Processes started with RUN_WORKERS=false leave it to
   * the others. Registered in the background: a process's HTTP server does not wait for pg-boss to
   * migrate its schema, and a registration that fails is logged.
   */
  scheduleSingleton(name: string, cron: string, handler: () => Promise<void>): void {
    if (!this.runtime.config.RUN_WORKERS) return;
    const register = async () => {
      const boss = await this.start();
      await this.ensureQueue(name, { policy: 'singleton' });
      await boss.schedule(name, cron);
      await boss.work(name, handler);
    };
    void register().catch((err: Error) => this.logger.error(`schedule ${name} not registered: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 5000 }).catch(() => undefined);
  }
}

@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}

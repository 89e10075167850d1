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

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    this.boss = new PgBoss({ connectionString: runtime.databaseUrl, schema: 'pgboss', max: 10 });
    this.boss.on('error', (err) => this.logger.error(err));
  }

  /** Starts pg-boss once (creating its schema on first use) and returns it. */
  start(): Promise<PgBoss> {
    this.started ??= this.boss.start();
    return this.started;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 5000 }).catch(() => undefined);
  }
}

@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}

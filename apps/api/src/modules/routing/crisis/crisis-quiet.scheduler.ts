import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { JobQueue } from '../../jobs/jobs.module';
import { CrisisQuietCloser } from './crisis-quiet-closer.service';

export const CRISIS_QUIET_QUEUE = 'routing.crisis-quiet';

/**
 * Every minute, one worker (pg-boss singleton schedule, as for pulls) closes the incidents whose
 * burst has faded. Processes started with RUN_WORKERS=false leave it to the others.
 */
@Injectable()
export class CrisisQuietScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CrisisQuietScheduler.name);

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly jobs: JobQueue,
    private readonly closer: CrisisQuietCloser,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runtime.config.RUN_WORKERS) return;
    // Not awaited: the HTTP server must not wait for pg-boss to migrate its schema.
    void this.register().catch((err: Error) => this.logger.error(`crisis quiet-period schedule not registered: ${err.message}`));
  }

  private async register(): Promise<void> {
    await this.jobs.scheduleSingleton(CRISIS_QUIET_QUEUE, '* * * * *', async () => {
      const closed = await this.closer.closeQuietIncidents();
      if (closed.length) this.logger.log(`crisis incidents closed after their quiet period: ${closed.length}`);
    });
  }
}

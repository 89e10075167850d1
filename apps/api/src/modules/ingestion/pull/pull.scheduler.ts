import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { JobQueue } from '../../jobs/jobs.module';
import { PullRunner } from './pull.runner';

export const PULL_QUEUE = 'ingestion.pull';

/** Every minute, one worker (pg-boss singleton schedule) runs the due pulls; cursors decide what is due. */
@Injectable()
export class PullScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PullScheduler.name);

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly jobs: JobQueue,
    private readonly runner: PullRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runtime.config.RUN_WORKERS) return;
    // Not awaited: the HTTP server must not wait for pg-boss to migrate its schema.
    void this.register().catch((err: Error) => this.logger.error(`pull schedule not registered: ${err.message}`));
  }

  private async register(): Promise<void> {
    await this.jobs.scheduleSingleton(PULL_QUEUE, '* * * * *', async () => {
      const summary = await this.runner.runDue();
      if (summary.ran) this.logger.log(`pulls: ${summary.ran} ran, ${summary.failed} failed`);
    });
  }
}

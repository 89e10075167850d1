import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../../jobs/jobs.module';
import { PullRunner } from './pull.runner';

export const PULL_QUEUE = 'ingestion.pull';

/** Every minute, one worker (pg-boss singleton schedule) runs the due pulls; cursors decide what is due. */
@Injectable()
export class PullScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PullScheduler.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly runner: PullRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.scheduleSingleton(PULL_QUEUE, '* * * * *', async () => {
      const summary = await this.runner.runDue();
      if (summary.ran) this.logger.log(`pulls: ${summary.ran} ran, ${summary.failed} failed`);
    });
  }
}

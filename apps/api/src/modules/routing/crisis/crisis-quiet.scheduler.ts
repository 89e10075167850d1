import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../../jobs/jobs.module';
import { CrisisQuietCloser } from './crisis-quiet-closer.service';

export const CRISIS_QUIET_QUEUE = 'routing.crisis-quiet';

/** Every minute, one worker (pg-boss singleton schedule, as for pulls) closes the incidents whose burst has faded. */
@Injectable()
export class CrisisQuietScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CrisisQuietScheduler.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly closer: CrisisQuietCloser,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.scheduleSingleton(CRISIS_QUIET_QUEUE, '* * * * *', async () => {
      const closed = await this.closer.closeQuietIncidents();
      if (closed.length) this.logger.log(`crisis incidents closed after their quiet period: ${closed.length}`);
    });
  }
}

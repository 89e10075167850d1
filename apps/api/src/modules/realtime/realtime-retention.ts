import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RealtimeEventRepository } from './realtime-event.repository';

/** Replay covers a day offline; a console away longer refetches (replay answers `complete: false`). */
export const REPLAY_RETENTION_MS = 24 * 3600 * 1000;
const EVERY_MS = 10 * 60 * 1000;

@Injectable()
export class RealtimeRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeRetention.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly log: RealtimeEventRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.log.prune(REPLAY_RETENTION_MS).catch((err) => this.logger.warn(`pruning realtime events failed: ${err}`)),
      EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

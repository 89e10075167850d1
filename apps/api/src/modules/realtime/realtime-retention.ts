import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PresenceService } from './presence.service';
import { RealtimeEventRepository } from './realtime-event.repository';

/** Replay covers a day offline; a console away longer refetches (replay answers `complete: false`). */
export const REPLAY_RETENTION_MS = 24 * 3600 * 1000;
const EVERY_MS = 10 * 60 * 1000;
const PRESENCE_SWEEP_MS = 60 * 1000;

/** Housekeeping of the realtime layer: the replay log's retention, and presence left behind by a dead process. */
@Injectable()
export class RealtimeRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeRetention.name);
  private timer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: RealtimeEventRepository,
    private readonly presence: PresenceService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.log.prune(REPLAY_RETENTION_MS).catch((err) => this.logger.warn(`pruning realtime events failed: ${err}`)),
      EVERY_MS,
    );
    this.timer.unref();
    this.presenceTimer = setInterval(
      () => void this.presence.sweep().catch((err) => this.logger.warn(`presence sweep failed: ${err}`)),
      PRESENCE_SWEEP_MS,
    );
    this.presenceTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
  }
}

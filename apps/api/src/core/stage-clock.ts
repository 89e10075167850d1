import { channel } from 'node:diagnostics_channel';

/** What one step of the hot path took: `stage` names it (`intake.claim`), `size` counts what it handled. */
export interface StageTiming {
  stage: string;
  ms: number;
  size: number;
}

/**
 * The diagnostics channel the hot path's steps are timed on: a webhook's store (intake.store), its
 * intake batch (claim, apply, commit), then the realtime publisher (re-read; append: the payloads
 * built and stored) and the sockets' writes (flush). bench:fanout's probe subscribes, to show where a batch's milliseconds go
 * from inside the process; so can a profiler.
 */
export const STAGE_CHANNEL = 'babillard:stage';
const stages = channel(STAGE_CHANNEL);

/** Laps of one pass through the hot path. With nobody subscribed (production), none is made and no clock is read. */
export class StageClock {
  private last = performance.now();

  private constructor() {}

  /** A clock when someone listens on STAGE_CHANNEL, else null: callers write `clock?.lap(…)`. */
  static start(): StageClock | null {
    return stages.hasSubscribers ? new StageClock() : null;
  }

  /** Publishes the time since the previous lap (or the start) as `stage`, which handled `size` items. */
  lap(stage: string, size: number): void {
    const now = performance.now();
    const timing: StageTiming = { stage, ms: now - this.last, size };
    stages.publish(timing);
    this.last = now;
  }
}

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { STAGE_CHANNEL, StageClock, type StageTiming } from './stage-clock';

describe('StageClock', () => {
  it('makes no clock while nobody listens', () => {
    expect(StageClock.start()).toBeNull();
  });

  it('publishes each lap as the time since the previous one, with its size', async () => {
    const laps: StageTiming[] = [];
    const listener = (m: unknown) => laps.push(m as StageTiming);
    subscribe(STAGE_CHANNEL, listener);
    try {
      const clock = StageClock.start();
      expect(clock).not.toBeNull();
      await new Promise((r) => setTimeout(r, 30));
      clock!.lap('test.first', 3);
      clock!.lap('test.second', 0);
    } finally {
      unsubscribe(STAGE_CHANNEL, listener);
    }
    expect(laps.map((l) => [l.stage, l.size])).toEqual([
      ['test.first', 3],
      ['test.second', 0],
    ]);
    expect(laps[0].ms).toBeGreaterThanOrEqual(25);
    expect(laps[1].ms).toBeLessThan(laps[0].ms);
    expect(StageClock.start()).toBeNull();
  });
});

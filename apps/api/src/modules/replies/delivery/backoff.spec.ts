import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles with each failure and stays within [half, full] of the exponential step', () => {
    expect(backoffDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
  });

  it('is capped', () => {
    expect(backoffDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('spreads retries that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(4, 1000)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

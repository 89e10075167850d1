import { DEFAULT_SPIKE_POLICY, detectSpike } from './spike-detector';

const policy = DEFAULT_SPIKE_POLICY; // 15 min window, 24 h baseline, min 5, ×3
const DAY = 24 * 60 - 15;

describe('detectSpike', () => {
  it('needs the minimum count even over a silent baseline', () => {
    expect(detectSpike(4, 0, 0, policy).spike).toBe(false);
    expect(detectSpike(5, 0, 0, policy).spike).toBe(true);
  });

  it('compares the window with the learned usual rate', () => {
    // A full day of history holds 95 windows of 15 min: 4 signals per window usually.
    const usual = 4 * 95;
    expect(detectSpike(10, usual, DAY, policy)).toMatchObject({ spike: false, expected: 4 });
    expect(detectSpike(12, usual, DAY, policy).spike).toBe(true);
  });

  it('learns the rate over the history it has, not over an empty day', () => {
    // Six complaints per window for the last two hours (8 windows): that is the level, not a spike.
    expect(detectSpike(6, 48, 120, policy)).toMatchObject({ spike: false, expected: 6 });
    // Over a whole day the same 48 would look like half a signal per window.
    expect(detectSpike(6, 48, DAY, policy).spike).toBe(true);
  });

  it('a steady rate, however high, is not a spike', () => {
    expect(detectSpike(30, 30 * 95, DAY, policy).spike).toBe(false);
  });
});

export interface SpikePolicy {
  /** The sliding window whose count is compared with the usual rate. */
  windowMinutes: number;
  /** How far back the usual rate is learned from (excluding the window itself). */
  baselineHours: number;
  /** Fewer signals than this in the window never open an incident, however quiet the baseline. */
  minCount: number;
  /** How many times the usual rate the window must reach. */
  factor: number;
}

export const DEFAULT_SPIKE_POLICY: SpikePolicy = { windowMinutes: 15, baselineHours: 24, minCount: 5, factor: 3 };

export interface SpikeDecision {
  spike: boolean;
  /** Signals a window usually holds, learned from the baseline period. */
  expected: number;
  recent: number;
}

/**
 * A spike is a window holding at least `minCount` signals and at least `factor` times what a
 * window of the baseline period held on average (at least one, so a silent history does not make
 * every small cluster a crisis). The average is taken over the part of the baseline period that
 * has history (`observedMinutes`, from its first signal to the window), so a brand whose steady
 * level of complaints began two hours ago is not compared with an empty day.
 */
export function detectSpike(recent: number, baselineCount: number, observedMinutes: number, policy: SpikePolicy): SpikeDecision {
  const maxMinutes = policy.baselineHours * 60 - policy.windowMinutes;
  const windows = Math.max(1, Math.min(observedMinutes, maxMinutes) / policy.windowMinutes);
  const expected = baselineCount / windows;
  const spike = recent >= policy.minCount && recent >= policy.factor * Math.max(expected, 1);
  return { spike, expected: Math.round(expected * 100) / 100, recent };
}

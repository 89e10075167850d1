/**
 * Delay before retry number `failures` (1-based): exponential, capped, with "equal jitter" — half
 * fixed, half random — so replies that failed together (a platform outage) do not retry in lockstep.
 */
export function backoffDelayMs(failures: number, baseMs: number, capMs = 5 * 60_000, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** Defensive readers for platform JSON: unknown or missing fields read as null, never throw. */
export type JsonObject = Record<string, unknown>;

export function obj(v: unknown): JsonObject | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Ids stay strings: platform ids overflow Number. A number is accepted only when it is a safe integer. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.length ? v : null;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return null;
}

export function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

/** Seconds or milliseconds since the epoch (number or numeric string) → Date. */
export function epoch(v: unknown, unit: 's' | 'ms' | 'auto'): Date | null {
  const n = num(v);
  if (n === null || n <= 0) return null;
  // 'auto': Meta's entry.time is seconds for feed/comment changes and milliseconds for messaging.
  const seconds = unit === 's' || (unit === 'auto' && n < 1e12);
  return new Date(seconds ? n * 1000 : n);
}

export function isoDate(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t);
}

/** Tally of skipped items by reason. */
export class SkipCounter {
  readonly counts: Record<string, number> = {};
  add(reason: string, n = 1): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + n;
  }
}

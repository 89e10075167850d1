import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Client } from 'pg';

/** Small helpers the benchmark scripts share. */

/**
 * Node flags the API and worker run with in production (`npm start`, docker/Dockerfile): a larger
 * young generation, so the many short-lived objects of each request die in fewer scavenges, and two
 * GC helper threads rather than four, so a collection does not take every core from PostgreSQL.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16', '--v8-pool-size=2'];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile of an ascending array (NaN when empty). */
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Runs `fn` on a short-lived connection to `url`. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build Node supports). */
const CLOCK_TICKS = 100;

/** CPU seconds a process has used so far (all its threads); 0 where /proc is missing. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by each process named `postgres` (on a bench machine: the database), by pid. */
export function postgresCpuSeconds(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') byPid.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
}

/** CPU seconds between two postgresCpuSeconds() readings, counting the processes present at both (connections are pooled). */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) if (before.has(pid)) total += seconds - before.get(pid)!;
  return total;
}

/** The machine's busy and total CPU seconds so far, over every core (from /proc/stat). */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = ticks[3] + ticks[4];
    return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * How fast this machine is right now, for reading the figures that follow: a fixed CPU loop, and
 * PostgreSQL round trips (`SELECT 1`) on one connection. On a shared VM both vary from hour to hour.
 */
export async function machineCheck(databaseUrl: string): Promise<string> {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 100_000_000; i++) x += i % 7;
  const loopMs = performance.now() - started;
  const trips = await withClient(databaseUrl, async (c) => {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      await c.query('SELECT 1');
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b);
  });
  return `machine check: CPU loop ${loopMs.toFixed(0)} ms (checksum ${x % 10}), PostgreSQL round trip p50 ${(percentile(trips, 50) * 1000).toFixed(0)} µs, p99 ${(percentile(trips, 99) * 1000).toFixed(0)} µs`;
}

import { createServer } from 'node:net';
import { Client } from 'pg';

/** Small helpers the benchmark scripts share. */

/**
 * Node flags the API and worker run with in production (`npm start`, docker/Dockerfile): a larger
 * young generation, so the many short-lived objects of each request die in fewer scavenges, and two
 * GC helper threads rather than four, so a collection does not take every core from PostgreSQL.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32', '--v8-pool-size=1'];

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

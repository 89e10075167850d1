/**
 * CPU time and memory of the processes taking part in a benchmark, read from /proc (Linux; other
 * systems print nothing). CPU is what each process spent between two snapshots, so the figures say
 * where the machine's time goes: the API, the worker, PostgreSQL's backends for the benchmark's
 * database, the fake platforms and the load generator itself.
 */
import { readFileSync } from 'node:fs';
import type { Client } from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface CpuSnapshot {
  at: number;
  /** pid → CPU ms (user + system). */
  cpu: Map<number, number>;
}

function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export function snapshot(pids: number[]): CpuSnapshot {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    const ms = cpuMs(pid);
    if (ms !== null) cpu.set(pid, ms);
  }
  return { at: performance.now(), cpu };
}

/**
 * CPU ms spent by `pids` between two snapshots. A process that started in between (drain mode's
 * worker, a new database connection) counts from zero; one gone by the second snapshot is not seen.
 */
export function spent(before: CpuSnapshot, after: CpuSnapshot, pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    const b = after.cpu.get(pid);
    if (b !== undefined) total += b - (before.cpu.get(pid) ?? 0);
  }
  return total;
}

/** Resident memory now and at its peak, in MiB (null where /proc is missing). */
export function memory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Whole-machine CPU use between two reads of /proc/stat: busy ms and the number of CPUs. */
export function machineBusyMs(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** The PostgreSQL backends serving `client`'s database, other than `client` itself. */
export async function databaseBackends(client: Client): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return rows.map((r) => r.pid);
}

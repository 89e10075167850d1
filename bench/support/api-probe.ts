import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Preload for a benchmarked API process (see api-probe.js); spawn it with apiProbeStdio. */
export const API_PROBE_ARGS = ['--require', resolve(__dirname, 'api-probe.js')];
/** stdio for spawn: the probe talks over fd 3 (stdout and stderr as given). */
export const apiProbeStdio = (stdout: 'ignore' | 'inherit' | 'pipe', stderr: 'ignore' | 'inherit' | 'pipe') =>
  ['ignore', stdout, stderr, 'pipe'] as ['ignore', typeof stdout, typeof stderr, 'pipe'];

interface Pauses {
  count: number;
  totalMs: number;
  longestMs: number;
}

export interface ProbeReport {
  /** Share of the window the event loop spent running code (eventLoopUtilization). */
  loopBusy: number;
  /** How late the loop's 2 ms ticks fired: how long a callback that became ready had to wait. */
  loopDelayMs: { p50: number; p99: number; max: number };
  gc: { major: Pauses; minor: Pauses; other: Pauses };
  /** Each major collection: [its incremental marking began, its final pause ended], wall-clock ms (Date.now's clock). */
  majorCycles?: [number, number][];
  /** The API's timings of its hot path (`babillard:stage`), per stage: laps, ms p50/p99/max, items handled per lap. */
  stages: Record<string, { count: number; p50: number; p99: number; max: number; meanSize: number }>;
  /** process.memoryUsage() when the window closed, in MB: what the RSS is made of. */
  memoryMb?: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

/** The hot path's steps in the order an event goes through them; a stage not listed comes after. */
const STAGE_ORDER = ['intake.store', 'intake.claim', 'intake.apply', 'intake.commit', 'realtime.reread', 'realtime.append', 'realtime.flush'];
/** What a stage's size counts. */
const STAGE_UNIT: Record<string, string> = { intake: 'rows', 'realtime.reread': 'ids', 'realtime.append': 'events', 'realtime.flush': 'sockets' };

/** The measured window of one API process: `reset` opens it, `report` closes it and answers. */
export class ApiProbe {
  /** Reports asked for, oldest first; one that timed out still takes its (late) answer, so answers never shift. */
  private waiting: ((line: string) => void)[] = [];

  private constructor(private readonly pipe: Readable & Writable) {
    let buffered = '';
    pipe.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    pipe.on('error', () => undefined);
  }

  static of(child: ChildProcess): ApiProbe | null {
    const pipe = child.stdio[3] as (Readable & Writable) | null | undefined;
    return pipe ? new ApiProbe(pipe) : null;
  }

  reset(): void {
    this.pipe.write('reset\n');
  }

  /** The window's figures, or null if the process does not answer within a few seconds. */
  report(): Promise<ProbeReport | null> {
    this.pipe.write('report\n');
    return new Promise((done) => {
      const timer = setTimeout(() => done(null), 5000);
      this.waiting.push((line) => {
        clearTimeout(timer);
        done(JSON.parse(line) as ProbeReport);
      });
    });
  }
}

/** One line per process: how busy its loop was, how long callbacks waited, and what the GC paused. */
export function describeProbe(report: ProbeReport): string {
  const { loopBusy, loopDelayMs: d, gc } = report;
  const pauses = (p: Pauses) => `${p.count} (${p.totalMs.toFixed(0)} ms, longest ${p.longestMs.toFixed(1)} ms)`;
  return (
    `API event loop ${(loopBusy * 100).toFixed(0)}% busy, callbacks waited p50 ${d.p50.toFixed(1)} / p99 ${d.p99.toFixed(1)} / max ${d.max.toFixed(1)} ms; ` +
    `GC pauses: major ${pauses(gc.major)}, minor ${pauses(gc.minor)}` +
    (gc.other.count ? `, incremental/weak ${pauses(gc.other)}` : '') +
    (report.memoryMb
      ? `; memory at the end: heap ${report.memoryMb.heapUsed.toFixed(0)} of ${report.memoryMb.heapTotal.toFixed(0)} MB, external ${report.memoryMb.external.toFixed(0)} MB (array buffers ${report.memoryMb.arrayBuffers.toFixed(0)})`
      : '')
  );
}

/**
 * One line: each step of the API's hot path as it timed it (laps, p50 / p99 ms, mean items per lap),
 * in the order an event goes through them; null when the API published none (no load, or an older build).
 */
export function describeStages(report: ProbeReport): string | null {
  const rank = (stage: string) => (STAGE_ORDER.includes(stage) ? STAGE_ORDER.indexOf(stage) : STAGE_ORDER.length);
  const stages = Object.entries(report.stages ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  if (!stages.length) return null;
  const unit = (stage: string) => STAGE_UNIT[stage] ?? STAGE_UNIT[stage.split('.')[0]] ?? 'items';
  return `inside the API, per step (laps: p50 / p99 / max ms, mean size): ${stages
    .map(([stage, s]) => `${stage} ${s.count}: ${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} / ${s.max.toFixed(0)} (${s.meanSize.toFixed(1)} ${unit(stage)})`)
    .join(', ')}`;
}

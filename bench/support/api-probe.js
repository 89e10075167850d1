'use strict';
/**
 * Preloaded into a benchmarked API process (`node --require bench/support/api-probe.js …`, with a pipe
 * on fd 3): how its event loop and garbage collector behaved while measured, which is what a latency
 * tail is made of (a request waits behind whatever holds the loop), and how long each step of its hot
 * path took (the API's `babillard:stage` diagnostics channel). The benchmark writes `reset` when
 * the measured window opens and `report` when it closes; the answer is one JSON line. Nothing of it
 * runs in production: only benchmarks load this file.
 */
const { subscribe } = require('node:diagnostics_channel');
const { Socket } = require('node:net');
const { monitorEventLoopDelay, performance, PerformanceObserver, constants } = require('node:perf_hooks');

const FD = 3;
let pipe;
try {
  pipe = new Socket({ fd: FD, readable: true, writable: true });
} catch {
  pipe = null; // started without the benchmark's pipe: nothing to report to
}

if (pipe) {
  pipe.unref();
  // 2 ms: fine enough to see a block of a few milliseconds, coarse enough to cost next to nothing.
  const RESOLUTION_MS = 2;
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let since = performance.eventLoopUtilization();
  let gc = { major: [], minor: [], other: [] };
  /** Each major collection as [start of its incremental marking, end of its final pause], wall-clock ms. */
  let majorCycles = [];
  let markingSince = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = e.detail ? e.detail.kind : e.kind;
      const into = kind === constants.NODE_PERFORMANCE_GC_MAJOR ? gc.major : kind === constants.NODE_PERFORMANCE_GC_MINOR ? gc.minor : gc.other;
      into.push(e.duration);
      const at = performance.timeOrigin + e.startTime;
      if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) markingSince ??= at;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        majorCycles.push([markingSince ?? at, at + e.duration]);
        markingSince = null;
      }
    }
  }).observe({ entryTypes: ['gc'] });

  // The API's own timings of its hot path (apps/api/src/core/stage-clock.ts): per stage, each lap's ms and size.
  let stages = new Map();
  subscribe('babillard:stage', ({ stage, ms, size }) => {
    let s = stages.get(stage);
    if (!s) stages.set(stage, (s = { ms: [], size: 0 }));
    s.ms.push(ms);
    s.size += size;
  });
  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const stageSummary = () =>
    Object.fromEntries(
      [...stages].map(([stage, { ms, size }]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        return [stage, { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1], meanSize: size / sorted.length }];
      }),
    );

  const summary = (pauses) => ({
    count: pauses.length,
    totalMs: pauses.reduce((s, d) => s + d, 0),
    longestMs: pauses.reduce((m, d) => Math.max(m, d), 0),
  });

  let buffered = '';
  pipe.on('data', (chunk) => {
    buffered += chunk.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const command = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (command === 'reset') {
        delay.reset();
        since = performance.eventLoopUtilization();
        gc = { major: [], minor: [], other: [] };
        majorCycles = [];
        stages = new Map();
      } else if (command === 'report') {
        // The histogram holds each tick's whole interval: what exceeds the tick is the delay.
        const ms = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
        pipe.write(
          `${JSON.stringify({
            loopBusy: performance.eventLoopUtilization(since).utilization,
            loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
            gc: { major: summary(gc.major), minor: summary(gc.minor), other: summary(gc.other) },
            majorCycles,
            stages: stageSummary(),
            memoryMb: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, v / 1024 / 1024])),
          })}\n`,
        );
      }
    }
  });
  pipe.on('error', () => undefined); // the benchmark went away: the API carries on
}

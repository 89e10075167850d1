/**
 * Ingestion benchmark: `npm run bench:ingest [-- --batch 5 --rates 500,1000,1500,2000,2500 --seconds 6]`.
 *
 * 1. Measures the raw limit: single-row INSERTs per second into a fresh database on the same
 *    PostgreSQL, from this machine (16 connections, autocommit, one row per statement).
 * 2. Starts the built API (`dist/api/apps/api/src/main.js`) on that database as its own process.
 * 3. Posts signed, mixed-platform webhooks (Facebook, Instagram, WhatsApp, X) over loopback at
 *    increasing rates (open loop) and prints, per step: events/s acknowledged (= durably stored),
 *    p50/p99 response time, errors.
 * 4. Waits for the intake to be normalised and checks every acknowledged event is a message exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Pool } from 'pg';
import { buildWebhook, SIMULATED_EVENTS, type SignedWebhook } from '../../apps/api/src/simulator/webhook-payloads';
import { freePort, percentile, SERVER_NODE_FLAGS, sleep, withClient } from '../support/bench-kit';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '5' },
    rates: { type: 'string', default: '500,1000,1500,2000,2500,3000' },
    seconds: { type: 'string', default: '6' },
    'raw-seconds': { type: 'string', default: '4' },
    'raw-connections': { type: 'string', default: '16' },
    /** `inline`: the API normalises as it would in production; `after`: the API only takes webhooks
     *  during the steps (RUN_WORKERS=false) and a second API process normalises afterwards. */
    normalise: { type: 'string', default: 'inline' },
  },
});
const BATCH = Math.max(1, Number(values.batch));
const RATES = values.rates!.split(',').map(Number);
const STEP_SECONDS = Number(values.seconds);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRETS = { META_APP_SECRET: 'bench-meta-secret', META_VERIFY_TOKEN: 'bench-verify', X_CONSUMER_SECRET: 'bench-x-secret' };
const CHANNELS = { facebook: '100473908465587', instagram: '17841405726653026', whatsapp: '106540352242922', x: '2244994945' };
const MAX_IN_FLIGHT = 512;

const dbUrl = (name: string) => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

const admin = <T>(fn: (c: Client) => Promise<T>) => withClient(SERVER_URL, fn);



/** Single-row autocommit INSERTs, as fast as `connections` clients can go: the ceiling any intake works under. */
async function measureRawLimit(url: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: Number(values['raw-connections']) });
  await pool.query(`CREATE TABLE raw_insert_probe (id bigserial PRIMARY KEY, channel_id uuid NOT NULL, event jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
  const sample = JSON.parse(buildWebhook('whatsapp', { channels: CHANNELS, metaAppSecret: 'x', xConsumerSecret: 'x' }).body);
  const payload = JSON.stringify(sample);
  const channelId = '00000000-0000-4000-8000-000000000001';
  const until = Date.now() + Number(values['raw-seconds']) * 1000;
  let count = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: Number(values['raw-connections']) }, async () => {
      while (Date.now() < until) {
        await pool.query(`INSERT INTO raw_insert_probe (channel_id, event) VALUES ($1, $2)`, [channelId, payload]);
        count++;
      }
    }),
  );
  const rate = count / ((Date.now() - started) / 1000);
  await pool.query(`DROP TABLE raw_insert_probe`);
  await pool.end();
  return rate;
}

async function startApi(url: string, port: number, runWorkers: boolean): Promise<ChildProcess> {
  const main = resolve(__dirname, '../../dist/api/apps/api/src/main.js');
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, main], {
    env: { ...process.env, ...SECRETS, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', BABILLARD_DEMO: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RUN_WORKERS: String(runWorkers) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    await sleep(200);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false);
    if (ok) return child;
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
  }
  throw new Error('API did not become healthy');
}

async function seedChannels(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ id: workspaceId }] = (await c.query(`INSERT INTO workspace (name, settings) VALUES ('Bench', '{}') RETURNING id`)).rows;
  for (const [platform, externalId] of Object.entries(CHANNELS)) {
    await c.query(`INSERT INTO channel (workspace_id, platform, external_id, name, status, settings) VALUES ($1, $2, $3, $3, 'active', '{}')`, [workspaceId, platform, externalId]);
  }
  await c.end();
}

interface StepResult {
  offered: number;
  seconds: number;
  acked: number;
  requests: number;
  errors: Record<string, number>;
  latencies: number[];
  ackedIds: string[];
}

function post(agent: http.Agent, port: number, hook: SignedWebhook): Promise<number> {
  return new Promise((res, rej) => {
    const req = http.request({ host: '127.0.0.1', port, path: hook.path, method: 'POST', headers: { ...hook.headers, 'content-length': Buffer.byteLength(hook.body) }, agent }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode ?? 0));
    });
    req.on('error', rej);
    req.end(hook.body);
  });
}

/** Open loop: webhooks leave on schedule whatever the server's speed; latency includes any queueing. */
async function runStep(agent: http.Agent, port: number, eventsPerSecond: number, seconds: number): Promise<StepResult> {
  const result: StepResult = { offered: eventsPerSecond, seconds: 0, acked: 0, requests: 0, errors: {}, latencies: [], ackedIds: [] };
  const requestsPerSecond = eventsPerSecond / BATCH;
  const total = Math.round(requestsPerSecond * seconds);
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * requestsPerSecond) + 1);
    for (; sent < due; sent++) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        result.errors.generator_saturated = (result.errors.generator_saturated ?? 0) + 1;
        continue;
      }
      const hook = buildWebhook(SIMULATED_EVENTS[sent % SIMULATED_EVENTS.length], { channels: CHANNELS, metaAppSecret: SECRETS.META_APP_SECRET, xConsumerSecret: SECRETS.X_CONSUMER_SECRET }, BATCH);
      const t0 = performance.now();
      result.requests++;
      const p: Promise<void> = post(agent, port, hook)
        .then((status) => {
          result.latencies.push(performance.now() - t0);
          if (status === 200) {
            result.acked += hook.externalIds.length;
            result.ackedIds.push(...hook.externalIds);
          } else result.errors[String(status)] = (result.errors[String(status)] ?? 0) + 1;
        })
        .catch((err: Error) => {
          result.errors[err.message] = (result.errors[err.message] ?? 0) + 1;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(2);
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  result.latencies.sort((a, b) => a - b);
  return result;
}

async function main() {
  const name = `bab_bench_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = dbUrl(name);
  let api: ChildProcess | null = null;
  let normaliser: ChildProcess | null = null;
  try {
    const cpuCount = (await import('node:os')).cpus().length;
    console.log(`Babillard ingestion benchmark — ${cpuCount} CPU(s), load average ${(await import('node:os')).loadavg()[0].toFixed(1)}, normalisation ${values.normalise}, PostgreSQL at ${new URL(SERVER_URL).host}, ${BATCH} event(s) per webhook, ${STEP_SECONDS}s per step`);
    const port = await freePort();
    const inline = values.normalise !== 'after';
    api = await startApi(url, port, inline);
    await seedChannels(url);
    // Same database, measured with the API idle (started, migrated): the ceiling of one row per statement.
    const rawLimit = await measureRawLimit(url);
    console.log(`raw limit: ${rawLimit.toFixed(0)} single-row inserts/s (${values['raw-connections']} connections, autocommit)`);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    await runStep(agent, port, 300, 2); // warm-up (JIT, pools, channel cache)
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`SELECT 1`);
    const normaliseStart = Date.now();
    const ackedIds: string[] = [];
    const warmupAcked = Number((await c.query(`SELECT count(*) AS n FROM message`)).rows[0].n) + Number((await c.query(`SELECT count(*) AS n FROM ingest_event`)).rows[0].n);

    console.log('\n offered ev/s | stored ev/s | webhooks/s | p50 ms | p99 ms | errors');
    let best: { rate: number; p50: number; p99: number } | null = null;
    for (const rate of RATES) {
      const r = await runStep(agent, port, rate, STEP_SECONDS);
      ackedIds.push(...r.ackedIds);
      const stored = r.acked / r.seconds;
      const p50 = percentile(r.latencies, 50);
      const p99 = percentile(r.latencies, 99);
      const errors = Object.entries(r.errors).map(([k, v]) => `${k}:${v}`).join(' ') || '-';
      console.log(
        ` ${String(rate).padStart(12)} | ${stored.toFixed(0).padStart(11)} | ${(r.requests / r.seconds).toFixed(0).padStart(10)} | ${p50.toFixed(1).padStart(6)} | ${p99.toFixed(1).padStart(6)} | ${errors}`,
      );
      const sustained = p99 < 100 && Object.keys(r.errors).length === 0 && stored >= rate * 0.95;
      if (sustained && (!best || stored > best.rate)) best = { rate: stored, p50, p99 };
      await sleep(1500);
    }
    agent.destroy();

    // Normalisation catches up after the load; every acknowledged event must be one message.
    if (!inline) {
      console.log('\nstarting a normalising API process now that the load is over…');
      await startApi(url, await freePort(), true).then((worker) => (normaliser = worker));
    }
    let pending = Infinity;
    while (pending > 0) {
      pending = Number((await c.query(`SELECT count(*) AS n FROM ingest_event`)).rows[0].n);
      if (pending > 0) await sleep(250);
    }
    const normaliseSeconds = (Date.now() - normaliseStart) / 1000;
    const found = (await c.query(`SELECT external_id, count(*) AS n FROM message WHERE external_id = ANY($1) GROUP BY external_id`, [ackedIds])).rows as { n: string }[];
    const duplicates = found.filter((r) => Number(r.n) !== 1).length;
    const total = Number((await c.query(`SELECT count(*) AS n FROM message`)).rows[0].n);
    await c.end();

    console.log(`\nnormalised: ${total - warmupAcked} messages from the steps in ${normaliseSeconds.toFixed(1)}s from first step to empty intake (${((total - warmupAcked) / normaliseSeconds).toFixed(0)} messages/s)`);
    console.log(`exactly once: ${found.length}/${ackedIds.length} acknowledged events stored as messages, ${duplicates} duplicated`);
    if (best) {
      console.log(`\nRESULT sustained ${best.rate.toFixed(0)} events/s stored, p50 ${best.p50.toFixed(1)} ms, p99 ${best.p99.toFixed(1)} ms; raw limit ${rawLimit.toFixed(0)}/s; ratio ${(best.rate / rawLimit).toFixed(2)}`);
    } else {
      console.log(`\nRESULT no step was sustained (p99 < 100 ms, no errors, ≥95% of offered stored); raw limit ${rawLimit.toFixed(0)}/s`);
    }
  } finally {
    (normaliser as ChildProcess | null)?.kill('SIGTERM');
    api?.kill('SIGTERM');
    await sleep(1000);
    if (api && api.exitCode === null) api.kill('SIGKILL');
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Fan-out benchmark: `npm run bench:fanout [-- --agents 1000 --teams 10 --rates 200,1000 --seconds 10 --warmup-seconds 5 --windows 3 --arrivals poisson|even|burst --mode single|split --processes 1]`.
 *
 * 0. Prints a machine check (a CPU loop and PostgreSQL round trips), to read the figures against.
 * 1. Starts the built API (`dist/api/apps/api/src/main.js`) as its own process on a fresh database of
 *    the machine's PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 * 2. Seeds one workspace: `--teams` teams, `--agents` agents spread over them, one `api` channel per
 *    team whose default team it is, and connects every agent over socket.io (WebSocket transport).
 * 3. At each rate, posts signed webhooks (`POST /webhooks/api/:channelId`) for `--warmup-seconds`
 *    (not measured), then for `--seconds` seconds, and records when each event's `message.created`
 *    reaches each agent of its team: webhook-to-socket latency p50/p99 over every delivery,
 *    deliveries missed, the API processes' memory (RSS), and the CPU that the API, the database's
 *    PostgreSQL backends and the whole machine used while measured (on a shared or saturated
 *    machine, read latencies with it).
 * `--mode split` runs the API with RUN_WORKERS=false beside a worker process (worker.js) that
 * normalises and routes, woken by NOTIFY, and relays what changed to the API, which pushes it.
 * `--processes N` starts N API processes on the database, as behind a load balancer: agents and
 * webhooks are spread over them, and events cross between them through the socket.io adapter.
 */
import { JwtService } from '@nestjs/jwt';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { TokenCipher } from '../../apps/api/src/core/token-cipher';
import { Worker } from 'node:worker_threads';
import { API_PROBE_ARGS, ApiProbe, apiProbeStdio, describeProbe, describeStages } from '../support/api-probe';
import { freePort, machineCheck, SERVER_NODE_FLAGS, withClient } from '../support/bench-kit';
import { databaseBackends, machineBusyMs, memory, snapshot, spent } from '../support/proc-stats';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '1000' },
    teams: { type: 'string', default: '10' },
    rates: { type: 'string', default: '200,1000' },
    seconds: { type: 'string', default: '10' },
    threads: { type: 'string', default: '50' },
    /** client threads holding the agents' sockets */
    workers: { type: 'string', default: '2' },
    /** webhook: ingested messages (message.created); patch: agents' changes through the REST API (conversation.updated), realtime alone. */
    source: { type: 'string', default: 'webhook' },
    /** single: one API process does everything; split: an API process with RUN_WORKERS=false beside a worker process (worker.js) that normalises and routes. */
    mode: { type: 'string', default: 'single' },
    /** API processes on one database (as behind a load balancer): agents and webhooks spread over them, fan-out through the socket adapter. */
    processes: { type: 'string', default: '1' },
    /** seconds of the same load before each rate's measured seconds, not counted */
    'warmup-seconds': { type: 'string', default: '5' },
    /**
     * When a tick's webhooks leave: poisson (default: at independent random times within the tick, as
     * customers write, so webhooks sometimes arrive together), even (evenly spaced), burst (all at the
     * start of the tick: the worst case, every team's webhook at the same instant).
     */
    arrivals: { type: 'string', default: 'poisson' },
    /** also print each measured second's p50 / max, to tell a steady delay from spikes */
    timeline: { type: 'boolean', default: false },
    /** measured windows per rate (after one warm-up), each printed, then the spread of their p99 */
    windows: { type: 'string', default: '3' },
  },
});
const AGENTS = Number(values.agents);
const TEAMS = Number(values.teams);
const RATES = values.rates!.split(',').map(Number);
const SECONDS = Number(values.seconds);
const SPLIT = values.mode === 'split';
const PROCESSES = Math.max(1, Number(values.processes));
const WARMUP_SECONDS = Math.max(0, Number(values['warmup-seconds']));
const WINDOWS = Math.max(1, Number(values.windows));
const THREADS_PER_CHANNEL = Number(values.threads);
const WORKERS = Math.max(1, Number(values.workers));
const SOURCE = values.source === 'patch' ? 'patch' : 'webhook';
const TICK_MS = 50;
const ARRIVALS = values.arrivals === 'even' || values.arrivals === 'burst' ? values.arrivals : 'poisson';
if (values.arrivals !== ARRIVALS) throw new Error(`--arrivals must be poisson, even or burst (got ${values.arrivals})`);

/**
 * When each of a tick's `count` webhooks leaves, in ms after the tick starts. Uniform random times
 * within the tick, sorted, are a Poisson process conditioned on the tick's count: the offered rate
 * stays exact while arrivals cluster as independent ones do.
 */
function departures(count: number): number[] {
  if (ARRIVALS === 'burst') return Array.from({ length: count }, () => 0);
  if (ARRIVALS === 'even') return Array.from({ length: count }, (_, k) => (k * TICK_MS) / count);
  return Array.from({ length: count }, () => Math.random() * TICK_MS).sort((a, b) => a - b);
}
/** Wall-clock milliseconds, comparable with the client threads' arrival times. */
const wallNow = () => performance.timeOrigin + performance.now();
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JWT_SECRET = 'bench-fanout-jwt-secret-0123456789';
const ENCRYPTION_KEY = 'bench-fanout-encryption-key-0123456789';
const dbName = `bab_bench_fanout_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin(sql: string) {
  const c = new Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}


const serverEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: dbUrl,
  HOST: '127.0.0.1',
  BABILLARD_DEMO: 'false',
  LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'warn',
  NODE_ENV: 'production',
  JWT_SECRET,
  ENCRYPTION_KEY,
  REDIS_URL: process.env.BENCH_REDIS_URL ?? '',
});

async function startApi(port: number): Promise<ChildProcess> {
  const main = resolve(__dirname, '../../dist/api/apps/api/src/main.js');
  const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...API_PROBE_ARGS, ...nodeArgs, main], {
    env: { ...serverEnv(), PORT: String(port), RUN_WORKERS: SPLIT ? 'false' : 'true' },
    stdio: apiProbeStdio(process.env.BENCH_DEBUG ? 'inherit' : 'ignore', 'inherit'),
  });
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('API did not become healthy');
}

/** Split mode's worker process: intake, routing and replies, relaying what changes to the API process. */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, resolve(__dirname, '../../dist/api/apps/api/src/worker.js')], {
    env: { ...serverEnv(), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    if (output.length < 100_000) output += d.toString();
  });
  for (let i = 0; i < 240 && !output.includes('normalising intake'); i++) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!output.includes('normalising intake')) {
    child.kill('SIGKILL');
    throw new Error('worker did not start');
  }
  return child;
}


/**
 * A JSON request over a kept-alive connection: the platform's webhook, or an agent's change. node:http
 * costs this process a fraction of what fetch does per request, and this process shares the machine
 * with the API.
 */
const keepAlive = new HttpAgent({ keepAlive: true, maxSockets: 256 });
function sendJson(method: string, url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      url,
      { method, agent: keepAlive, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const uuid = (prefix: string, n: number) => `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/** Each second of sending: `second: p50/max` of its events' deliveries, in ms. */
function perSecond(timeline: [number, number][]): string {
  const first = timeline.reduce((m, [at]) => Math.min(m, at), Infinity);
  const seconds = new Map<number, number[]>();
  for (const [at, latency] of timeline) {
    const k = Math.floor((at - first) / 1000);
    if (!seconds.has(k)) seconds.set(k, []);
    seconds.get(k)!.push(latency);
  }
  return [...seconds]
    .sort(([a], [b]) => a - b)
    .map(([k, ls]) => {
      ls.sort((a, b) => a - b);
      return `${k}s: ${pct(ls, 50).toFixed(0)}/${ls[ls.length - 1].toFixed(0)}`;
    })
    .join('  ');
}

async function seed() {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  const cipher = new TokenCipher(ENCRYPTION_KEY);
  const workspaceId = uuid('8d00', 1);
  const teams = Array.from({ length: TEAMS }, (_, i) => uuid('8e00', i + 1));
  const agents = Array.from({ length: AGENTS }, (_, i) => ({ id: uuid('8f00', i + 1), team: i % TEAMS }));
  const channels = teams.map((teamId, i) => ({ id: uuid('9000', i + 1), teamId, secret: `bench-secret-${i}-${randomBytes(8).toString('hex')}` }));
  try {
    await c.query(`INSERT INTO workspace (id, name) VALUES ($1, 'Fan-out bench')`, [workspaceId]);
    await c.query(`INSERT INTO team (id, workspace_id, name) SELECT t, $1, 'Team ' || i FROM unnest($2::uuid[]) WITH ORDINALITY x(t, i)`, [workspaceId, teams]);
    await c.query(
      `INSERT INTO app_user (id, email, name, password_hash) SELECT u, 'agent' || i || '@fanout.bench', 'Agent ' || i, 'not-a-hash' FROM unnest($1::uuid[]) WITH ORDINALITY x(u, i)`,
      [agents.map((a) => a.id)],
    );
    await c.query(`INSERT INTO workspace_member (workspace_id, user_id, role) SELECT $1, u, 'agent' FROM unnest($2::uuid[]) u`, [workspaceId, agents.map((a) => a.id)]);
    await c.query(`INSERT INTO team_member (team_id, user_id) SELECT t, u FROM unnest($1::uuid[], $2::uuid[]) x(t, u)`, [
      agents.map((a) => teams[a.team]),
      agents.map((a) => a.id),
    ]);
    for (const [i, ch] of channels.entries()) {
      await c.query(
        `INSERT INTO channel (id, workspace_id, platform, external_id, name, secret_encrypted, default_team_id) VALUES ($1, $2, 'api', $3, $3, $4, $5)`,
        [ch.id, workspaceId, `fanout-${i}`, cipher.encrypt(ch.secret), ch.teamId],
      );
    }
  } finally {
    await c.end();
  }
  return { workspaceId, teams, agents, channels };
}

/**
 * Webhook sent → its normalising transaction begun: the message row's received_at, which defaults
 * to now(), the start of the intake batch's transaction.
 */
async function normalisingBeganLatencies(sentWall: Map<number, number>): Promise<Map<number, number>> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string; ms: number }>(
      `SELECT substr(external_id, 4) AS n, extract(epoch FROM received_at) * 1000 AS ms FROM message WHERE external_id = ANY($1::text[])`,
      [[...sentWall.keys()].map((n) => `fx-${n}`)],
    );
    return new Map(rows.map((r) => [Number(r.n), Number(r.ms) - (sentWall.get(Number(r.n)) ?? 0)]));
  } finally {
    await c.end();
  }
}

/**
 * Where the slowest 1% of events (by first agent reached) lost their time: the median of each stage
 * among them. A tail made before the answer is the webhook's store; between the answer and the
 * normalising transaction, the wake-up and claim; after it, normalising, publishing and the sockets.
 */
function describeSlowest(firstOf: Map<number, number>, acks: Map<number, number>, began: Map<number, number>): string {
  const slowest = [...firstOf].sort((a, b) => b[1] - a[1]).slice(0, Math.max(1, Math.ceil(firstOf.size / 100)));
  const median = (values: (number | undefined)[]) => {
    const known = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    return known.length ? pct(known, 50).toFixed(1) : '?';
  };
  return (
    `slowest 1% (${slowest.length} events, first agent ${slowest[slowest.length - 1][1].toFixed(1)}–${slowest[0][1].toFixed(1)} ms), medians: ` +
    `answered ${median(slowest.map(([n]) => acks.get(n)))}, normalising began ${median(slowest.map(([n]) => began.get(n)))}, first agent ${median(slowest.map(([, ms]) => ms))} ms`
  );
}

/**
 * The API's major collections against the latency: each runs from the start of its incremental
 * marking (concurrent, on the collector's helper threads) to its final pause. Events in flight
 * during one against the others, by first agent reached.
 */
function describeMajorCycles(cycles: [number, number][], firstOf: Map<number, number>, sent: Map<number, { at: number }>): string {
  const during: number[] = [];
  const others: number[] = [];
  for (const [n, first] of firstOf) {
    const at = sent.get(n)?.at;
    if (at === undefined) continue;
    (cycles.some(([from, to]) => at <= to && at + first >= from) ? during : others).push(first);
  }
  const p99 = (ms: number[]) => (ms.length ? `${pct(ms.sort((a, b) => a - b), 99).toFixed(1)} ms` : '-');
  const spans = cycles.map(([from, to]) => to - from).sort((a, b) => a - b);
  return (
    `major collections: ${cycles.length} (marking to final pause, median ${pct(spans, 50).toFixed(0)} ms); ` +
    `first agent p99 of the ${during.length} events in flight during one ${p99(during)}, of the ${others.length} others ${p99(others)}`
  );
}

/** What the API processes and the database's backends hold now, to measure what they spend until `measured`. */
async function cpuSnapshot(apis: ChildProcess[]) {
  const backends = await withClient(dbUrl, databaseBackends);
  const apiPids = apis.map((a) => a.pid!);
  return { apiPids, backends, cpu: snapshot([...apiPids, ...backends]), machine: machineBusyMs() };
}

/** CPU spent since `before`: API and PostgreSQL as a share of one core, the machine as a share of all its cores. */
async function cpuSince(before: Awaited<ReturnType<typeof cpuSnapshot>>) {
  const backends = [...new Set([...before.backends, ...(await withClient(dbUrl, databaseBackends))])];
  const after = snapshot([...before.apiPids, ...backends]);
  const machine = machineBusyMs();
  const seconds = (after.at - before.cpu.at) / 1000;
  const apiMs = spent(before.cpu, after, before.apiPids);
  const machineTotal = machine && before.machine ? machine.total - before.machine.total : 0;
  return {
    seconds,
    apiMs,
    api: apiMs / 1000 / seconds,
    postgres: spent(before.cpu, after, backends) / 1000 / seconds,
    machine: machineTotal > 0 ? (machine!.busy - before.machine!.busy) / machineTotal : 0,
  };
}

async function main() {
  console.log(`Fan-out benchmark: ${AGENTS} agents over ${TEAMS} teams, rates ${RATES.join(', ')} events/s, ${SECONDS} s each after ${WARMUP_SECONDS} s of warm-up at that rate, ${ARRIVALS} arrivals`);
  console.log(await machineCheck(SERVER_URL));
  await admin(`CREATE DATABASE "${dbName}"`);
  const apis: ChildProcess[] = [];
  const bases: string[] = [];
  // One after the other: the first applies the migrations.
  for (let i = 0; i < PROCESSES; i++) {
    const port = await freePort();
    apis.push(await startApi(port));
    bases.push(`http://127.0.0.1:${port}`);
  }
  const worker = SPLIT ? await startWorker() : null;
  if (worker) console.log('Split mode: API process with RUN_WORKERS=false, worker process normalising and routing');
  if (PROCESSES > 1) console.log(`${PROCESSES} API processes on one database: agents and webhooks spread over them`);
  const probes = apis.map((a) => ApiProbe.of(a));
  const apiRss = () => apis.reduce((sum, a) => sum + (memory(a.pid!)?.rss ?? 0), 0);
  const workers: Worker[] = [];
  let connected = 0;
  try {
    const { workspaceId, agents, channels } = await seed();
    const jwt = new JwtService({ secret: JWT_SECRET });

    // sent[n] = when event n's webhook left; arrivals[n] = how many agents got it, latencies = every delivery.
    const sent = new Map<number, { at: number; team: number }>();
    const sentWall = new Map<number, number>();
    let latencies: number[] = [];
    /** [when the event was sent, its delivery latency], for --timeline */
    let timeline: [number, number][] = [];
    let delivered = 0;
    /** per event: webhook sent → answered, ms */
    let acks = new Map<number, number>();
    /** per event: when its first and its last agent got it */
    const firstLast = new Map<number, [number, number]>();
    /** Starts the figures afresh: what was sent and received before (warm-up, the previous rate) does not count. */
    const forgetMeasures = () => {
      sent.clear();
      sentWall.clear();
      latencies = [];
      acks = new Map();
      firstLast.clear();
      timeline = [];
      delivered = 0;
    };
    const onArrivals = (arrivals: number[]) => {
      for (let i = 0; i < arrivals.length; i += 2) {
        const s = sent.get(arrivals[i]);
        if (!s) continue;
        latencies.push(arrivals[i + 1] - s.at);
        const seen = firstLast.get(arrivals[i]);
        if (!seen) firstLast.set(arrivals[i], [arrivals[i + 1], arrivals[i + 1]]);
        else {
          seen[0] = Math.min(seen[0], arrivals[i + 1]);
          seen[1] = Math.max(seen[1], arrivals[i + 1]);
        }
        if (values.timeline) timeline.push([s.at, arrivals[i + 1] - s.at]);
        delivered++;
      }
    };

    // The agents' sockets live in worker threads (WORKERS of them), so the client side keeps up.
    const t0 = performance.now();
    const tokens = agents.map((a) => jwt.sign({ sub: a.id, email: `${a.id}@fanout.bench`, ia: false, typ: 'access' }, { expiresIn: 3600 }));
    const share = Math.ceil(tokens.length / WORKERS);
    await Promise.all(
      Array.from({ length: WORKERS }, (_, w) => {
        // The thread loads the TypeScript file through tsx's CommonJS hook, as this script was.
        const entry = `require('tsx/cjs/api').register(); require(${JSON.stringify(resolve(__dirname, 'socket-worker.ts'))});`;
        const worker = new Worker(entry, {
          eval: true,
          workerData: { bases, offset: w * share, tokens: tokens.slice(w * share, (w + 1) * share), source: SOURCE },
        });
        workers.push(worker);
        return new Promise<void>((done, fail) => {
          worker.on('message', (m: { type: string; arrivals?: number[]; message?: string; count?: number }) => {
            if (m.type === 'arrivals') onArrivals(m.arrivals!);
            else if (m.type === 'connected') {
              connected += m.count!;
              done();
            } else if (m.type === 'error') fail(new Error(m.message));
          });
          worker.on('error', fail);
        });
      }),
    );
    console.log(`Connected ${connected} sockets (${WORKERS} client threads) in ${((performance.now() - t0) / 1000).toFixed(1)} s; API RSS ${apiRss().toFixed(0)} MB`);

    let next = 0;
    const post = async (channelIndex: number, count: number) => {
      const ch = channels[channelIndex];
      const events = Array.from({ length: count }, () => {
        const n = ++next;
        const thread = n % THREADS_PER_CHANNEL;
        return { n, event: { id: `fx-${n}`, kind: 'dm', author: { id: `cust-${channelIndex}-${thread}`, name: `Client ${thread}` }, text: `fx:${n} Bonjour, où en est ma commande?`, createdAt: new Date().toISOString() } };
      });
      const body = JSON.stringify({ events: events.map((e) => e.event) });
      const signature = `sha256=${createHmac('sha256', ch.secret).update(body).digest('hex')}`;
      const at = wallNow();
      for (const e of events) sent.set(e.n, { at, team: channelIndex });
      for (const e of events) sentWall.set(e.n, Date.now());
      const res = await sendJson('POST', `${bases[next % bases.length]}/webhooks/api/${ch.id}`, body, { 'x-babillard-signature': signature });
      const answered = wallNow() - at;
      for (const e of events) acks.set(e.n, answered);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
    };

    // patch mode: one conversation per thread, changed by an agent of its team through PATCH.
    const threadConversations: string[][] = [];
    const patchTokens = channels.map((_, ci) => {
      const agent = agents.find((a) => a.team === ci)!;
      return jwt.sign({ sub: agent.id, email: `${agent.id}@fanout.bench`, ia: false, typ: 'access' }, { expiresIn: 3600 });
    });
    const patch = async (channelIndex: number, count: number) => {
      const at = wallNow();
      await Promise.all(
        Array.from({ length: count }, async () => {
          const n = ++next;
          sent.set(n, { at, team: channelIndex });
          sentWall.set(n, Date.now());
          const ids = threadConversations[channelIndex];
          const url = `${bases[n % bases.length]}/api/v1/workspaces/${workspaceId}/conversations/${ids[n % ids.length]}`;
          const res = await sendJson('PATCH', url, JSON.stringify({ labels: [`fx${n}`] }), { authorization: `Bearer ${patchTokens[channelIndex]}` });
          if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${res.text}`);
        }),
      );
    };
    const send = SOURCE === 'patch' ? patch : post;

    // Warm-up: create every thread's conversation so the measured events are the steady state (new
    // messages in known threads), and wait until the pipeline has delivered all of it.
    const perTeam = AGENTS / TEAMS;
    const warmStart = performance.now();
    for (let ci = 0; ci < channels.length; ci++) {
      for (let k = 0; k < THREADS_PER_CHANNEL; k += 10) await post(ci, 10);
    }
    const warmEvents = next;
    while (delivered < warmEvents * perTeam && performance.now() - warmStart < 120_000) await new Promise((r) => setTimeout(r, 100));
    console.log(`Warm-up: ${warmEvents} events (new conversations) delivered ${delivered}/${warmEvents * perTeam} in ${((performance.now() - warmStart) / 1000).toFixed(1)} s`);
    if (SOURCE === 'patch') {
      const c = new Client({ connectionString: dbUrl });
      await c.connect();
      for (const ch of channels) {
        const { rows } = await c.query<{ id: string }>(`SELECT id FROM conversation WHERE channel_id = $1 ORDER BY id`, [ch.id]);
        threadConversations.push(rows.map((r) => r.id));
      }
      await c.end();
      console.log(`Measuring PATCH → conversation.updated (realtime alone, no ingestion)`);
    }
    await new Promise((r) => setTimeout(r, 1000));

    console.log(`\n${'rate'.padStart(10)} ${'events'.padStart(8)} ${'deliveries'.padStart(11)} ${'missed'.padStart(7)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}  ${'API RSS'.padStart(8)} ${'peak'.padStart(8)}  target`);
    for (const rate of RATES) {
      // The warm-up's burst of new threads is not part of the first rate's figures.
      forgetMeasures();
      const perTick = (rate * TICK_MS) / 1000;
      let owed = 0;
      let sentEvents = 0;
      const inFlight = new Set<Promise<void>>();
      let maxRss = 0;
      let failures = 0;
      // Offers `rate` events/s for `seconds`, open loop: a slow answer never slows the offered rate.
      const offer = async (seconds: number) => {
        const start = performance.now();
        for (let tick = 0; performance.now() - start < seconds * 1000; tick++) {
          owed += perTick;
          const count = Math.floor(owed);
          owed -= count;
          // Spread the tick's events over the channels (teams), one webhook per channel with events,
          // each leaving at its time within the tick (--arrivals).
          const shares: number[] = [];
          for (let ci = 0; ci < channels.length && count > 0; ci++) {
            const share = Math.floor(count / channels.length) + (ci < count % channels.length ? 1 : 0);
            if (share) shares.push(share);
          }
          const times = departures(shares.length);
          for (const [ci, share] of shares.entries()) {
            const due = start + tick * TICK_MS + times[ci] - performance.now();
            if (due >= 1) await new Promise((r) => setTimeout(r, due));
            sentEvents += share;
            const p = send((tick + ci) % channels.length, share)
              .catch((err: Error) => {
                failures++;
                if (failures === 1) console.error(`first failed request: ${err.message}`);
              })
              .finally(() => inFlight.delete(p));
            inFlight.add(p);
          }
          if (tick % 20 === 0) maxRss = Math.max(maxRss, apiRss());
          const wait = start + (tick + 1) * TICK_MS - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        await Promise.all(inFlight);
      };
      if (WARMUP_SECONDS > 0) {
        // The same load, unmeasured, so the figures are the steady state rather than the first second's
        // JIT compilation and pool growth.
        await offer(WARMUP_SECONDS);
        const settled = performance.now() + 10_000;
        while (delivered < sentEvents * perTeam && performance.now() < settled) await new Promise((r) => setTimeout(r, 100));
        forgetMeasures();
        sentEvents = 0;
        failures = 0;
      }
      const target = rate <= 200 ? 50 : 150;
      /** Each measured window's p99: one window's verdict is one draw on a shared machine. */
      const p99s: number[] = [];
      for (let window = 0; window < WINDOWS; window++) {
        if (window > 0) {
          forgetMeasures();
          sentEvents = 0;
          failures = 0;
          maxRss = 0;
        }
        const cpuBefore = await cpuSnapshot(apis);
        const benchCpuBefore = process.cpuUsage();
        for (const p of probes) p?.reset();
        await offer(SECONDS);
        const drainUntil = performance.now() + 10_000;
        while (delivered < sentEvents * perTeam && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
        const cpu = await cpuSince(cpuBefore);
        const benchCpu = process.cpuUsage(benchCpuBefore);
        const loops = await Promise.all(probes.map((p) => p?.report() ?? null));
        const mem = apis.map((a) => memory(a.pid!) ?? { rss: 0, peak: 0 }).reduce((m, x) => ({ rss: m.rss + x.rss, peak: m.peak + x.peak }), { rss: 0, peak: 0 });
        maxRss = Math.max(maxRss, mem.rss);
        const sorted = [...latencies].sort((a, b) => a - b);
        const normalising = SOURCE === 'webhook' ? await normalisingBeganLatencies(sentWall) : new Map<number, number>();
        const p99 = pct(sorted, 99);
        p99s.push(p99);
        console.log(
          `${`${rate}/s`.padStart(10)} ${String(sentEvents).padStart(8)} ${String(delivered).padStart(11)} ${String(sentEvents * perTeam - delivered).padStart(7)} ${pct(sorted, 50).toFixed(1).padStart(7)}ms ${p99.toFixed(1).padStart(7)}ms ${sorted[sorted.length - 1]?.toFixed(1).padStart(7)}ms  ${maxRss.toFixed(0).padStart(5)} MB ${mem.peak.toFixed(0).padStart(5)} MB  p99 < ${target} ms ${p99 < target ? 'OK' : 'MISSED'}`,
        );
        if (values.timeline) console.log(perSecond(timeline));
        if (failures) console.log(`${''.padStart(10)} ${failures} requests failed`);
        // Where the time goes, stage by stage from the request sent: the webhook answered (stored in the
        // intake), its normalising transaction begun (the message row's received_at), the first of the
        // team's agents reached; then how long the last one took after the first.
        const firstOf = new Map([...firstLast].map(([n, [first]]) => [n, first - (sent.get(n)?.at ?? first)]));
        const firsts = [...firstOf.values()].sort((a, b) => a - b);
        const spreads = [...firstLast.values()].map(([first, last]) => last - first).sort((a, b) => a - b);
        const ascending = (ms: Iterable<number>) => [...ms].sort((a, b) => a - b);
        const stage = (label: string, ms: number[]) => `${label} ${pct(ms, 50).toFixed(1)} / ${pct(ms, 99).toFixed(1)} ms`;
        const stages = SOURCE === 'webhook' ? [stage('answered', ascending(acks.values())), stage('normalising began', ascending(normalising.values()))] : [];
        console.log(
          `${''.padStart(10)} stages from the ${SOURCE === 'webhook' ? 'webhook' : 'PATCH'} sent (p50 / p99): ${[...stages, stage('first agent', firsts)].join(', ')}; ${stage('first → last agent of the team', spreads)}`,
        );
        if (SOURCE === 'webhook') console.log(`${''.padStart(10)} ${describeSlowest(firstOf, acks, normalising)}`);
        const cycles = loops.flatMap((l) => l?.majorCycles ?? []);
        if (cycles.length) console.log(`${''.padStart(10)} ${describeMajorCycles(cycles, firstOf, sent)}`);
        console.log(
          `${''.padStart(10)} CPU while measured: API ${(cpu.api * 100).toFixed(0)}% of a core (${(cpu.apiMs / Math.max(1, sentEvents)).toFixed(2)} ms per event), ` +
            `PostgreSQL ${(cpu.postgres * 100).toFixed(0)}%, this benchmark's clients ${(((benchCpu.user + benchCpu.system) / 1000 / cpu.seconds / 1000) * 100).toFixed(0)}%, ` +
            `whole machine ${(cpu.machine * 100).toFixed(0)}% busy (${availableParallelism()} cores)`,
        );
        for (const [i, loop] of loops.entries()) {
          if (!loop) continue;
          const which = apis.length > 1 ? `process ${i + 1}: ` : '';
          console.log(`${''.padStart(10)} ${which}${describeProbe(loop)}`);
          const steps = describeStages(loop);
          if (steps) console.log(`${''.padStart(10)} ${which}${steps}`);
        }
        sentWall.clear();
        await new Promise((r) => setTimeout(r, 2000));
      }
      if (WINDOWS > 1) {
        const spread = [...p99s].sort((a, b) => a - b);
        const met = p99s.filter((p) => p < target).length;
        console.log(
          `${''.padStart(10)} ${rate}/s over ${WINDOWS} windows of ${SECONDS} s: p99 median ${pct(spread, 50).toFixed(1)} ms (${spread[0].toFixed(1)}–${spread[spread.length - 1].toFixed(1)}), under ${target} ms in ${met} of ${WINDOWS}`,
        );
      }
    }
    const w = worker?.pid ? memory(worker.pid) : null;
    if (w) console.log(`\nWorker process RSS ${w.rss.toFixed(0)} MB (peak ${w.peak.toFixed(0)} MB)`);
    console.log(`\nLoad average (1/5/15 min) at the end: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} on this machine (shared).`);
  } finally {
    for (const w of workers) w.postMessage({ type: 'close' });
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all(workers.map((w) => w.terminate()));
    worker?.kill('SIGTERM');
    for (const a of apis) a.kill('SIGTERM');
    // A profiled API (BENCH_API_NODE_ARGS=--cpu-prof) writes its profile as it exits.
    for (let i = 0; i < 40 && apis.some((a) => a.exitCode === null); i++) await new Promise((r) => setTimeout(r, 250));
    for (const a of apis) if (a.exitCode === null) a.kill('SIGKILL');
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

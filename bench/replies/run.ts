/**
 * Replies benchmark: `npm run bench:replies [-- --rate 500 --seconds 10 --conversations 600 --mode split]`.
 *
 * 1. Starts fake Graph and X APIs on loopback (apps/api/src/testing/fake-platforms) and a fresh
 *    database on the machine's PostgreSQL.
 * 2. Starts the built API (`dist/.../main.js`) and, in `split` mode, a separate delivery worker
 *    (`dist/.../worker.js`, API with RUN_WORKERS=false); `single` mode delivers inside the API.
 * 3. Posts replies over HTTP at a fixed rate (open loop, at most --max-in-flight at once) as an
 *    agent of the workspace, across Facebook comments, Messenger, Instagram, WhatsApp and X
 *    conversations.
 * 4. Waits until every accepted reply is sent and prints: replies/s delivered to the fakes,
 *    p50/p99 accept-to-sent latency (message created_at → sent_at), HTTP p99, and a check that each
 *    reply reached a fake exactly once.
 * 5. Prints where the machine's time went during the measured run (CPU ms per reply of the API, the
 *    worker, PostgreSQL's backends for the benchmark database, the fakes and this load generator,
 *    from /proc) and the API's and worker's memory.
 *
 * `--keep-db` leaves the database for inspection; BENCH_DB_SETTINGS="log_min_duration_statement=5;…"
 * applies settings to the benchmark database (ALTER DATABASE … SET) before the processes connect.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { freePort, percentile, SERVER_NODE_FLAGS, sleep, withClient } from '../support/bench-kit';
import { databaseBackends, machineBusyMs, memory, snapshot, spent } from '../support/proc-stats';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    conversations: { type: 'string', default: '600' },
    mode: { type: 'string', default: 'split' },
    /** Directory for V8 CPU profiles of the API and worker processes (written when they stop). */
    profile: { type: 'string' },
    /** Cap on requests in flight (the open loop waits when it is reached, like a connection pool). */
    'max-in-flight': { type: 'string', default: '64' },
    /** Leave the benchmark database in place (its name is printed). */
    'keep-db': { type: 'boolean', default: false },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN = { email: 'bench@babillard.local', password: 'bench-password-123' };
/** Replies are posted by an agent, as in real use: a member whose workspace access is checked, unlike an instance admin's. */
const AGENT = { email: 'agent@babillard.local', name: 'Marie Bench', password: 'bench-password-123', role: 'agent' };
const ACCOUNTS = { facebook: '100473908465587', instagram: '17841405726653026', whatsapp: '106540352242922', x: '2244994945' } as const;
const TOKENS = { facebook: 'fb-token', instagram: 'ig-token', whatsapp: 'wa-token', x: 'x-token' } as const;
const KINDS: { platform: keyof typeof ACCOUNTS; kind: 'comment' | 'dm' | 'mention' }[] = [
  { platform: 'facebook', kind: 'comment' },
  { platform: 'facebook', kind: 'dm' },
  { platform: 'instagram', kind: 'comment' },
  { platform: 'instagram', kind: 'dm' },
  { platform: 'whatsapp', kind: 'dm' },
  { platform: 'x', kind: 'mention' },
  { platform: 'x', kind: 'dm' },
];

const dbUrl = (name: string) => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

const admin = <T>(fn: (c: Client) => Promise<T>) => withClient(SERVER_URL, fn);

/**
 * The load generator shares the machine with what it measures: node:http on kept-alive
 * connections costs it a fraction of what fetch() does per request.
 */
const connections = new Agent({ keepAlive: true, maxSockets: Number(values['max-in-flight']) });
function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: connections,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown> });
          } catch (err) {
            reject(err as Error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}


function start(script: string, env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values.profile)}`] : [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, resolve(__dirname, '../../dist/api/apps/api/src', script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((res, rej) => {
    const log = process.env.BENCH_LOG_DIR ? require('node:fs').createWriteStream(resolve(process.env.BENCH_LOG_DIR, `${script}.log`)) : null;
    const onData = (d: Buffer) => {
      log?.write(d);
      output += d.toString();
      if (output.includes(ready)) res(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => rej(new Error(`${script} exited (${code}): ${output.slice(-2000)}`)));
  });
}

interface Fakes {
  pid: number;
  graphUrl: string;
  xUrl: string;
  posts(): Promise<number>;
  stop(): void;
}

/** Fake Graph and X APIs in a child process (bench/replies/fakes.ts). */
function startFakes(): Promise<Fakes> {
  const tokens = {
    graph: (['facebook', 'instagram', 'whatsapp'] as const).map((p) => [TOKENS[p], ACCOUNTS[p]]),
    x: [[TOKENS.x, ACCOUNTS.x]],
  };
  const child = fork(resolve(__dirname, 'fakes.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_FAKE_TOKENS: JSON.stringify(tokens) } });
  return new Promise((res) => {
    child.once('message', (ready: { graphUrl: string; xUrl: string }) =>
      res({
        pid: child.pid!,
        graphUrl: ready.graphUrl,
        xUrl: ready.xUrl,
        posts: () =>
          new Promise((r) => {
            child.once('message', (m: { posts: number }) => r(m.posts));
            child.send({ type: 'count' });
          }),
        stop: () => child.kill('SIGKILL'),
      }),
    );
  });
}

async function main() {
  const fakes = await startFakes();
  const graph = { graphUrl: fakes.graphUrl };
  const x = { url: fakes.xUrl };
  const dbName = `bab_bench_replies_${randomBytes(3).toString('hex')}`;
  await admin(async (c) => {
    await c.query(`CREATE DATABASE "${dbName}"`);
    for (const setting of (process.env.BENCH_DB_SETTINGS ?? '').split(';').filter(Boolean)) {
      const at = setting.indexOf('=');
      const [key, value] = [setting.slice(0, at).trim(), setting.slice(at + 1).trim()];
      await c.query(`ALTER DATABASE "${dbName}" SET ${c.escapeIdentifier(key)} = ${c.escapeLiteral(value)}`);
    }
  });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl(dbName),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    BABILLARD_DEMO: 'false',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'bench-jwt-secret-0123456789',
    ENCRYPTION_KEY: 'bench-encryption-key-0123456789',
    META_GRAPH_URL: graph.graphUrl,
    X_API_URL: x.url,
    RUN_WORKERS: values.mode === 'single' ? 'true' : 'false',
  };
  const children: ChildProcess[] = [];
  const cleanup = async () => {
    for (const c of children) c.kill(values.profile ? 'SIGINT' : 'SIGKILL');
    await sleep(values.profile ? 8000 : 300);
    if (values['keep-db']) console.log(`  database kept: ${dbName}`);
    else await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => undefined);
    fakes.stop();
  };
  const pids = { api: [] as number[], worker: [] as number[] };
  try {
    children.push(await start('main.js', env, 'Babillard is running'));
    pids.api.push(children[0].pid!);
    // drain: accept everything first, then start the worker — measures delivery capacity alone.
    const startWorker = async () => {
      const worker = await start('worker.js', { ...env, LOG_LEVEL: 'info' }, 'delivering replies');
      children.push(worker);
      pids.worker.push(worker.pid!);
    };
    if (values.mode === 'split') await startWorker();
    const base = `http://127.0.0.1:${port}/api/v1`;
    const call = async (path: string, body: unknown, token?: string) => {
      const { status, json } = await post(`${base}${path}`, body, token);
      if (status >= 300) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
      return json;
    };
    const { accessToken: adminToken } = (await call('/auth/login', ADMIN)) as { accessToken: string };
    const { id: workspaceId } = (await call('/workspaces', { name: 'Bench' }, adminToken)) as { id: string };
    const channelIds: Record<string, string> = {};
    for (const platform of Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]) {
      const ch = (await call(`/workspaces/${workspaceId}/channels`, { platform, externalId: ACCOUNTS[platform], name: platform, accessToken: TOKENS[platform] }, adminToken)) as { id: string };
      channelIds[platform] = ch.id;
    }
    await call(`/workspaces/${workspaceId}/users`, AGENT, adminToken);
    const { accessToken } = (await call('/auth/login', { email: AGENT.email, password: AGENT.password })) as { accessToken: string };

    // Conversations as ingestion would leave them, each with a recent customer message.
    const conversations = await admin(async (c) => {
      await c.query(`SELECT 1`);
      const db = new Client({ connectionString: dbUrl(dbName) });
      await db.connect();
      const ids: string[] = [];
      const n = Number(values.conversations);
      for (let i = 0; i < n; i++) {
        const { platform, kind } = KINDS[i % KINDS.length];
        const thread = `${platform === 'facebook' && kind === 'comment' ? `${ACCOUNTS.facebook}_` : ''}${9_000_000_000 + i}`;
        const { rows } = await db.query(
          `WITH ct AS (INSERT INTO contact (workspace_id, name) VALUES ($1, 'Client ' || $5) RETURNING id),
                cv AS (INSERT INTO conversation (workspace_id, channel_id, platform, kind, thread_key, contact_id, last_inbound_at, waiting_since)
                       SELECT $1, $2, $3, $4, $6, ct.id, now(), now() FROM ct RETURNING id)
           INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, text, created_at)
           SELECT $1, cv.id, $2, 'inbound', $6, 'Ma commande est en retard', now() FROM cv RETURNING conversation_id`,
          [workspaceId, channelIds[platform], platform, kind, i, thread],
        );
        ids.push(rows[0].conversation_id as string);
      }
      await db.end();
      return ids;
    });

    const fire = async (rate: number, seconds: number) => {
      const accepted: string[] = [];
      const httpMs: number[] = [];
      let errors = 0;
      const statuses = new Map<string, number>();
      const total = Math.round(rate * seconds);
      const started = performance.now();
      const inflight: Promise<void>[] = [];
      const cap = Number(values['max-in-flight']);
      let open = 0;
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        while (open >= cap) await sleep(1);
        open++;
        const conversationId = conversations[i % conversations.length];
        const t0 = performance.now();
        inflight.push(
          post(
            `${base}/workspaces/${workspaceId}/conversations/${conversationId}/replies`,
            { text: `Merci ! Réponse ${i} ${randomUUID().slice(0, 8)}`, idempotencyKey: randomUUID() },
            accessToken,
          )
            .then(({ status, json: body }) => {
              httpMs.push(performance.now() - t0);
              if (status === 202 && typeof body.id === 'string') accepted.push(body.id);
              else {
                errors++;
                const key = `${status} ${JSON.stringify(body).slice(0, 120)}`;
                statuses.set(key, (statuses.get(key) ?? 0) + 1);
              }
            })
            .catch((err: Error) => {
              errors++;
              statuses.set(err.message, (statuses.get(err.message) ?? 0) + 1);
            })
            .finally(() => open--),
        );
      }
      await Promise.all(inflight);
      if (statuses.size) console.log('  errors:', Object.fromEntries(statuses));
      return { accepted, httpMs, errors, offeredSeconds: (performance.now() - started) / 1000 };
    };

    if (values.mode !== 'drain') await fire(Math.min(RATE, 200), Number(values.warmup));
    await sleep(1000);
    const before = await fakes.posts();
    const monitor = new Client({ connectionString: dbUrl(dbName) });
    await monitor.connect();
    const backends = () => databaseBackends(monitor);
    const pgBefore = await backends();
    const watched = () => [...pids.api, ...pids.worker, fakes.pid];
    const cpuBefore = snapshot([...watched(), ...pgBefore]);
    const clientBefore = process.cpuUsage();
    const machineBefore = machineBusyMs();
    const run = await fire(RATE, SECONDS);
    let drainStarted = 0;
    if (values.mode === 'drain') {
      drainStarted = Date.now();
      await startWorker();
    }

    const db = monitor;
    const deadline = Date.now() + 60_000;
    let rows: { created_at: Date; sent_at: Date | null; delivery_status: string }[] = [];
    // Until nothing is on its way (a cheap count on the open-deliveries index), then every
    // accepted reply is read once.
    while (Date.now() < deadline) {
      const [{ open }] = (await db.query<{ open: number }>(`SELECT count(*)::int AS open FROM reply_delivery WHERE state IN ('queued', 'sending')`)).rows;
      if (open === 0) {
        ({ rows } = await db.query(`SELECT created_at, sent_at, delivery_status FROM message WHERE id = ANY($1)`, [run.accepted]));
        if (rows.every((r) => r.delivery_status === 'sent' || r.delivery_status === 'failed')) break;
      }
      await sleep(100);
    }
    if (!rows.length) ({ rows } = await db.query(`SELECT created_at, sent_at, delivery_status FROM message WHERE id = ANY($1)`, [run.accepted]));
    const pgPids = [...new Set([...pgBefore, ...(await backends())])];
    const cpuAfter = snapshot([...watched(), ...pgPids]);
    const clientCpu = process.cpuUsage(clientBefore);
    const machineAfter = machineBusyMs();
    const window = cpuAfter.at - cpuBefore.at;
    const sent = rows.filter((r) => r.sent_at);
    const latencies = sent.map((r) => r.sent_at!.getTime() - r.created_at.getTime()).sort((a, b) => a - b);
    const firstAccept = drainStarted || Math.min(...rows.map((r) => r.created_at.getTime()));
    const lastSent = Math.max(...sent.map((r) => r.sent_at!.getTime()));
    const delivered = (await fakes.posts()) - before;
    const [{ count: duplicates }] = (
      await db.query(`SELECT count(*)::int AS count FROM (SELECT external_id FROM message WHERE external_id IS NOT NULL GROUP BY channel_id, external_id HAVING count(*) > 1) d`)
    ).rows;
    await db.end();
    const http = run.httpMs.sort((a, b) => a - b);
    const line = (k: string, v: string) => console.log(`  ${k.padEnd(34)} ${v}`);
    const modes: Record<string, string> = {
      single: 'API delivers',
      split: 'API + separate worker',
      drain: 'replies accepted first, then a worker started: delivery capacity; latency includes the backlog',
    };
    console.log(`\nReplies benchmark (${values.mode} mode: ${modes[values.mode!]}), offered ${RATE}/s for ${SECONDS} s`);
    line('accepted (202)', `${run.accepted.length} (${run.errors} errors), in ${run.offeredSeconds.toFixed(2)} s (${(run.accepted.length / run.offeredSeconds).toFixed(0)}/s)`);
    line('sent / failed / still pending', `${sent.length} / ${rows.filter((r) => r.delivery_status === 'failed').length} / ${rows.length - sent.length - rows.filter((r) => r.delivery_status === 'failed').length}`);
    line('platform calls seen by the fakes', `${delivered} (one per reply: ${delivered === run.accepted.length ? 'yes' : 'NO'})`);
    line('replies/s delivered to the fakes', (sent.length / ((lastSent - firstAccept) / 1000)).toFixed(0));
    line('accept-to-sent p50 / p99 / max', `${percentile(latencies, 50)} ms / ${percentile(latencies, 99)} ms / ${latencies.at(-1)} ms`);
    line('HTTP 202 p50 / p99', `${percentile(http, 50).toFixed(1)} ms / ${percentile(http, 99).toFixed(1)} ms`);
    line('duplicate platform ids', String(duplicates));
    // Where the time went, from the first request of the measured run to the last reply sent.
    const perReply = (ms: number) => `${(ms / Math.max(1, run.accepted.length)).toFixed(2)} ms`;
    const used = {
      API: spent(cpuBefore, cpuAfter, pids.api),
      worker: spent(cpuBefore, cpuAfter, pids.worker),
      'PostgreSQL (bench db backends)': spent(cpuBefore, cpuAfter, pgPids),
      'fake platforms': spent(cpuBefore, cpuAfter, [fakes.pid]),
      'load generator (this process)': (clientCpu.user + clientCpu.system) / 1000,
    };
    const ours = Object.values(used).reduce((a, b) => a + b, 0);
    console.log(`\n  CPU per reply over the ${(window / 1000).toFixed(1)} s run (2 cores = ${(2000 / Math.max(1, ours / run.accepted.length)).toFixed(0)} replies/s at most at this cost):`);
    for (const [k, v] of Object.entries(used)) line(`  ${k}`, `${perReply(v)}  (${((100 * v) / window).toFixed(0)}% of a core)`);
    line('  total', perReply(ours));
    if (machineBefore && machineAfter) {
      const busy = machineAfter.busy - machineBefore.busy;
      const total = machineAfter.total - machineBefore.total;
      line('  machine busy (every process)', `${((100 * busy) / total).toFixed(0)}% of all cores, ${(busy - ours > 0 ? (100 * (busy - ours)) / total : 0).toFixed(0)}% outside this benchmark`);
    }
    const mem = (pid: number | undefined) => {
      const m = pid ? memory(pid) : null;
      return m ? `${m.rss.toFixed(0)} MiB resident (peak ${m.peak.toFixed(0)} MiB)` : 'n/a';
    };
    line('memory: API', mem(pids.api[0]));
    if (pids.worker.length) line('memory: worker', mem(pids.worker[0]));
    const ok = sent.length === run.accepted.length && sent.length / ((lastSent - firstAccept) / 1000) >= RATE * 0.98 && percentile(latencies, 99) < 200;
    console.log(`\n  target 500 replies/s with p99 < 200 ms: ${ok ? 'met' : 'NOT met'}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

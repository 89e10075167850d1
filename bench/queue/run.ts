/**
 * Queue benchmark: `npm run bench:queue [-- --conversations 1000000 --messages-per 5 --runs 60 --keep]`.
 *
 * 1. Creates a database on the machine's PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 *    postgres://postgres@127.0.0.1:5432/postgres), migrates it, and seeds one workspace with
 *    `--conversations` conversations and `--messages-per` messages each, with generate_series (secondary
 *    indexes are dropped during the load and rebuilt after, as a bulk import would).
 * 2. Times the queue's own code (ConversationsService → ConversationQueueRepository, the SQL the API
 *    runs) for the default page, filtered pages, a cursor page, counts and text searches; prints p50/p95.
 * 3. Prints EXPLAIN (ANALYZE, BUFFERS) of each query to show the index it uses. Drops the database.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { ConversationThreadRepository } from '../../apps/api/src/modules/conversations/conversation-thread.repository';
import { ConversationsService } from '../../apps/api/src/modules/conversations/conversations.service';
import type { ConversationQueryDto } from '../../apps/api/src/modules/conversations/dto/conversation-query.dto';
import { ConversationQueueRepository } from '../../apps/api/src/modules/conversations/queue/conversation-queue.repository';
import { seedStatements } from './seed.sql';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000000' },
    'messages-per': { type: 'string', default: '5' },
    runs: { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
  },
});
const CONVERSATIONS = Number(values.conversations);
const MESSAGES_PER = Number(values['messages-per']);
const RUNS = Number(values.runs);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bab_bench_queue_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const uuid = (prefix: string, n: number) => `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;

async function admin(sql: string) {
  const c = new Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label.padEnd(48)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

async function seed(ds: DataSource) {
  const workspaceId = uuid('d000', 1);
  const teamIds = Array.from({ length: 10 }, (_, i) => uuid('e000', i + 1));
  const userIds = Array.from({ length: 50 }, (_, i) => uuid('f000', i + 1));
  const channelIds = Array.from({ length: 4 }, (_, i) => uuid('9000', i + 1));
  await ds.query(`INSERT INTO workspace (id, name) VALUES ($1, 'Bench')`, [workspaceId]);
  await ds.query(`INSERT INTO team (id, workspace_id, name) SELECT t, $1, 'Team ' || i FROM unnest($2::uuid[]) WITH ORDINALITY AS x(t, i)`, [workspaceId, teamIds]);
  await ds.query(
    `INSERT INTO app_user (id, email, name, password_hash) SELECT u, 'agent' || i || '@bench.local', 'Agent ' || i, 'x' FROM unnest($1::uuid[]) WITH ORDINALITY AS x(u, i)`,
    [userIds],
  );
  await ds.query(`INSERT INTO workspace_member (workspace_id, user_id, role) SELECT $1, u, 'agent' FROM unnest($2::uuid[]) u`, [workspaceId, userIds]);
  // Each agent is in two teams.
  await ds.query(
    `INSERT INTO team_member (team_id, user_id)
     SELECT ($2::uuid[])[1 + (i + k) % 10], u FROM unnest($1::uuid[]) WITH ORDINALITY AS x(u, i), generate_series(0, 1) k`,
    [userIds, teamIds],
  );
  const platforms = ['facebook', 'instagram', 'whatsapp', 'x'];
  for (const [i, id] of channelIds.entries()) {
    await ds.query(`INSERT INTO channel (id, workspace_id, platform, external_id, name) VALUES ($1, $2, $3, $4, $4)`, [id, workspaceId, platforms[i], `bench-${i}`]);
  }

  // Bulk load: drop secondary indexes, insert, rebuild (what a real import does; far faster than row-by-row index upkeep).
  const indexes: { indexname: string; indexdef: string }[] = await ds.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('conversation', 'message', 'contact', 'contact_identity') AND indexname NOT LIKE '%_pkey'`,
  );
  for (const i of indexes) await ds.query(`DROP INDEX ${i.indexname}`);
  const statements = seedStatements({ workspaceId, channelIds, teamIds, userIds, conversations: CONVERSATIONS, messagesPer: MESSAGES_PER });
  const labels = ['contacts', 'contact identities', 'conversations', 'messages (text search vectors computed on insert)'];
  // One session with triggers and foreign-key checks off (the rows are consistent by construction); the tally is rebuilt after.
  const session = ds.createQueryRunner();
  await session.connect();
  try {
    await session.query(`SET session_replication_role = replica`);
    await session.query(`SET maintenance_work_mem = '512MB'`);
    for (const [i, sql] of statements.entries()) await timed(`insert ${labels[i]}`, () => session.query(sql));
    await timed(`rebuild ${indexes.length} indexes`, async () => {
      for (const i of indexes) await session.query(i.indexdef);
    });
    await timed('rebuild the view tally', () => session.query(`SELECT conversation_tally_rebuild()`));
  } finally {
    await session.release();
  }
  await timed('VACUUM ANALYZE', () => ds.query(`VACUUM ANALYZE conversation, message, contact, contact_identity, conversation_read`));
  return { workspaceId, teamIds, userIds, channelIds };
}

/** Records the SQL the service sends, so it can be EXPLAINed as is. */
function recording(ds: DataSource) {
  const log: { sql: string; params: unknown[] }[] = [];
  const proxy = new Proxy(ds, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (sql: string, params?: unknown[]) => {
          log.push({ sql, params: params ?? [] });
          return target.query(sql, params);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return { proxy, log };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  console.log(`Queue benchmark: ${CONVERSATIONS.toLocaleString('en')} conversations, ${(CONVERSATIONS * MESSAGES_PER).toLocaleString('en')} messages, one workspace`);
  const version = await (async () => {
    const c = new Client({ connectionString: SERVER_URL });
    await c.connect();
    const r = await c.query('SHOW server_version');
    await c.end();
    return r.rows[0].server_version as string;
  })();
  console.log(`PostgreSQL ${version} at ${new URL(SERVER_URL).host}, database ${dbName}\n`);
  await admin(`CREATE DATABASE "${dbName}"`);
  const ds = new DataSource(dataSourceOptions(dbUrl, { logging: false }));
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    console.log('Seeding:');
    const t0 = performance.now();
    const { workspaceId, teamIds, userIds, channelIds } = await seed(ds);
    console.log(`  ${'total'.padEnd(48)} ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const { proxy, log } = recording(ds);
    const queue = new ConversationQueueRepository(proxy);
    const service = new ConversationsService(queue, new ConversationThreadRepository(proxy));
    const viewer = userIds[0];
    const firstPage = await service.list(workspaceId, viewer, { status: 'open' });

    const scenarios: { name: string; kind: 'page' | 'search' | 'counts'; run: () => Promise<unknown> }[] = [
      { name: 'default page (no filter, priority then wait)', kind: 'page', run: () => service.list(workspaceId, viewer, {}) },
      { name: 'open queue page (status=open)', kind: 'page', run: () => service.list(workspaceId, viewer, { status: 'open' }) },
      { name: 'filtered: status=open&teamId=…', kind: 'page', run: () => service.list(workspaceId, viewer, { status: 'open', teamId: teamIds[3] }) },
      { name: 'filtered: status=open&assigneeId=none', kind: 'page', run: () => service.list(workspaceId, viewer, { status: 'open', assigneeId: 'none' }) },
      { name: 'filtered: status=open&view=mine', kind: 'page', run: () => service.list(workspaceId, viewer, { status: 'open', view: 'mine' }) },
      { name: 'filtered: status=open&view=my_teams', kind: 'page', run: () => service.list(workspaceId, viewer, { status: 'open', view: 'my_teams' }) },
      {
        name: 'filtered: status=open&platform=x&label=livraison',
        kind: 'page',
        run: () => service.list(workspaceId, viewer, { status: 'open', platform: 'x', label: 'livraison' } as ConversationQueryDto),
      },
      { name: 'filtered: channelId=…&sort=last_activity', kind: 'page', run: () => service.list(workspaceId, viewer, { channelId: channelIds[1], sort: 'last_activity' }) },
      { name: 'next page (cursor, status=open)', kind: 'page', run: () => service.list(workspaceId, viewer, { status: 'open', cursor: firstPage.nextCursor ?? undefined }) },
      { name: 'counts (5 views, status=open)', kind: 'counts', run: () => service.counts(workspaceId, viewer, 'open') },
      { name: 'search rare: q=48213 (an order number)', kind: 'search', run: () => service.list(workspaceId, viewer, { q: '48213' }) },
      { name: 'search: q=remboursement moulin', kind: 'search', run: () => service.list(workspaceId, viewer, { q: 'remboursement moulin' }) },
      { name: 'search: q=arrivee (accent-free, FR stem)', kind: 'search', run: () => service.list(workspaceId, viewer, { q: 'arrivee' }) },
      { name: 'search + filter: q=refund&status=open', kind: 'search', run: () => service.list(workspaceId, viewer, { q: 'refund', status: 'open' }) },
    ];

    console.log(`Timings (${RUNS} runs each after 5 warm-ups; service → repository → PostgreSQL, as the API runs them):`);
    console.log(`  ${'query'.padEnd(52)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  target`);
    const plans: { name: string; sql: string; params: unknown[] }[] = [];
    const results: { name: string; p95: number; target: number }[] = [];
    for (const s of scenarios) {
      for (let i = 0; i < 5; i++) await s.run();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        log.length = 0;
        const t = performance.now();
        await s.run();
        samples.push(performance.now() - t);
      }
      const main = log.find((l) => /FROM conversation c|WITH page/.test(l.sql)) ?? log[log.length - 1];
      plans.push({ name: s.name, sql: main.sql, params: main.params });
      samples.sort((a, b) => a - b);
      const target = s.kind === 'search' ? 100 : 20;
      results.push({ name: s.name, p95: pct(samples, 95), target });
      console.log(
        `  ${s.name.padEnd(52)} ${pct(samples, 50).toFixed(2).padStart(7)}ms ${pct(samples, 95).toFixed(2).padStart(7)}ms ${samples[samples.length - 1].toFixed(2).padStart(7)}ms  p95 < ${target} ms ${pct(samples, 95) < target ? 'OK' : 'MISSED'}`,
      );
    }

    console.log('\nPlans (EXPLAIN ANALYZE, BUFFERS):');
    for (const p of plans) {
      const rows: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${p.sql}`, p.params);
      console.log(`\n-- ${p.name}`);
      for (const r of rows) console.log(`   ${r['QUERY PLAN']}`);
    }
    const missed = results.filter((r) => r.p95 >= r.target);
    console.log(`\n${missed.length ? `Missed targets: ${missed.map((m) => m.name).join('; ')}` : 'Every query met its target.'}`);
    const size: { s: string }[] = await ds.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`);
    console.log(`Database size: ${size[0].s}`);
    console.log(`Load average (1/5/15 min) at the end: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} on this machine (shared).`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (!values.keep) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    else console.log(`Kept database ${dbName}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

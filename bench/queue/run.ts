/**
 * Queue benchmark: `npm run bench:queue [-- --conversations 1000000 --messages-per 5 --runs 60 --keep]`.
 *
 * 1. Creates a database on the machine's PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 *    postgres://postgres@127.0.0.1:5432/postgres), migrates it, and seeds one workspace with
 *    `--conversations` conversations and `--messages-per` messages each, with generate_series (secondary
 *    indexes are dropped during the load and rebuilt after, as a bulk import would; the conversations'
 *    search documents are built from the messages at the end, as migration 1764720000000 does).
 * 2. Times the queue's own code (ConversationsService → ConversationQueueRepository, the SQL the API
 *    runs) for the default page, filtered pages, a cursor page, counts and text searches (rare, common,
 *    multi-word, filtered); prints p50/p95, for searches the steps each took (walk of the queue, index
 *    lookup; see QueueSearch) and where its time went.
 * 3. Prints EXPLAIN (ANALYZE, BUFFERS) of each query (a search's steps as it runs them, JIT off): whether
 *    it uses indexes only (no sequential scan of a large table) and its key lines (`--plans full`
 *    prints them whole), then a summary per query kind. Drops the database.
 *
 * Seeding 1M conversations takes ~10 minutes. `--keep` keeps the database and prints its name;
 * `--database NAME` runs on that kept database again (pending migrations are applied, with their
 * time printed; the seed is skipped), and keeps it. `--only TEXT` runs the scenarios whose name
 * contains TEXT. `--verify` also checks each search's first two pages against a plain scan of the
 * messages (slow). `--write-cost N` instead times N single-message transactions, as ingestion writes
 * them, with the search trigger on and off, and what the trigger costs a message.
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
import { filterConditions, sortClause, tsQuery } from '../../apps/api/src/modules/conversations/queue/queue-filter';
import type { SearchStep } from '../../apps/api/src/modules/conversations/queue/queue-search';
import { SqlParams } from '../../apps/api/src/modules/conversations/queue/sql-params';
import { percentile } from '../support/bench-kit';
import { seedStatements } from './seed.sql';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000000' },
    'messages-per': { type: 'string', default: '5' },
    runs: { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
    verify: { type: 'boolean', default: false },
    plans: { type: 'string', default: 'key' },
    only: { type: 'string' },
    'write-cost': { type: 'string' },
  },
});
const CONVERSATIONS = Number(values.conversations);
const MESSAGES_PER = Number(values['messages-per']);
const RUNS = Number(values.runs);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const reuse = values.database;
const dbName = reuse ?? `bab_bench_queue_${randomBytes(3).toString('hex')}`;
const keep = values.keep || Boolean(reuse);
const dbUrl = (() => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const uuid = (prefix: string, n: number) => `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;
const WORKSPACE_ID = uuid('d000', 1);
const TEAM_IDS = Array.from({ length: 10 }, (_, i) => uuid('e000', i + 1));
const USER_IDS = Array.from({ length: 50 }, (_, i) => uuid('f000', i + 1));
const CHANNEL_IDS = Array.from({ length: 4 }, (_, i) => uuid('9000', i + 1));

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
  await ds.query(`INSERT INTO workspace (id, name) VALUES ($1, 'Bench')`, [WORKSPACE_ID]);
  await ds.query(`INSERT INTO team (id, workspace_id, name) SELECT t, $1, 'Team ' || i FROM unnest($2::uuid[]) WITH ORDINALITY AS x(t, i)`, [WORKSPACE_ID, TEAM_IDS]);
  await ds.query(
    `INSERT INTO app_user (id, email, name, password_hash) SELECT u, 'agent' || i || '@bench.local', 'Agent ' || i, 'x' FROM unnest($1::uuid[]) WITH ORDINALITY AS x(u, i)`,
    [USER_IDS],
  );
  await ds.query(`INSERT INTO workspace_member (workspace_id, user_id, role) SELECT $1, u, 'agent' FROM unnest($2::uuid[]) u`, [WORKSPACE_ID, USER_IDS]);
  // Each agent is in two teams.
  await ds.query(
    `INSERT INTO team_member (team_id, user_id)
     SELECT ($2::uuid[])[1 + (i + k) % 10], u FROM unnest($1::uuid[]) WITH ORDINALITY AS x(u, i), generate_series(0, 1) k`,
    [USER_IDS, TEAM_IDS],
  );
  const platforms = ['facebook', 'instagram', 'whatsapp', 'x'];
  for (const [i, id] of CHANNEL_IDS.entries()) {
    await ds.query(`INSERT INTO channel (id, workspace_id, platform, external_id, name) VALUES ($1, $2, $3, $4, $4)`, [id, WORKSPACE_ID, platforms[i], `bench-${i}`]);
  }

  // Bulk load: drop secondary indexes, insert, rebuild (what a real import does; far faster than row-by-row index upkeep).
  const indexes: { indexname: string; indexdef: string }[] = await ds.query(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE tablename IN ('conversation', 'message', 'contact', 'contact_identity', 'conversation_search') AND indexname NOT LIKE '%_pkey'`,
  );
  for (const i of indexes) await ds.query(`DROP INDEX ${i.indexname}`);
  const statements = seedStatements({ workspaceId: WORKSPACE_ID, channelIds: CHANNEL_IDS, teamIds: TEAM_IDS, userIds: USER_IDS, conversations: CONVERSATIONS, messagesPer: MESSAGES_PER });
  const labels = ['contacts', 'contact identities', 'conversations', 'messages (text search vectors computed on insert)'];
  // One session with triggers and foreign-key checks off (the rows are consistent by construction); the
  // tally and the search documents, which triggers keep, are rebuilt after.
  const session = ds.createQueryRunner();
  await session.connect();
  try {
    await session.query(`SET session_replication_role = replica`);
    await session.query(`SET maintenance_work_mem = '512MB'`);
    await session.query(`SET work_mem = '256MB'`);
    for (const [i, sql] of statements.entries()) await timed(`insert ${labels[i]}`, () => session.query(sql));
    await timed('build the conversations’ search documents', () => session.query(`SELECT conversation_search_rebuild()`));
    await timed(`rebuild ${indexes.length} indexes`, async () => {
      for (const i of indexes) await session.query(i.indexdef);
    });
    await timed('rebuild the view tally', () => session.query(`SELECT conversation_tally_rebuild()`));
  } finally {
    await session.release();
  }
  await timed('VACUUM ANALYZE', () => ds.query(`VACUUM ANALYZE conversation, message, contact, contact_identity, conversation_read, conversation_search`));
}

/** Records the SQL the service sends, so it can be EXPLAINed as is. */
function recording(ds: DataSource) {
  const log: { sql: string; params: unknown[]; ms: number }[] = [];
  const proxy = new Proxy(ds, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return async (sql: string, params?: unknown[]) => {
          const entry = { sql, params: params ?? [], ms: 0 };
          log.push(entry);
          const t = performance.now();
          try {
            return await target.query(sql, params);
          } finally {
            entry.ms = performance.now() - t;
          }
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return { proxy, log };
}

/** Large tables: a sequential scan of one of them means a query does not use its indexes. */
const LARGE = /Seq Scan on (conversation|message|conversation_search|contact|contact_identity)\b/;
/** The lines of a plan worth reading: its nodes, index conditions and filters, timings. */
const KEY_LINE = /(->|^\s*(Limit|Sort|Nested|Subquery|Unique|Hash|WindowAgg|Result|Index|Bitmap|CTE|Aggregate|Seq)|SubPlan|CTE \w+|Index Cond|Recheck Cond|Filter:|Rows Removed|Heap Blocks|Execution Time|Planning Time|JIT)/;

const describeSteps = (steps: SearchStep[], estimate: number | null) =>
  (estimate === null ? '' : `est. ${Math.round(estimate).toLocaleString('en')} msgs: `) +
  steps.map((s) => `${s.strategy}${s.budget ? ` ≤${s.budget}` : ''} → ${s.found}`).join(', ');

/** What a recorded query is for, to split a search's time. */
const role = (sql: string) => (/WITH page/.test(sql) ? 'rows' : 'other');

type Kind = 'page' | 'counts' | 'search rare' | 'search common' | 'search multi-word' | 'search';
interface Scenario {
  name: string;
  kind: Kind;
  query?: ConversationQueryDto;
  run: () => Promise<unknown>;
}

/** The first two pages a plain scan of the messages gives (the search's meaning), to check the fast path against. */
async function reference(ds: DataSource, query: ConversationQueryDto, teamIds: string[]): Promise<string[]> {
  const p = new SqlParams();
  const where = filterConditions(
    {
      workspaceId: WORKSPACE_ID,
      status: query.status,
      teamIds: query.view === 'my_teams' ? teamIds : query.teamId ? [query.teamId] : undefined,
      channelId: query.channelId,
      platform: query.platform,
      label: query.label,
    },
    p,
  );
  const rows: { id: string }[] = await ds.query(
    `SELECT c.id FROM conversation c
     WHERE ${where.join(' AND ')}
       AND c.id IN (SELECT m.conversation_id FROM message m WHERE m.search_vector @@ ${tsQuery(p.add(query.q))})
     ORDER BY ${sortClause(query.sort ?? 'priority')} LIMIT 100`,
    p.values,
  );
  return rows.map((r) => r.id);
}

/**
 * What the search trigger costs a message: single-message transactions as ingestion writes them (the
 * message, then its conversation's summary), into random conversations of the seeded workspace, with
 * the trigger on and off (interleaved rounds). The INSERT runs under EXPLAIN (ANALYZE, WAL), which
 * reports the trigger's own time and the WAL the statement wrote, whatever else loads the machine.
 */
async function writeCost(ds: DataSource, n: number) {
  const [{ max }]: { max: number }[] = await ds.query(`SELECT count(*)::int AS max FROM conversation WHERE workspace_id = $1`, [WORKSPACE_ID]);
  const texts = ['Ma commande n’est pas arrivée, numéro', 'The grinder broke after a week, order', 'Merci pour le remboursement rapide du moulin', 'Can I change my delivery address? Ticket'];
  const runner = ds.createQueryRunner();
  await runner.connect();
  type Sample = { ms: number; trigger: number; wal: number };
  const results = { on: [] as Sample[], off: [] as Sample[] };
  let i = 0;
  const once = async (): Promise<Sample> => {
    i++;
    const conv = uuid('b000', 1 + ((i * 7919) % max));
    const t = performance.now();
    await runner.query('BEGIN');
    const [plan]: { 'QUERY PLAN': [{ 'Execution Time': number; Triggers?: { 'Trigger Name': string; Time: number }[]; Plan: { 'WAL Bytes'?: number } }] }[] = await runner.query(
      `EXPLAIN (ANALYZE, WAL, FORMAT JSON)
       INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, author_name, text, created_at)
       SELECT workspace_id, id, channel_id, 'inbound', $2, 'Bench', $3, now() FROM conversation WHERE id = $1`,
      [conv, `wc-${randomBytes(6).toString('hex')}`, `${texts[i % texts.length]} ${10000 + ((i * 104729) % 90000)}`],
    );
    await runner.query(`UPDATE conversation SET last_message_text = $2, last_activity_at = now(), updated_at = now() WHERE id = $1`, [conv, texts[i % texts.length]]);
    await runner.query('COMMIT');
    const ms = performance.now() - t;
    const p = plan['QUERY PLAN'][0];
    const trigger = (p.Triggers ?? []).filter((x) => x['Trigger Name'] === 'message_search_insert').reduce((a, x) => a + x.Time, 0);
    return { ms, trigger, wal: p.Plan['WAL Bytes'] ?? 0 };
  };
  /** With the trigger off: what it would have done for the last message, on its own, with its WAL. */
  const upkeep = async () => {
    const [plan]: { 'QUERY PLAN': [{ 'Execution Time': number; Plan: { 'WAL Bytes'?: number; 'WAL FPI'?: number } }] }[] = await runner.query(
      `EXPLAIN (ANALYZE, WAL, FORMAT JSON)
       SELECT conversation_search_add(m.conversation_id, m.search_vector) FROM message m
       WHERE m.id = (SELECT id FROM message WHERE conversation_id = $1 AND external_id LIKE 'wc-%' ORDER BY received_at DESC LIMIT 1)`,
      [uuid('b000', 1 + ((i * 7919) % max))],
    );
    const p = plan['QUERY PLAN'][0];
    return { ms: p['Execution Time'], wal: p.Plan['WAL Bytes'] ?? 0, fpi: p.Plan['WAL FPI'] ?? 0 };
  };
  const alone: { ms: number; wal: number; fpi: number }[] = [];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  console.log(`Write cost: ${n} single-message transactions per setting (insert + conversation update, one connection), trigger on and off interleaved:`);
  try {
    for (let round = 0; round < 4; round++) {
      for (const setting of ['off', 'on'] as const) {
        await runner.query(`ALTER TABLE message ${setting === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER message_search_insert`);
        for (let k = 0; k < n / 4; k++) {
          results[setting].push(await once());
          if (setting === 'off') alone.push(await upkeep());
        }
      }
    }
    for (const setting of ['off', 'on'] as const) {
      const r = results[setting];
      const ms = r.map((x) => x.ms).sort((a, b) => a - b);
      console.log(
        `  trigger ${setting.padEnd(4)} transaction mean ${mean(ms).toFixed(3)} ms, p50 ${percentile(ms, 50).toFixed(3)} ms, p95 ${percentile(ms, 95).toFixed(3)} ms; ` +
          `INSERT's own WAL ${mean(r.map((x) => x.wal)).toFixed(0)} B${setting === 'on' ? `; the trigger's time: mean ${mean(r.map((x) => x.trigger)).toFixed(3)} ms` : ''}`,
      );
    }
    console.log(
      `  the documents' upkeep alone (conversation_search_add, what the trigger runs): mean ${mean(alone.map((x) => x.ms)).toFixed(3)} ms, ` +
        `WAL ${mean(alone.map((x) => x.wal)).toFixed(0)} B per message (${mean(alone.map((x) => x.fpi)).toFixed(2)} full-page images)`,
    );
    const hot: { hot: string; upd: string; ins: string }[] = await ds.query(
      `SELECT n_tup_hot_upd AS hot, n_tup_upd AS upd, n_tup_ins AS ins FROM pg_stat_user_tables WHERE relname = 'conversation_search'`,
    );
    console.log(`  conversation_search since statistics reset: ${hot[0].upd} updates (${hot[0].hot} HOT), ${hot[0].ins} inserts`);
  } finally {
    await runner.query(`ALTER TABLE message ENABLE TRIGGER message_search_insert`).catch(() => undefined);
    await runner.query(`DELETE FROM message WHERE external_id LIKE 'wc-%' AND workspace_id = $1`, [WORKSPACE_ID]);
    await runner.release();
  }
}

async function main() {
  console.log(`Queue benchmark: ${CONVERSATIONS.toLocaleString('en')} conversations, ${(CONVERSATIONS * MESSAGES_PER).toLocaleString('en')} messages, one workspace`);
  const version = await (async () => {
    const c = new Client({ connectionString: SERVER_URL });
    await c.connect();
    const r = await c.query('SHOW server_version');
    await c.end();
    return r.rows[0].server_version as string;
  })();
  console.log(`PostgreSQL ${version} at ${new URL(SERVER_URL).host}, database ${dbName}${reuse ? ' (reused)' : ''}\n`);
  if (!reuse) await admin(`CREATE DATABASE "${dbName}"`);
  const ds = new DataSource(dataSourceOptions(dbUrl, { logging: false }));
  try {
    await ds.initialize();
    const pending = await ds.showMigrations();
    if (pending) await timed('pending migrations', () => ds.runMigrations({ transaction: 'each' }));
    const [seeded]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM workspace WHERE id = $1`, [WORKSPACE_ID]);
    if (!seeded.n) {
      console.log('Seeding:');
      const t0 = performance.now();
      await seed(ds);
      console.log(`  ${'total'.padEnd(48)} ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } else {
      const [sizes]: { conversations: number; messages: number }[] = await ds.query(
        `SELECT (SELECT count(*) FROM conversation)::int AS conversations, (SELECT count(*) FROM message)::int AS messages`,
      );
      console.log(`Seeded already: ${sizes.conversations.toLocaleString('en')} conversations, ${sizes.messages.toLocaleString('en')} messages\n`);
      if (pending) await timed('ANALYZE after migrating', () => ds.query(`ANALYZE`));
    }

    if (values['write-cost']) {
      await writeCost(ds, Number(values['write-cost']));
      return;
    }

    const { proxy, log } = recording(ds);
    const queue = new ConversationQueueRepository(proxy);
    const service = new ConversationsService(queue, new ConversationThreadRepository(proxy));
    const viewer = USER_IDS[0];
    const viewerTeams = await queue.teamIdsOf(WORKSPACE_ID, viewer);
    const firstPage = await service.list(WORKSPACE_ID, viewer, { status: 'open' });
    const commonPage = await service.list(WORKSPACE_ID, viewer, { q: 'commande' });

    const page = (name: string, query: ConversationQueryDto): Scenario => ({ name, kind: 'page', query, run: () => service.list(WORKSPACE_ID, viewer, query) });
    const search = (name: string, kind: Kind, query: ConversationQueryDto): Scenario => ({ name, kind, query, run: () => service.list(WORKSPACE_ID, viewer, query) });
    const scenarios: Scenario[] = [
      page('default page (no filter, priority then wait)', {}),
      page('open queue page (status=open)', { status: 'open' }),
      page('filtered: status=open&teamId=…', { status: 'open', teamId: TEAM_IDS[3] }),
      page('filtered: status=open&assigneeId=none', { status: 'open', assigneeId: 'none' }),
      page('filtered: status=open&view=mine', { status: 'open', view: 'mine' }),
      page('filtered: status=open&view=my_teams', { status: 'open', view: 'my_teams' }),
      page('filtered: status=open&platform=x&label=livraison', { status: 'open', platform: 'x', label: 'livraison' } as ConversationQueryDto),
      page('filtered: channelId=…&sort=last_activity', { channelId: CHANNEL_IDS[1], sort: 'last_activity' }),
      page('next page (cursor, status=open)', { status: 'open', cursor: firstPage.nextCursor ?? undefined }),
      { name: 'counts (5 views, status=open)', kind: 'counts' as const, run: () => service.counts(WORKSPACE_ID, viewer, 'open') },
      search('search rare: q=48213 (an order number)', 'search rare', { q: '48213' }),
      search('search rare + filter: q=48213&status=open', 'search rare', { q: '48213', status: 'open' }),
      search('search common: q=commande', 'search common', { q: 'commande' }),
      search('search common: q=order', 'search common', { q: 'order' }),
      search('search common: q=arrivee (accent-free, FR stem)', 'search common', { q: 'arrivee' }),
      search('search common + filter: q=refund&status=open', 'search common', { q: 'refund', status: 'open' }),
      search('search common + filter: q=commande&view=my_teams', 'search common', { q: 'commande', status: 'open', view: 'my_teams' }),
      search('search common, sort=last_activity: q=colis', 'search common', { q: 'colis', sort: 'last_activity' }),
      search('search common, next page (cursor): q=commande', 'search common', { q: 'commande', cursor: commonPage.nextCursor ?? undefined }),
      search('search multi-word: q=remboursement moulin', 'search multi-word', { q: 'remboursement moulin' }),
      search('search multi-word: q="coffee" refund grinder', 'search multi-word', { q: 'coffee refund grinder' }),
      search('search phrase: q="commande n\'est toujours"', 'search multi-word', { q: '"commande n\'est toujours"' }),
      search('search multi-word rare: q=remboursement 48213', 'search multi-word', { q: 'remboursement 48213' }),
      search('search + filter: q=livrez&platform=x&label=livraison', 'search', { q: 'livrez', status: 'open', platform: 'x', label: 'livraison' } as ConversationQueryDto),
    ].filter((s) => !values.only || s.name.includes(values.only));

    console.log(`Timings (${RUNS} runs each after 5 warm-ups; service → repository → PostgreSQL, as the API runs them):`);
    console.log(`  ${'query'.padEnd(58)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  target`);
    const plans: { name: string; steps: string; queries: { sql: string; params: unknown[]; jitOff?: boolean }[] }[] = [];
    const results: { name: string; kind: Kind; p50: number; p95: number; target: number; steps: string }[] = [];
    for (const s of scenarios) {
      for (let i = 0; i < 5; i++) await s.run();
      const samples: number[] = [];
      const spent = new Map<string, number>();
      for (let i = 0; i < RUNS; i++) {
        log.length = 0;
        const t = performance.now();
        await s.run();
        samples.push(performance.now() - t);
        const add = (k: string, ms: number) => spent.set(k, (spent.get(k) ?? 0) + ms / RUNS);
        const rows = log.filter((l) => role(l.sql) === 'rows').reduce((a, l) => a + l.ms, 0);
        const steps = queue.search.lastSteps;
        for (const st of steps) add(st.strategy, st.ms);
        add('rows', rows);
        add('parse, estimate, transaction', samples[samples.length - 1] - rows - steps.reduce((a, st) => a + st.ms, 0));
      }
      const isSearch = s.kind.startsWith('search');
      const steps = isSearch ? describeSteps(queue.search.lastSteps, queue.search.lastEstimate) : '';
      // A search's own queries (not its parse or estimate), and the rows' read; a page's main query.
      const queries = isSearch
        ? [...queue.search.lastSteps.map((st) => ({ sql: st.sql, params: st.params, jitOff: true })), ...log.filter((l) => role(l.sql) === 'rows')]
        : [log.find((l) => /FROM conversation c|WITH page/.test(l.sql)) ?? log[log.length - 1]];
      plans.push({ name: s.name, steps, queries: queries.map((q) => ({ ...q })) });
      samples.sort((a, b) => a - b);
      const target = isSearch ? 100 : 20;
      const r = { name: s.name, kind: s.kind, p50: percentile(samples, 50), p95: percentile(samples, 95), target, steps };
      results.push(r);
      console.log(
        `  ${s.name.padEnd(58)} ${r.p50.toFixed(2).padStart(7)}ms ${r.p95.toFixed(2).padStart(7)}ms ${samples[samples.length - 1].toFixed(2).padStart(7)}ms  p95 < ${target} ms ${r.p95 < target ? 'OK' : 'MISSED'}${steps ? `  [${steps}]` : ''}`,
      );
      if (isSearch) console.log(`  ${''.padEnd(58)} mean per query: ${[...spent].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} ms`);
    }

    if (values.verify) {
      console.log('\nSearch results against a plain scan of the messages (first two pages):');
      for (const s of scenarios.filter((x) => x.kind.startsWith('search') && x.query && !x.query.cursor)) {
        const q = s.query!;
        const one = await service.list(WORKSPACE_ID, viewer, q);
        const two = one.nextCursor ? await service.list(WORKSPACE_ID, viewer, { ...q, cursor: one.nextCursor }) : { items: [] };
        const got = [...one.items, ...two.items].map((c) => c.id);
        const want = await reference(ds, q, viewerTeams);
        const same = got.length === want.length && got.every((id, i) => id === want[i]);
        console.log(`  ${s.name.padEnd(58)} ${same ? 'same' : 'DIFFERENT'} (${got.length} results)`);
      }
    }

    console.log(`\nPlans (EXPLAIN ANALYZE, BUFFERS${values.plans === 'full' ? '' : '; key lines'}):`);
    const indexUse: { name: string; ok: boolean }[] = [];
    for (const p of plans) {
      console.log(`\n-- ${p.name}${p.steps ? `  [${p.steps}]` : ''}`);
      let ok = true;
      for (const [i, q] of p.queries.entries()) {
        // As the search runs them: in a transaction with JIT off. Costs on, so that a JIT section would show.
        const rows: { 'QUERY PLAN': string }[] = await ds.transaction(async (em) => {
          if (q.jitOff) await em.query(`SET LOCAL jit = off`);
          return em.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
        });
        const lines = rows.map((r) => r['QUERY PLAN'].replace(/ {2}\(cost=[^)]*\)/, ''));
        const seq = lines.filter((l) => LARGE.test(l));
        ok &&= seq.length === 0;
        if (p.queries.length > 1) {
          const what = /WITH hit/.test(q.sql) ? 'index: matching messages (GIN), their conversations, sorted' : /@@/.test(q.sql) ? 'walk the queue, check documents then messages' : 'the page’s rows';
          console.log(`   [${i + 1}/${p.queries.length}] ${what}`);
        }
        const shown = values.plans === 'full' ? lines : lines.filter((x) => KEY_LINE.test(x) && !/^\s*(Sort Key|Sort Method|Buffers|Heap Fetches)/.test(x));
        for (const l of shown) console.log(`   ${values.plans === 'full' || l.length <= 220 ? l : `${l.slice(0, 217)}…`}`);
      }
      indexUse.push({ name: p.name, ok });
    }

    console.log('\nSummary (p50 / p95; index use from the plans above: no sequential scan of a large table):');
    for (const r of results) {
      const idx = indexUse.find((i) => i.name === r.name)?.ok;
      console.log(
        `  ${r.kind.padEnd(18)} ${r.name.padEnd(58)} ${r.p50.toFixed(1).padStart(6)} / ${r.p95.toFixed(1).padStart(6)} ms  ${r.p95 < r.target ? 'OK' : 'MISSED'}  index use: ${idx ? 'yes' : 'NO'}`,
      );
    }
    const missed = results.filter((r) => r.p95 >= r.target);
    console.log(`\n${missed.length ? `Missed targets: ${missed.map((m) => m.name).join('; ')}` : 'Every query met its target.'}`);
    const size: { s: string; docs: string }[] = await ds.query(
      `SELECT pg_size_pretty(pg_database_size(current_database())) AS s, pg_size_pretty(pg_total_relation_size('conversation_search')) AS docs`,
    );
    console.log(`Database size: ${size[0].s} (search documents and their index: ${size[0].docs})`);
    console.log(`Load average (1/5/15 min) at the end: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} on this machine (shared).`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (!keep) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    else console.log(`Kept database ${dbName} (run again on it: npm run bench:queue -- --database ${dbName})`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

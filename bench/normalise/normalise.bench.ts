/// <reference types="jest" />
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createTestApp, type TestApp } from '../../apps/api/src/testing/test-app';
import { seedChannel, seedTeam, seedWorkspace } from '../../apps/api/src/testing/seed';
import { IntakeProcessor } from '../../apps/api/src/modules/ingestion/intake/intake.processor';
import { RealtimePublisher } from '../../apps/api/src/modules/realtime/realtime-publisher';

/**
 * Normalisation benchmark: `npm run bench:normalise` (BENCH_THREADS, BENCH_FOLLOW_UPS to change sizes).
 * Stores intake rows directly (as webhooks would), then times the intake processor turning them into
 * conversations: first THREADS new conversations (one per customer, over 10 channels with default
 * teams), then FOLLOW_UPS messages in those threads. Prints messages/s and statements per message.
 */
const N = Number(process.env.BENCH_FOLLOW_UPS ?? 2000);
const THREADS = Number(process.env.BENCH_THREADS ?? 500);

describe('normalisation throughput', () => {
  let t: TestApp;
  afterAll(() => t?.close());
  it('normalises new threads, then follow-ups, exactly once', async () => {
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    const ws = await seedWorkspace(t.dataSource);
    const channels: string[] = [];
    for (let i = 0; i < 10; i++) {
      const team = await seedTeam(t.dataSource, ws.id);
      channels.push((await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'api', externalId: `probe-${i}`, defaultTeamId: team.id })).id);
    }
    let n = 0;
    const enqueue = async (count: number) => {
      const rows = Array.from({ length: count }, () => {
        const k = n++;
        const thread = k % THREADS;
        const c = channels[thread % 10];
        return { c, e: { platform: 'api', type: 'message', kind: 'dm', channelExternalId: 'x', externalId: `p-${k}`, threadKey: `t-${thread}`, author: { externalId: `cust-${thread}`, name: `Client ${thread}` }, text: `p:${k} Bonjour, où en est ma commande?`, occurredAt: new Date().toISOString() } };
      });
      await t.dataSource.query(`INSERT INTO ingest_event (channel_id, event) SELECT (r->>'c')::uuid, r->'e' FROM jsonb_array_elements($1::jsonb) r`, [JSON.stringify(rows)]);
    };
    const proc = t.app.get(IntakeProcessor);
    const pub = t.app.get(RealtimePublisher);
    await enqueue(THREADS);
    let t0 = performance.now();
    await proc.drain();
    await pub.idle();
    console.log(`${THREADS} new conversations: ${(THREADS / ((performance.now() - t0) / 1000)).toFixed(0)} msg/s`);
    await enqueue(N);
    let queries = 0;
    const stats = new Map<string, { n: number; ms: number }>();
    const orig = PostgresQueryRunner.prototype.query;
    PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof orig>) {
      queries++;
      const s0 = performance.now();
      const key = String(args[0]).replace(/\s+/g, ' ').slice(0, 90);
      return orig.apply(this, args).finally(() => { const st = stats.get(key) ?? { n: 0, ms: 0 }; st.n++; st.ms += performance.now() - s0; stats.set(key, st); });
    } as typeof orig;
    t0 = performance.now();
    await proc.drain();
    const t1 = performance.now();
    await pub.idle();
    const t2 = performance.now();
    PostgresQueryRunner.prototype.query = orig;
    console.log(`${N} follow-ups in known threads: normalised in ${(t1 - t0).toFixed(0)} ms = ${(N / ((t1 - t0) / 1000)).toFixed(0)} msg/s normalised; publish tail ${(t2 - t1).toFixed(0)} ms; ${(queries / N).toFixed(1)} queries/msg`);
    console.log('statements by time spent (follow-ups):\n' + [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20).map(([k, v]) => `${v.ms.toFixed(0).padStart(6)}ms ${String(v.n).padStart(5)}x ${k}`).join('\n'));
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM message`);
    expect(count).toBe(N + THREADS);
  });
});

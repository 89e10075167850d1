import type { InboundEvent } from '@babillard/connectors';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { seedChannel, seedWorkspace } from '../../../testing/seed';
import { statementsDuring } from '../../../testing/statements';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { IntakeWriter, type IntakeWrite } from './intake-writer';

/** The intake's group commit, on real PostgreSQL (without workers, so stored rows stay on the intake). */
describe('IntakeWriter', () => {
  let t: TestApp;
  let channelId: string;
  let secretEncrypted: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    const ws = await seedWorkspace(t.dataSource);
    channelId = (await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'api', externalId: 'group-commit', secret: 'group-commit-secret-0123' })).id;
    [{ secret_encrypted: secretEncrypted }] = await t.dataSource.query(`SELECT secret_encrypted FROM channel WHERE id = $1`, [channelId]);
  });
  afterAll(() => t.close());

  const event = (externalId: string) =>
    ({ type: 'message', platform: 'api', channelExternalId: 'group-commit', externalId, kind: 'dm', threadKey: externalId, author: { externalId: 'u-1' }, text: externalId, occurredAt: new Date() }) as unknown as InboundEvent;
  const write = (externalId: string, overrides: Partial<IntakeWrite> & { text?: string } = {}): IntakeWrite => ({
    rows: [{ c: channelId, e: { ...event(externalId), ...(overrides.text !== undefined ? { text: overrides.text } : {}) } as InboundEvent }],
    guard: overrides.guard,
  });
  const stored = async (prefix: string): Promise<string[]> =>
    (await t.dataSource.query(`SELECT event->>'externalId' AS x FROM ingest_event WHERE event->>'externalId' LIKE $1 ORDER BY id`, [`${prefix}%`])).map(
      (r: { x: string }) => r.x,
    );

  /** Intake statements sent while `fn` runs. */
  const countStores = async (fn: () => Promise<unknown>) => (await statementsDuring(fn)).filter((sql) => sql.includes('INSERT INTO ingest_event')).length;

  it('stores the webhooks that arrive while others are being stored together, in arrival order, each answered once committed', async () => {
    const writer = t.app.get(IntakeWriter);
    const ids = Array.from({ length: 10 }, (_, i) => `gc1-${String(i).padStart(2, '0')}`);
    let answers: boolean[] = [];
    const statements = await countStores(async () => {
      answers = await Promise.all(
        ids.map((id) =>
          writer.write(write(id)).then(async (ok) => {
            // Answered only once committed: another connection sees the row.
            expect(await t.dataSource.query(`SELECT 1 FROM ingest_event WHERE event->>'externalId' = $1`, [id])).toHaveLength(1);
            return ok;
          }),
        ),
      );
    });
    expect(answers).toEqual(ids.map(() => true));
    const got = await stored('gc1-');
    expect([...got].sort()).toEqual(ids);
    // Two start at once (on two connections, so either may commit first); the eight that arrive
    // meanwhile share the next statement, in the order they arrived.
    expect(statements).toBe(3);
    const grouped = ids.slice(2);
    expect(got.filter((id) => grouped.includes(id))).toEqual(grouped);
  });

  it('honours each webhook\'s guard within a group, and keeps a NUL character as U+FFFD instead of refusing the webhook', async () => {
    const writer = t.app.get(IntakeWriter);
    const results = await Promise.all([
      writer.write(write('gc2-a')),
      writer.write(write('gc2-b')),
      writer.write(write('gc2-nul', { text: 'bad \u0000 byte' })),
      writer.write(write('gc2-stale', { guard: { channelId, secretEncrypted: 'a-secret-since-rotated' } })),
      writer.write(write('gc2-signed', { guard: { channelId, secretEncrypted } })),
    ]);
    expect(results).toEqual([true, true, true, false, true]);
    expect((await stored('gc2-')).sort()).toEqual(['gc2-a', 'gc2-b', 'gc2-nul', 'gc2-signed']);
    const [{ text }] = await t.dataSource.query(`SELECT event->>'text' AS text FROM ingest_event WHERE event->>'externalId' = 'gc2-nul'`);
    expect(text).toBe('bad \uFFFD byte');
  });

  it('stores each webhook of a group that failed on its own, so one cannot fail the others', async () => {
    const writer = t.app.get(IntakeWriter);
    const original = PostgresQueryRunner.prototype.query;
    let failedOnce = false;
    // An unforeseen error on the first grouped statement (more than one webhook in it).
    PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
      const params = args[1] as unknown[] | undefined;
      if (!failedOnce && String(args[0]).includes('INSERT INTO ingest_event') && new Set(JSON.parse(String(params?.[0])).map((r: { i: number }) => r.i)).size > 1) {
        failedOnce = true;
        return Promise.reject(new Error('injected failure'));
      }
      return original.apply(this, args);
    } as typeof original;
    try {
      const ids = ['gc3-a', 'gc3-b', 'gc3-c', 'gc3-d', 'gc3-e'];
      expect(await Promise.all(ids.map((id) => writer.write(write(id))))).toEqual(ids.map(() => true));
      expect(failedOnce).toBe(true);
      expect((await stored('gc3-')).sort()).toEqual(ids);
    } finally {
      PostgresQueryRunner.prototype.query = original;
    }
  });
});

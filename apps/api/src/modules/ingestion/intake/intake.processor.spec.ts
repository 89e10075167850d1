import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ConversationThreadRepository } from '../../conversations/conversation-thread.repository';
import { DOMAIN_EVENTS, type MessageChanged } from '../../conversations/conversation.events';
import { toMessage } from '../../conversations/message.mapper';
import { seedChannel, seedWorkspace } from '../../../testing/seed';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { postApiWebhook } from '../../../testing/webhooks';
import { statementsDuring } from '../../../testing/statements';
import { InboundNormaliser } from '../normalise/inbound-normaliser';
import { BATCH_SIZE, IntakeProcessor } from './intake.processor';

/**
 * The intake is shared by every drain loop of every process: batches that run at once must each take
 * their own rows, and batches that touch the same conversations must wait for each other, not fail.
 */
describe('intake processor', () => {
  let t: TestApp;
  let processor: IntakeProcessor;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.dataSource.query(sql, params) as Promise<T[]>;

  beforeAll(async () => {
    // No loop of its own: the test decides when and how many batches run.
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    processor = t.app.get(IntakeProcessor);
  }, 60_000);
  afterAll(() => t.close());

  /** A workspace with one signed generic channel, and a poster for its webhook. */
  const apiChannel = async (name: string) => {
    const ws = await seedWorkspace(t.dataSource);
    const secret = `api-channel-secret-${name}`;
    const channel = await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'api', externalId: `reviews-${name}`, secret });
    return { ws, channel, post: (events: Record<string, unknown>[]) => postApiWebhook(t.http, channel.id, secret, events) };
  };

  it('batches running at once store every event once, never fall back to one by one, and leave each thread on its latest message', async () => {
    const { channel, post } = await apiChannel('concurrent');
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const threads = 6;
    const rounds = 15;
    const start = Date.parse('2026-11-20T10:00:00Z');

    let posting = true;
    const loop = async () => {
      for (;;) {
        const took = await processor.processBatch();
        if (!took && !posting) return;
        if (!took) await new Promise((r) => setTimeout(r, 2));
      }
    };
    const loops = [loop(), loop(), loop()];
    for (let round = 0; round < rounds; round++) {
      // Every round carries one message of every thread, in an order that flips from round to round, so
      // concurrent batches overlap on all of them and meet them in opposite orders.
      const order = Array.from({ length: threads }, (_, th) => (round % 2 ? threads - 1 - th : th));
      const events = order.map((th) => ({
        id: `conc-${th}-${round}`,
        kind: 'dm',
        author: { id: `customer-${th}`, name: `Client ${th}` },
        text: `message ${round} of thread ${th}`,
        createdAt: new Date(start + round * 1000).toISOString(),
      }));
      const again = [...events].reverse().map((e) => ({ ...e, id: `${e.id}-echo`, createdAt: new Date(start + round * 1000 + 500).toISOString(), text: `${e.text}, again` }));
      await Promise.all([post(events), post(again)]);
    }
    posting = false;
    await Promise.all(loops);

    const [{ stored, distinct }] = await q<{ stored: number; distinct: number }>(
      `SELECT count(*)::int AS stored, count(DISTINCT external_id)::int AS distinct FROM message WHERE channel_id = $1`,
      [channel.id],
    );
    expect({ stored, distinct }).toEqual({ stored: 2 * threads * rounds, distinct: 2 * threads * rounds });
    expect(await q(`SELECT 1 FROM ingest_event WHERE channel_id = $1`, [channel.id])).toHaveLength(0);
    const conversations = await q<{ thread_key: string; last_message_text: string }>(
      `SELECT thread_key, last_message_text FROM conversation WHERE channel_id = $1 ORDER BY thread_key`,
      [channel.id],
    );
    expect(conversations).toHaveLength(threads);
    for (const [th, c] of conversations.entries()) expect(c.last_message_text).toBe(`message ${rounds - 1} of thread ${th}, again`);
    // A thread that another batch created after this one claimed its rows is joined, not created again.
    const created = await q<{ n: number }>(
      `SELECT count(e.id)::int AS n FROM conversation c LEFT JOIN conversation_event e ON e.conversation_id = c.id AND e.type = 'created'
       WHERE c.channel_id = $1 GROUP BY c.id`,
      [channel.id],
    );
    expect(created.map((r) => r.n)).toEqual(Array(threads).fill(1));
    const fellBack = warnings.mock.calls.filter(([m]) => String(m).includes('retrying one by one'));
    expect(fellBack).toEqual([]);
    warnings.mockRestore();
  }, 60_000);

  it('publishes each new message as it was inserted, equal to the stored row read back', async () => {
    const { ws, post } = await apiChannel('snapshot');
    const created: MessageChanged[] = [];
    const events = t.app.get(EventEmitter2);
    const listener = (e: MessageChanged) => created.push(e);
    events.on(DOMAIN_EVENTS.messageCreated, listener);
    await post([
      { id: 'snap-1', kind: 'dm', author: { id: 'c-1', name: 'Léa', handle: '@lea' }, text: 'Où est ma commande #4512?', createdAt: '2026-11-20T10:00:00Z' },
      { id: 'snap-2', kind: 'comment', author: { id: 'c-2', name: 'Sam' }, text: 'Produit brisé', createdAt: '2026-11-20T10:00:01Z', attachments: [{ type: 'image', url: 'https://example.test/a.jpg' }] },
    ]);
    await processor.drain();
    events.off(DOMAIN_EVENTS.messageCreated, listener);

    expect(created).toHaveLength(2);
    const stored = await t.app.get(ConversationThreadRepository).findMessages(ws.id, created.map((e) => e.messageId));
    for (const e of created) {
      expect(e.created).toBeDefined();
      expect(toMessage(e.created!)).toEqual(toMessage(stored.find((m) => m.id === e.messageId)!));
    }
  }, 60_000);

  it('commits a batch without waiting for its WAL flush, for that transaction only: its connection goes back to the pool as it was', async () => {
    const { post } = await apiChannel('async-commit');
    await post([{ id: 'ac-1', kind: 'dm', author: { id: 'ac', name: 'Léa' }, text: 'Mon colis?', createdAt: new Date().toISOString() }]);
    // Read from pg_settings: `source` is 'session' only where the value was set on the connection
    // (the test server may run with synchronous_commit off throughout, as the embedded one does).
    const synchronousCommit = `SELECT pg_backend_pid() AS pid, setting, source, reset_val FROM pg_settings WHERE name = 'synchronous_commit'`;
    type Setting = { pid: number; setting: string; source: string; reset_val: string };
    const normaliser = t.app.get(InboundNormaliser);
    const apply = normaliser.apply.bind(normaliser);
    let inBatch: Setting | undefined;
    const spy = jest.spyOn(normaliser, 'apply').mockImplementation(async (tx, rows, out) => {
      [inBatch] = await tx.query(synchronousCommit);
      return apply(tx, rows, out);
    });
    try {
      await processor.drain();
    } finally {
      spy.mockRestore();
    }
    expect(inBatch).toMatchObject({ setting: 'off', source: 'session' });
    expect(await q(`SELECT 1 FROM message WHERE external_id = 'ac-1'`)).toHaveLength(1);

    // Every connection of the pool at once (all idle now), so the batch's own is among them: what
    // runs on it next (a webhook's intake row, a realtime append) commits as the server says again.
    const pool = (t.dataSource.driver as PostgresDriver).master as { totalCount: number };
    const runners = Array.from({ length: pool.totalCount }, () => t.dataSource.createQueryRunner());
    try {
      const sessions: Setting[] = await Promise.all(runners.map(async (r) => (await r.query(synchronousCommit))[0]));
      const after = sessions.find((s) => s.pid === inBatch!.pid);
      expect(after).toBeDefined();
      expect(after!.source).not.toBe('session');
      expect(after!.setting).toBe(after!.reset_val);
    } finally {
      await Promise.all(runners.map((r) => r.release()));
    }
  }, 60_000);

  it('takes rows of a channel deleted since off the intake, counted as channel_deleted, and stores nothing for them', async () => {
    const { channel, post } = await apiChannel('deleted');
    await post([
      { id: 'gone-1', kind: 'comment', author: { id: 'u-1', name: 'Léa' }, text: 'Mon colis?', createdAt: new Date().toISOString() },
    ]);
    const before = await q<{ count: string }>(`SELECT count FROM ingestion_stat WHERE platform = 'api' AND reason = 'channel_deleted'`);
    await q(`DELETE FROM channel WHERE id = $1`, [channel.id]);

    await processor.drain();

    expect(await q(`SELECT 1 FROM ingest_event WHERE channel_id = $1`, [channel.id])).toHaveLength(0);
    expect(await q(`SELECT 1 FROM message WHERE external_id = 'gone-1'`)).toHaveLength(0);
    const [after] = await q<{ count: string }>(`SELECT count FROM ingestion_stat WHERE platform = 'api' AND reason = 'channel_deleted'`);
    expect(Number(after.count)).toBe(Number(before[0]?.count ?? 0) + 1);
  }, 60_000);

  it('claims again after a full batch only: a short batch took everything due, so no empty claim follows it', async () => {
    const { channel, post } = await apiChannel('short-batch');
    const event = (i: number) => ({ id: `sb-${i}`, kind: 'dm', author: { id: `sb-${i % 7}`, name: 'Client' }, text: `message ${i}`, createdAt: new Date(Date.parse('2026-11-20T10:00:00Z') + i).toISOString() });
    const claims = (sent: string[]) => sent.filter((s) => s.startsWith('WITH claimed AS')).length;

    await post([0, 1, 2].map(event));
    expect(claims(await statementsDuring(() => processor.drain()))).toBe(1);

    // One full batch and a short one: every row is taken, with no third claim.
    const total = BATCH_SIZE + 10;
    for (let i = 3; i < 3 + total; i += 100) await post(Array.from({ length: Math.min(100, 3 + total - i) }, (_, k) => event(i + k)));
    expect(claims(await statementsDuring(() => processor.drain()))).toBe(2);
    const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE channel_id = $1`, [channel.id]);
    expect(n).toBe(3 + total);
    expect(await q(`SELECT 1 FROM ingest_event WHERE channel_id = $1`, [channel.id])).toHaveLength(0);
  }, 60_000);
});

describe('intake processor wake-ups', () => {
  let t: TestApp;
  let processor: IntakeProcessor;

  beforeAll(async () => {
    t = await createTestApp();
    processor = t.app.get(IntakeProcessor);
    // Only the wake-ups of the test start loops here, not the poll.
    clearInterval(processor['timer']!);
  }, 60_000);
  afterAll(() => t.close());

  it('starts no loop for a wake-up while a batch has yet to send its claim: that claim takes the rows', async () => {
    const ws = await seedWorkspace(t.dataSource);
    const channel = await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'api', externalId: 'reviews-wakes' });
    const event = { platform: 'api', type: 'message', kind: 'dm', channelExternalId: 'reviews-wakes', externalId: 'wk-1', threadKey: 'wk', parentExternalId: null, post: null, author: { externalId: 'wk-author', name: 'Léa' }, text: 'Bonjour', attachments: [], occurredAt: new Date().toISOString() };
    await t.dataSource.query(`INSERT INTO ingest_event (channel_id, event) VALUES ($1, $2)`, [channel.id, JSON.stringify(event)]);

    // Three webhooks stored at once wake the processor three times: the first wake-up's batch takes them all.
    const sent = await statementsDuring(async () => {
      processor.wake();
      processor.wake();
      processor.wake();
      await processor['idle']();
    });

    expect(sent.filter((s) => s.startsWith('WITH claimed AS')).length).toBe(1);
    expect(await t.dataSource.query(`SELECT 1 FROM message WHERE channel_id = $1 AND external_id = 'wk-1'`, [channel.id])).toHaveLength(1);
  }, 60_000);
});

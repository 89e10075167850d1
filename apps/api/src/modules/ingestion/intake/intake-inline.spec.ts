import { fixture } from '../../../../../../libs/connectors/src/testing/fixtures';
import { signApiChannelBody, signMetaBody } from '@babillard/connectors';
import { Client } from 'pg';
import request from 'supertest';
import { waitFor } from '../../../testing/replies-seed';
import { seedChannel, seedWorkspace } from '../../../testing/seed';
import { createTestApp, TEST_ENV, type TestApp } from '../../../testing/test-app';

const FB_PAGE = '100473908465587';
const SECRET = 'api-channel-secret-inline';

type FeedChange = { entry: { id: string; changes: { value: Record<string, unknown> }[] }[] };

/**
 * Webhooks of new messages are normalised in their own requests unless the intake is behind (one
 * transaction for those arriving together), without a row on the intake; everything else, and
 * whatever cannot be done that way, still goes through the intake. On real PostgreSQL, with workers.
 */
describe('webhooks normalised inline', () => {
  let t: TestApp;
  let channelId: string;
  let other: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const ws = await seedWorkspace(t.dataSource);
    channelId = (await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'api', externalId: 'inline', secret: SECRET })).id;
    await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'facebook', externalId: FB_PAGE });
    other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
  }, 60_000);

  afterAll(async () => {
    await other?.end();
    await t?.close();
  }, 60_000);

  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.dataSource.query(sql, params) as Promise<T[]>;
  const message = (id: string, threadId = id, text = `text of ${id}`) => ({ id, kind: 'comment', threadId, author: { id: `author-${id}` }, text, createdAt: new Date().toISOString() });
  const postApi = (events: Record<string, unknown>[]) => {
    const body = JSON.stringify({ events });
    return request(t.http).post(`/webhooks/api/${channelId}`).set('Content-Type', 'application/json').set('X-Babillard-Signature', signApiChannelBody(SECRET, body)).send(body);
  };
  const postMeta = (body: object) => {
    const raw = JSON.stringify(body);
    return request(t.http).post('/webhooks/meta').set('Content-Type', 'application/json').set('X-Hub-Signature-256', signMetaBody(TEST_ENV.META_APP_SECRET, raw)).send(raw);
  };
  const stored = async (externalId: string) => (await q(`SELECT 1 FROM message WHERE external_id = $1`, [externalId])).length > 0;
  const onIntake = async (externalId: string) => (await q(`SELECT 1 FROM ingest_event WHERE event->>'externalId' = $1`, [externalId])).length > 0;
  /** Answers `requests` as they come in, into `answered`. */
  const track = (requests: request.Test[], answered: number[]) => Promise.all(requests.map((r) => r.then((res) => answered.push(res.status))));

  it('normalises a webhook of new messages in its request, without storing it on the intake, and answers once committed', async () => {
    // The intake refuses rows: only a webhook that never touches it can be answered 200.
    await q(`CREATE FUNCTION refuse_intake() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'intake refused'; END $$`);
    await q(`CREATE TRIGGER refuse_intake BEFORE INSERT ON ingest_event FOR EACH ROW EXECUTE FUNCTION refuse_intake()`);
    try {
      await postApi([message('inline-1'), message('inline-2', 'inline-1')]).expect(200);
      // Already committed when answered, seen from another connection.
      const { rows } = await other.query(`SELECT text FROM message WHERE external_id IN ('inline-1', 'inline-2') ORDER BY external_id`);
      expect(rows.map((r) => r.text)).toEqual(['text of inline-1', 'text of inline-2']);
      // A retried webhook is recognised: nothing shows twice.
      await postApi([message('inline-1')]).expect(200);
      expect(await q(`SELECT 1 FROM message WHERE external_id = 'inline-1'`)).toHaveLength(1);
    } finally {
      await q(`DROP TRIGGER refuse_intake ON ingest_event`);
      await q(`DROP FUNCTION refuse_intake()`);
    }
  });

  it('stores a webhook whose inline batch failed on the intake instead, where the failing event gets its retries and the others go through', async () => {
    await q(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
               IF NEW.text = 'poison' THEN RAISE EXCEPTION 'poison refused'; END IF; RETURN NEW; END $$`);
    await q(`CREATE TRIGGER refuse_poison BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
    try {
      await postApi([message('fallback-ok'), message('fallback-poison', 'fallback-poison', 'poison')]).expect(200);
      await waitFor(() => stored('fallback-ok'), 'the good event normalised from the intake');
      const [row] = await waitFor(async () => {
        const rows = await q<{ attempts: number; last_error: string }>(`SELECT attempts, last_error FROM ingest_event WHERE event->>'externalId' = 'fallback-poison' AND attempts > 0`);
        return rows.length ? rows : null;
      }, 'the failing event kept on the intake with its error');
      expect(row.last_error).toContain('poison refused');
      expect(await stored('fallback-poison')).toBe(false);
    } finally {
      await q(`DROP TRIGGER refuse_poison ON message`);
      await q(`DROP FUNCTION refuse_poison()`);
      await q(`DELETE FROM ingest_event WHERE event->>'externalId' = 'fallback-poison'`);
    }
  });

  it('stores an edit that follows a message of a running inline batch only once that batch has committed, so the edit finds it', async () => {
    const comment = (commentId: string, parentId?: string) => {
      const add = fixture<FeedChange>('facebook-feed-comment-add');
      add.entry[0].id = FB_PAGE;
      add.entry[0].changes[0].value.comment_id = commentId;
      // A reply lands in its top-level comment's thread.
      if (parentId) add.entry[0].changes[0].value.parent_id = parentId;
      return add;
    };
    await postMeta(comment('150691160110528_8000000001')).expect(200);
    const [{ conversation_id: conversationId }] = await q<{ conversation_id: string }>(`SELECT conversation_id FROM message WHERE external_id = '150691160110528_8000000001'`);

    // Another transaction holds the conversation: the next comment's batch waits for it.
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM conversation WHERE id = $1 FOR UPDATE`, [conversationId]);
    const answered: number[] = [];
    let requests: Promise<unknown> = Promise.resolve();
    try {
      const second = track([postMeta(comment('150691160110528_8000000002', '150691160110528_8000000001'))], answered);
      await new Promise((r) => setTimeout(r, 300));
      const edited = fixture<FeedChange>('facebook-feed-comment-edited');
      edited.entry[0].id = FB_PAGE;
      edited.entry[0].changes[0].value.comment_id = '150691160110528_8000000002';
      requests = Promise.all([second, track([postMeta(edited)], answered)]);
      await new Promise((r) => setTimeout(r, 300));
      // The edit waits behind the comment's batch, not on the intake, where a batch could take it first.
      expect(answered).toEqual([]);
      expect(await onIntake('150691160110528_8000000002')).toBe(false);
    } finally {
      await other.query('COMMIT');
    }
    await requests;
    expect(answered).toEqual([200, 200]);
    const [m] = await waitFor(async () => {
      const rows = await q<{ text: string; edited_at: Date | null }>(`SELECT text, edited_at FROM message WHERE external_id = '150691160110528_8000000002' AND edited_at IS NOT NULL`);
      return rows.length ? rows : null;
    }, 'the edit applied to the message it follows');
    expect(m.text).toBe('Great');
  });

  it('answers a webhook whose inline batch waits on a held row for long, through the intake, and normalises it once the row is free', async () => {
    await postApi([message('held-0')]).expect(200);
    const [{ conversation_id: conversationId }] = await q<{ conversation_id: string }>(`SELECT conversation_id FROM message WHERE external_id = 'held-0'`);
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM conversation WHERE id = $1 FOR UPDATE`, [conversationId]);
    try {
      const started = Date.now();
      await postApi([message('held-1', 'held-0')]).expect(200);
      // Answered after the inline batch's lock timeout (2 s), while the row is still held.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
      expect(await onIntake('held-1')).toBe(true);
    } finally {
      await other.query('COMMIT');
    }
    await waitFor(() => stored('held-1'), 'the message normalised from the intake once the row is free');
  }, 30_000);

  it('sends webhooks to the intake rather than keep many waiting behind a running inline batch', async () => {
    await postApi([message('burst-0')]).expect(200);
    const [{ conversation_id: conversationId }] = await q<{ conversation_id: string }>(`SELECT conversation_id FROM message WHERE external_id = 'burst-0'`);
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM conversation WHERE id = $1 FOR UPDATE`, [conversationId]);
    const held: number[] = [];
    const others: number[] = [];
    let heldDone: Promise<unknown> = Promise.resolve();
    let othersDone: Promise<unknown> = Promise.resolve();
    try {
      heldDone = track([postApi([message('burst-held', 'burst-0')])], held);
      await new Promise((r) => setTimeout(r, 200));
      // New threads, which nothing holds: 60 webhooks while the batch above waits.
      othersDone = track(Array.from({ length: 60 }, (_, i) => postApi([message(`burst-${i + 1}`)])), others);
      await waitFor(async () => others.length >= 50, 'most of the burst answered, through the intake');
      expect(held).toEqual([]);
      expect(others.length).toBeLessThan(60);
    } finally {
      await other.query('COMMIT');
    }
    await Promise.all([heldDone, othersDone]);
    expect(held).toEqual([200]);
    expect(others).toEqual(Array.from({ length: 60 }, () => 200));
    await waitFor(async () => {
      const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE external_id LIKE 'burst-%'`);
      return n === 62;
    }, 'every message of the burst stored once');
  }, 30_000);
});

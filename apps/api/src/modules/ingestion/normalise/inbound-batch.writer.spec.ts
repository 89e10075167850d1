import { statementsDuring } from '../../../testing/statements';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { seedChannel, seedTeam, seedWorkspace } from '../../../testing/seed';
import { InboundRouter } from '../../routing/inbound-router';
import { IntakeProcessor } from '../intake/intake.processor';
import { InboundBatchWriter } from './inbound-batch.writer';

/** Intake rows as the webhook controllers store them (InboundEvent JSON). */
interface Ev {
  type?: string;
  kind?: 'comment' | 'dm' | 'mention';
  id: string;
  thread: string;
  parent?: string;
  author?: string;
  text?: string;
  at?: Date;
}

describe('normalising a run of new messages set-wise (real PostgreSQL)', () => {
  let t: TestApp;
  let channelId: string;
  let teamId: string;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.dataSource.query(sql, params) as Promise<T[]>;

  const enqueue = (events: Ev[]) =>
    q(`INSERT INTO ingest_event (channel_id, event) SELECT $1::uuid, e FROM jsonb_array_elements($2::jsonb) e`, [
      channelId,
      JSON.stringify(
        events.map((e) => ({
          platform: 'api',
          type: e.type ?? 'message',
          kind: e.kind ?? 'comment',
          channelExternalId: 'batch',
          externalId: e.id,
          threadKey: e.thread,
          parentExternalId: e.parent ?? null,
          post: e.kind === 'dm' ? null : { externalId: `post-${e.thread}`, text: 'Nouvelle collection' },
          author: { externalId: e.author ?? `cust-${e.thread}`, name: `Client ${e.thread}` },
          text: e.text ?? `message ${e.id}`,
          attachments: [],
          occurredAt: (e.at ?? new Date()).toISOString(),
        })),
      ),
    ]);
  const drain = () => t.app.get(IntakeProcessor).drain();

  /** Statements sent while `fn` runs, by their first words. */
  async function countStatements(fn: () => Promise<unknown>): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const sql of await statementsDuring(fn)) {
      const head = sql.split(' ').slice(0, 3).join(' ');
      counts.set(head, (counts.get(head) ?? 0) + 1);
      if (sql.includes('INSERT INTO conversation_event')) counts.set('timeline', (counts.get('timeline') ?? 0) + 1);
      if (sql.includes('INSERT INTO contact_identity')) counts.set('identities', (counts.get('identities') ?? 0) + 1);
    }
    return counts;
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    const ws = await seedWorkspace(t.dataSource);
    teamId = (await seedTeam(t.dataSource, ws.id)).id;
    channelId = (await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'api', externalId: 'batch', defaultTeamId: teamId })).id;
  });
  afterAll(() => t.close());

  it('writes threads, messages and routing for a whole run in a few statements, in order per thread', async () => {
    const base = Date.now() - 60_000;
    const events: Ev[] = [];
    for (let k = 0; k < 3; k++) for (const th of ['a', 'b', 'c']) events.push({ id: `run1-${th}-${k}`, thread: `run1-${th}`, at: new Date(base + k * 1000), text: `${th} n°${k}` });
    events.push({ id: 'run1-a-0', thread: 'run1-a' }); // a platform retry inside the same batch
    await enqueue(events);
    const statements = await countStatements(drain);

    const convs = await q<{ id: string; thread_key: string; last_message_text: string; team_id: string; status: string }>(
      `SELECT id, thread_key, last_message_text, team_id, status FROM conversation WHERE thread_key LIKE 'run1-%' ORDER BY thread_key`,
    );
    expect(convs.map((c) => [c.thread_key, c.last_message_text, c.team_id, c.status])).toEqual([
      ['run1-a', 'a n°2', teamId, 'open'],
      ['run1-b', 'b n°2', teamId, 'open'],
      ['run1-c', 'c n°2', teamId, 'open'],
    ]);
    const messages = await q<{ external_id: string; conversation_id: string }>(`SELECT external_id, conversation_id FROM message WHERE external_id LIKE 'run1-%'`);
    expect(messages).toHaveLength(9);
    for (const m of messages) expect(m.conversation_id).toBe(convs.find((c) => m.external_id.startsWith(c.thread_key))!.id);
    const events2 = await q<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM conversation_event WHERE conversation_id = ANY($1) GROUP BY type ORDER BY type`,
      [convs.map((c) => c.id)],
    );
    expect(Object.fromEntries(events2.map((e) => [e.type, e.n]))).toMatchObject({ created: 3, 'routing.classified': 9 });
    // Three waves (the k-th message of every thread together), not one INSERT per message: each wave
    // inserts its messages and moves their conversations forward in one statement.
    expect(statements.get('WITH ins AS')).toBe(3);
    expect(statements.get('INSERT INTO message')).toBeUndefined();
    expect(statements.get('UPDATE conversation c')).toBeUndefined();
    // Which messages are stored already comes with the claimed rows, not from a statement of its own.
    expect(statements.get('SELECT m.channel_id,')).toBeUndefined();
    // Timeline: the threads' 'created' events together, then each wave's classifications together.
    expect(statements.get('timeline')).toBe(4);
    // The threads were unknown when the rows were claimed: created at once, with no lookup first.
    expect(statements.get('INSERT INTO conversation')).toBe(1);
    expect(statements.get('SELECT c.id, c.channel_id,')).toBeUndefined();
  });

  it('finds the known threads and authors of follow-ups with the claimed rows: no lookup or upsert of conversations or identities', async () => {
    const base = Date.now() - 30_000;
    await enqueue(['a', 'b'].map((th, i) => ({ id: `run1-${th}-next`, thread: `run1-${th}`, at: new Date(base + i), text: `${th} suite` })));
    const statements = await countStatements(drain);

    const rows = await q<{ thread_key: string; n: number; last_message_text: string }>(
      `SELECT c.thread_key, count(m.id)::int AS n, c.last_message_text FROM conversation c JOIN message m ON m.conversation_id = c.id
       WHERE c.thread_key IN ('run1-a', 'run1-b') GROUP BY c.id ORDER BY c.thread_key`,
    );
    expect(rows).toEqual([
      { thread_key: 'run1-a', n: 4, last_message_text: 'a suite' },
      { thread_key: 'run1-b', n: 4, last_message_text: 'b suite' },
    ]);
    expect(await q(`SELECT 1 FROM conversation WHERE thread_key LIKE 'run1-%'`)).toHaveLength(3);
    expect(statements.get('INSERT INTO conversation')).toBeUndefined();
    expect(statements.get('SELECT c.id, c.channel_id,')).toBeUndefined();
    expect(statements.get('identities')).toBeUndefined();
    expect(statements.get('WITH ins AS')).toBe(1);
    const authors = await q<{ author_identity_id: string; contact_id: string }>(
      `SELECT m.author_identity_id, i.contact_id FROM message m JOIN contact_identity i ON i.id = m.author_identity_id WHERE m.external_id IN ('run1-a-0', 'run1-a-next')`,
    );
    expect(new Set(authors.map((a) => a.author_identity_id)).size).toBe(1);
  });

  it("hands routing a known author's VIP flag as stored, when the author was taken as read with the rows", async () => {
    await q(`UPDATE contact SET vip = true WHERE id = (SELECT contact_id FROM contact_identity WHERE external_id = 'cust-run1-a')`);
    const routing = jest.spyOn(t.app.get(InboundRouter), 'routeInboundMany');
    await enqueue([{ id: 'run1-a-vip', thread: 'run1-a', text: 'encore moi' }]);
    const statements = await countStatements(drain);

    expect(statements.get('identities')).toBeUndefined();
    const routed = routing.mock.calls.flatMap(([, inputs]) => inputs);
    expect(routed.map((r) => [r.message.externalId, r.contactVip])).toEqual([['run1-a-vip', true]]);
    routing.mockRestore();
  });

  it('still writes a known author whose payload says something new, and a new author, in one statement', async () => {
    await enqueue([
      { id: 'run1-b-renamed', thread: 'run1-b', author: 'cust-run1-b', text: 'b encore' },
      { id: 'run1-c-stranger', thread: 'run1-c', author: 'stranger-c', text: 'moi aussi' },
    ]);
    // The enqueued author is named after its thread: rename the stored one, so this payload's name is news.
    await q(`UPDATE contact_identity SET display_name = 'Ancien nom' WHERE external_id = 'cust-run1-b'`);
    const statements = await countStatements(drain);

    expect(statements.get('identities')).toBe(1);
    const [renamed] = await q<{ display_name: string }>(`SELECT display_name FROM contact_identity WHERE external_id = 'cust-run1-b'`);
    expect(renamed.display_name).toBe('Client run1-b');
    const [stranger] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM message m JOIN contact_identity i ON i.id = m.author_identity_id WHERE m.external_id = 'run1-c-stranger' AND i.external_id = 'stranger-c'`,
    );
    expect(stranger.n).toBe(1);
  });

  it('joins a reply to its parent earlier in the same run, and stores nothing twice on replay', async () => {
    await enqueue([
      { id: 'run2-root', thread: 'run2-root' },
      { id: 'run2-reply', thread: 'run2-reply', parent: 'run2-root', author: 'someone-else' },
    ]);
    await drain();
    const rows = await q<{ external_id: string; conversation_id: string }>(`SELECT external_id, conversation_id FROM message WHERE external_id LIKE 'run2-%'`);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);
    expect(await q(`SELECT 1 FROM conversation WHERE thread_key = 'run2-reply'`)).toHaveLength(0);

    await enqueue([{ id: 'run2-root', thread: 'run2-root' }, { id: 'run2-reply', thread: 'run2-reply', parent: 'run2-root' }]);
    await drain();
    expect(await q(`SELECT 1 FROM message WHERE external_id LIKE 'run2-%'`)).toHaveLength(2);
  });

  it('reopens a resolved conversation, with the reopening on its timeline', async () => {
    await enqueue([{ id: 'run3-0', thread: 'run3', kind: 'dm' }]);
    await drain();
    const [conv] = await q<{ id: string }>(`SELECT id FROM conversation WHERE thread_key = 'run3'`);
    await q(`UPDATE conversation SET status = 'resolved', resolved_at = now() WHERE id = $1`, [conv.id]);
    await enqueue([{ id: 'run3-1', thread: 'run3', kind: 'dm', text: 'Toujours rien reçu' }]);
    await drain();
    const [after] = await q<{ status: string; resolved_at: Date | null; last_message_text: string }>(
      `SELECT status, resolved_at, last_message_text FROM conversation WHERE id = $1`,
      [conv.id],
    );
    expect(after).toEqual({ status: 'open', resolved_at: null, last_message_text: 'Toujours rien reçu' });
    const [event] = await q<{ data: Record<string, string> }>(`SELECT data FROM conversation_event WHERE conversation_id = $1 AND type = 'status.changed'`, [conv.id]);
    expect(event.data).toMatchObject({ from: 'resolved', to: 'open', reason: 'inbound_message', externalId: 'run3-1' });
  });

  /** A thread as another batch (or an older version) left it: no messages yet, and no post. */
  async function existingThread(thread: string, kind: 'comment' | 'dm'): Promise<string> {
    const [{ workspace_id: ws }] = await q<{ workspace_id: string }>(`SELECT workspace_id FROM channel WHERE id = $1`, [channelId]);
    const [{ id: contact }] = await q<{ id: string }>(`INSERT INTO contact (workspace_id) VALUES ($1) RETURNING id`, [ws]);
    const [{ id }] = await q<{ id: string }>(
      `INSERT INTO conversation (workspace_id, channel_id, platform, kind, thread_key, contact_id) VALUES ($1, $2, 'api', $3, $4, $5) RETURNING id`,
      [ws, channelId, kind, thread, contact],
    );
    return id;
  }

  it('joins a thread that another batch created after the rows were read, and creates it only once', async () => {
    await enqueue([{ id: 'run5-0', thread: 'run5', kind: 'dm' }]);
    const writer = t.app.get(InboundBatchWriter);
    const writeRun = writer.writeRun.bind(writer);
    let other = '';
    // Another batch commits the thread between this batch's claim (which found no thread) and its writes.
    const spy = jest.spyOn(writer, 'writeRun').mockImplementation(async (...args) => {
      other = await existingThread('run5', 'dm');
      return writeRun(...args);
    });
    await drain();
    spy.mockRestore();

    expect(await q(`SELECT conversation_id FROM message WHERE external_id = 'run5-0'`)).toEqual([{ conversation_id: other }]);
    expect(await q(`SELECT 1 FROM conversation WHERE thread_key = 'run5'`)).toHaveLength(1);
    expect(await q(`SELECT 1 FROM conversation_event WHERE conversation_id = $1 AND type = 'created'`, [other])).toHaveLength(0);
    expect(await q(`SELECT 1 FROM ingest_event`)).toHaveLength(0);
  });

  it("gives a thread met without its post the post of a later comment", async () => {
    const id = await existingThread('run6', 'comment');
    await enqueue([{ id: 'run6-0', thread: 'run6' }]);
    await drain();
    const [learnt] = await q<{ post: string }>(`SELECT p.external_id AS post FROM conversation c JOIN post p ON p.id = c.post_id WHERE c.id = $1`, [id]);
    expect(learnt).toEqual({ post: 'post-run6' });
    expect(await q(`SELECT conversation_id FROM message WHERE external_id = 'run6-0'`)).toEqual([{ conversation_id: id }]);
  });

  it('applies an edit after the message it edits when both arrive in one batch', async () => {
    await enqueue([
      { id: 'run4-0', thread: 'run4', text: 'premier jet' },
      { id: 'run4-0', thread: 'run4', type: 'edit', text: 'version corrigée' },
      { id: 'run4-1', thread: 'run4', text: 'et une suite' },
    ]);
    await drain();
    const rows = await q<{ external_id: string; text: string; edited_at: Date | null }>(
      `SELECT external_id, text, edited_at FROM message WHERE external_id LIKE 'run4-%' ORDER BY external_id`,
    );
    expect(rows.map((r) => [r.external_id, r.text, r.edited_at !== null])).toEqual([
      ['run4-0', 'version corrigée', true],
      ['run4-1', 'et une suite', false],
    ]);
  });
});

import { signMetaBody } from '@babillard/connectors';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { fixtureText } from '../../../../../../libs/connectors/src/testing/fixtures';
import { seedChannel, seedWorkspace } from '../../../testing/seed';
import { createTestApp, TEST_ENV, type TestApp } from '../../../testing/test-app';
import { IntakeProcessor } from '../intake/intake.processor';
import { PullRunner } from './pull.runner';
import { PULL_QUEUE } from './pull.scheduler';

const X_USER = '2244994945';
const FB_PAGE = '100473908465587';
const POST_ID = '100473908465587_150691160110528';

/** A fake X API and Graph API on loopback, recording what was asked. */
class FakePlatforms {
  readonly requests: { path: string; query: URLSearchParams; auth: string | undefined }[] = [];
  xMode: 'ok' | 'rate_limited' = 'ok';
  resetAt = 0;
  private server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private handle(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    const u = new URL(req.url ?? '/', this.url);
    this.requests.push({ path: u.pathname, query: u.searchParams, auth: req.headers.authorization });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === `/2/users/${X_USER}/mentions`) {
      if (this.xMode === 'rate_limited') return json(429, { title: 'Too Many Requests', status: 429 }, { 'x-rate-limit-reset': String(this.resetAt) });
      if (u.searchParams.get('since_id') === '1990000000000000002') return json(200, { meta: { result_count: 0 } });
      return json(200, {
        data: [
          { id: '1990000000000000002', text: '@CafeBoreal ma commande 48213 est en retard', author_id: '77', created_at: '2026-11-25T10:02:00.000Z', referenced_tweets: [{ type: 'replied_to', id: '1990000000000000001' }] },
          { id: '1990000000000000001', text: '@CafeBoreal bonjour, un souci avec ma livraison', author_id: '77', created_at: '2026-11-25T10:00:00.000Z' },
        ],
        includes: { users: [{ id: '77', name: 'Anne Tremblay', username: 'anne_qc', public_metrics: { followers_count: 4100 }, verified: false }] },
        meta: { newest_id: '1990000000000000002', oldest_id: '1990000000000000001', result_count: 2 },
      });
    }
    if (u.pathname === `/${POST_ID}/comments`) {
      return json(200, {
        data: [
          { id: '150691160110528_150691260110518', message: 'xzy', from: { id: '3844961895548656', name: 'Marie Tremblay' }, created_time: '2020-10-28T00:46:10+0000' },
          { id: '150691160110528_555', message: 'Le webhook de celui-ci s’est perdu', from: { id: '4111222334', name: 'Gabriel Roy' }, created_time: '2020-10-28T01:00:00+0000' },
          { id: '150691160110528_556', message: 'Merci Gabriel!', from: { id: FB_PAGE, name: 'Café Boréal' }, created_time: '2020-10-28T01:05:00+0000' },
        ],
        paging: { cursors: { after: 'x' } },
      });
    }
    json(404, { error: { message: 'unknown path', type: 'OAuthException', code: 803 } });
  }
}

describe('pull connectors against fake platforms on loopback', () => {
  const fake = new FakePlatforms();
  let t: TestApp;
  let xChannelId: string;

  beforeAll(async () => {
    await fake.start();
    t = await createTestApp({ env: { RUN_WORKERS: 'false', X_API_URL: fake.url, META_GRAPH_URL: fake.url } });
    const ws = await seedWorkspace(t.dataSource);
    xChannelId = (await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'x', externalId: X_USER, accessToken: 'x-token' })).id;
    await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'facebook', externalId: FB_PAGE, accessToken: 'page-token' });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const runner = () => t.app.get(PullRunner);
  const drain = () => t.app.get(IntakeProcessor).drain();
  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);

  it('pulls X mentions into one thread, persists since_id and asks only for newer ones next time', async () => {
    expect(await runner().runDue()).toEqual({ ran: 1, failed: 0 });
    await drain();
    const rows = await q(`SELECT m.external_id, m.conversation_id, c.kind FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.channel_id = $1 ORDER BY m.external_id`, [xChannelId]);
    expect(rows).toHaveLength(2);
    expect(rows[0].conversation_id).toBe(rows[1].conversation_id);
    expect(rows[0].kind).toBe('mention');
    const first = fake.requests.find((r) => r.path.endsWith('/mentions'))!;
    expect(first.auth).toBe('Bearer x-token');
    expect(first.query.get('since_id')).toBeNull();
    const [cursor] = await q(`SELECT cursor, failures FROM pull_cursor WHERE connector = 'x.mentions' AND channel_id = $1`, [xChannelId]);
    expect(cursor).toEqual({ cursor: '1990000000000000002', failures: 0 });

    // not due again yet: nothing is fetched
    fake.requests.length = 0;
    expect(await runner().runDue()).toEqual({ ran: 0, failed: 0 });
    expect(fake.requests).toHaveLength(0);

    await q(`UPDATE pull_cursor SET next_run_at = now() WHERE channel_id = $1`, [xChannelId]);
    await runner().runDue();
    expect(fake.requests.find((r) => r.path.endsWith('/mentions'))!.query.get('since_id')).toBe('1990000000000000002');
  });

  it('backs off until the reset time X gave on 429, keeping the cursor', async () => {
    fake.xMode = 'rate_limited';
    fake.resetAt = Math.floor(Date.now() / 1000) + 900;
    await q(`UPDATE pull_cursor SET next_run_at = now() WHERE channel_id = $1`, [xChannelId]);
    expect(await runner().runDue()).toEqual({ ran: 1, failed: 1 });
    const [cursor] = await q(`SELECT cursor, failures, next_run_at FROM pull_cursor WHERE channel_id = $1`, [xChannelId]);
    expect(cursor.cursor).toBe('1990000000000000002');
    expect(cursor.failures).toBe(1);
    expect(new Date(cursor.next_run_at).getTime()).toBe(fake.resetAt * 1000);
    fake.requests.length = 0;
    await runner().runDue();
    expect(fake.requests.filter((r) => r.path.endsWith('/mentions'))).toHaveLength(0);
    fake.xMode = 'ok';
  });

  it('reconciles a post’s comments: stores the one whose webhook was lost, once, and ignores the page’s own', async () => {
    const raw = fixtureText('facebook-feed-comment-add');
    await request(t.http).post('/webhooks/meta').set('Content-Type', 'application/json').set('X-Hub-Signature-256', signMetaBody(TEST_ENV.META_APP_SECRET, raw)).send(raw).expect(200);
    await drain();
    await runner().runDue();
    await runner().runDue();
    await drain();
    const ids = (await q(`SELECT external_id FROM message WHERE external_id LIKE '150691160110528_%' ORDER BY external_id`)).map((r: { external_id: string }) => r.external_id);
    expect(ids).toEqual(['150691160110528_150691260110518', '150691160110528_555']);
    const [lost] = await q(`SELECT c.thread_key, p.external_id AS post FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN post p ON p.id = c.post_id WHERE m.external_id = '150691160110528_555'`);
    expect(lost).toEqual({ thread_key: '150691160110528_555', post: POST_ID });
    const [cursor] = await q(`SELECT cursor FROM pull_cursor WHERE connector = 'meta.comments' AND key = $1`, [POST_ID]);
    expect(cursor.cursor).toBe(String(Date.parse('2020-10-28T01:05:00Z') / 1000));
    const call = fake.requests.find((r) => r.path === `/${POST_ID}/comments`)!;
    expect(call.auth).toBe('Bearer page-token');
  });

  it('registers the pull schedule with pg-boss when workers run', async () => {
    const withWorkers = await createTestApp({ env: { RUN_WORKERS: 'true', X_API_URL: fake.url, META_GRAPH_URL: fake.url } });
    try {
      let rows: { name: string; cron: string }[] = [];
      for (let i = 0; i < 100 && !rows.length; i++) {
        rows = await withWorkers.dataSource.query(`SELECT name, cron FROM pgboss.schedule WHERE name = $1`, [PULL_QUEUE]).catch(() => []);
        if (!rows.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows).toEqual([{ name: PULL_QUEUE, cron: '* * * * *' }]);
    } finally {
      await withWorkers.close();
    }
  });
});

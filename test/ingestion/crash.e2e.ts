import { signMetaBody } from '@babillard/connectors';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '../../apps/api/src/testing/test-database';
import { TEST_ENV } from '../../apps/api/src/testing/test-app';
import { startAppProcess, type AppProcess } from '../support/app-process';

const PHONE_ID = '106540352242922';
const EVENTS_PER_WEBHOOK = 3;

interface Webhook {
  body: string;
  ids: string[];
}

function whatsappWebhook(): Webhook {
  const ids = Array.from({ length: EVENTS_PER_WEBHOOK }, () => `wamid.CRASH${randomBytes(10).toString('hex')}`);
  const messages = ids.map((id, i) => ({ from: `1514555${String(i).padStart(4, '0')}`, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Ma commande est en retard' } }));
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_ID }, messages } }] }],
  });
  return { body, ids };
}

async function send(url: string, hook: Webhook): Promise<number> {
  const res = await fetch(`${url}/webhooks/meta`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(TEST_ENV.META_APP_SECRET, hook.body) },
    body: hook.body,
  });
  await res.text();
  return res.status;
}

/**
 * kill -9 under signed load: every webhook that got a 200 must end up stored, exactly once, after a
 * restart; the ones that did not are retried (as Meta would) and are then stored exactly once too.
 */
describe('ingestion survives kill -9', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pg: Client;
  let app: AppProcess | null = null;
  const env = () => ({ ...TEST_ENV, DATABASE_URL: db.url, BABILLARD_DEMO: 'false', LOG_LEVEL: 'error' });

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    pg.on('error', () => undefined);
    await pg.connect();
    const [{ id }] = (await pg.query(`INSERT INTO workspace (name, settings) VALUES ('Crash', '{}') RETURNING id`)).rows;
    await pg.query(`INSERT INTO channel (workspace_id, platform, external_id, name, status, settings) VALUES ($1, 'whatsapp', $2, 'wa', 'active', '{}')`, [id, PHONE_ID]);
  });

  afterAll(async () => {
    if (app) await app.stop('SIGKILL');
    await pg.end();
    await db.drop();
  });

  it('stores every acknowledged event exactly once, and the retried rest too', async () => {
    app = await startAppProcess(env());
    const url = app.url;
    const acked: Webhook[] = [];
    const failed: Webhook[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const hook = whatsappWebhook();
        try {
          if ((await send(url, hook)) === 200) acked.push(hook);
          else failed.push(hook);
        } catch {
          failed.push(hook);
        }
      }
    };
    const workers = Array.from({ length: 12 }, worker);
    // Let the load run until a good number of webhooks are acknowledged (and some are normalised).
    while (acked.length < 300) await new Promise((r) => setTimeout(r, 20));
    app.child.kill('SIGKILL');
    await new Promise((r) => app!.child.once('exit', r));
    stop = true;
    await Promise.all(workers);
    expect(failed.length).toBeGreaterThan(0); // the kill interrupted requests in flight

    app = await startAppProcess(env());
    const waitForEmptyIntake = async () => {
      for (let i = 0; i < 600; i++) {
        const { rows } = await pg.query(`SELECT count(*)::int AS n FROM ingest_event`);
        if (rows[0].n === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('intake did not drain');
    };
    await waitForEmptyIntake();

    const countsOf = async (ids: string[]) => {
      const { rows } = await pg.query(`SELECT external_id, count(*)::int AS n FROM message WHERE external_id = ANY($1) GROUP BY external_id`, [ids]);
      return new Map<string, number>(rows.map((r: { external_id: string; n: number }) => [r.external_id, r.n]));
    };
    const ackedIds = acked.flatMap((h) => h.ids);
    const stored = await countsOf(ackedIds);
    expect(ackedIds.filter((id) => stored.get(id) !== 1)).toEqual([]);

    // The platform retries what it did not get a 200 for, and (at-least-once) some of what it did.
    for (const hook of [...failed, ...acked.slice(0, 20)]) expect(await send(app.url, hook)).toBe(200);
    await waitForEmptyIntake();
    const allIds = [...ackedIds, ...failed.flatMap((h) => h.ids)];
    const all = await countsOf(allIds);
    expect(allIds.filter((id) => all.get(id) !== 1)).toEqual([]);
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM message`);
    expect(rows[0].n).toBe(allIds.length);
  });
});

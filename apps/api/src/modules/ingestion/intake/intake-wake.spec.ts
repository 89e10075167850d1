import { signApiChannelBody } from '@babillard/connectors';
import { Client } from 'pg';
import request from 'supertest';
import { waitFor } from '../../../testing/replies-seed';
import { seedChannel, seedWorkspace } from '../../../testing/seed';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { postApiWebhook } from '../../../testing/webhooks';
import { INTAKE_CHANNEL, IntakeProcessor } from './intake.processor';

/**
 * In a split deployment the process that stores a webhook is not the one that normalises it: the
 * storing process notifies at commit and worker processes wake on it, instead of at their next poll.
 */
describe('intake wake-up across processes', () => {
  let api: TestApp;
  let worker: TestApp;
  let listener: Client;

  beforeAll(async () => {
    api = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    worker = await createTestApp({ databaseUrl: api.databaseUrl });
    listener = new Client({ connectionString: api.databaseUrl });
    await listener.connect();
    await listener.query(`LISTEN ${INTAKE_CHANNEL}`);
  }, 60_000);

  afterAll(async () => {
    await listener?.end();
    await worker?.close();
    await api?.close();
  }, 60_000);

  it('an API process without workers notifies when it stores a webhook, and a worker process wakes on it', async () => {
    const notified: string[] = [];
    listener.on('notification', (n) => notified.push(n.channel));
    const wakes = jest.spyOn(worker.app.get(IntakeProcessor), 'notified');

    const ws = await seedWorkspace(api.dataSource);
    const secret = 'api-channel-secret-wake';
    const channel = await seedChannel(api.dataSource, { workspaceId: ws.id, platform: 'api', externalId: 'reviews-wake', secret });
    await postApiWebhook(api.http, channel.id, secret, [
      { id: 'rev-wake-1', kind: 'comment', author: { id: 'u-1', name: 'Léa' }, text: 'Ma commande est pas arrivée', createdAt: new Date().toISOString() },
    ]);

    await waitFor(async () => notified.includes(INTAKE_CHANNEL), 'the intake notification');
    await waitFor(async () => wakes.mock.calls.length > 0, 'the worker process woken by it');
    await waitFor(async () => {
      const rows: unknown[] = await api.dataSource.query(`SELECT 1 FROM message WHERE channel_id = $1 AND external_id = 'rev-wake-1'`, [channel.id]);
      return rows.length > 0;
    }, 'the webhook normalised by the worker process');
  }, 60_000);

  it('a webhook refused for its content stores nothing and notifies nothing', async () => {
    const notified: string[] = [];
    listener.on('notification', (n) => notified.push(n.channel));
    const ws = await seedWorkspace(api.dataSource);
    const secret = 'api-channel-secret-empty';
    const channel = await seedChannel(api.dataSource, { workspaceId: ws.id, platform: 'api', externalId: 'reviews-empty', secret });
    const body = JSON.stringify({ events: [] });
    await request(api.http)
      .post(`/webhooks/api/${channel.id}`)
      .set('Content-Type', 'application/json')
      .set('X-Babillard-Signature', signApiChannelBody(secret, body))
      .send(body)
      .expect(400);
    // A round trip on the listening connection delivers any notification committed before it.
    await listener.query('SELECT 1');
    expect(notified).toEqual([]);
  }, 30_000);
});

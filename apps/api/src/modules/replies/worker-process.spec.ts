import { EventEmitter2 } from '@nestjs/event-emitter';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../testing/replies-seed';
import { seedChannel, seedWorkspace } from '../../testing/seed';
import { createTestApp, TEST_ENV, type TestApp } from '../../testing/test-app';
import { postApiWebhook } from '../../testing/webhooks';
import { DOMAIN_EVENTS, type ConversationChanged, type MessageChanged } from '../conversations/conversation.events';

const WORKER = join(__dirname, '../../../../../dist/api/apps/api/src/worker.js');

/**
 * The split deployment: an API process with RUN_WORKERS=false stores webhooks, the worker process
 * (the built apps/api/src/worker.ts) normalises them, and what intake publishes reaches the API
 * process, where realtime pushes it.
 */
describe('worker process: intake normalisation beside an API process without workers', () => {
  let t: TestApp;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`build the API first (npx nx run api:build): ${WORKER} is missing`);
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
  }, 60_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await t?.close();
  }, 60_000);

  it('normalises a webhook the API process stored and relays its events back', async () => {
    const ws = await seedWorkspace(t.dataSource);
    const secret = 'api-channel-secret-worker';
    const channel = await seedChannel(t.dataSource, { workspaceId: ws.id, platform: 'api', externalId: 'reviews-worker', secret });
    const created: MessageChanged[] = [];
    const conversations: ConversationChanged[] = [];
    const events = t.app.get(EventEmitter2);
    events.on(DOMAIN_EVENTS.messageCreated, (e: MessageChanged) => created.push(e));
    events.on(DOMAIN_EVENTS.conversationCreated, (e: ConversationChanged) => conversations.push(e));

    worker = spawn(process.execPath, [WORKER], {
      env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'info', DATABASE_URL: t.databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor(async () => output.includes('normalising intake'), `worker start (${output.slice(-500)})`, 30_000);

    await postApiWebhook(t.http, channel.id, secret, [
      { id: 'rev-worker-1', kind: 'comment', author: { id: 'u-9', name: 'Gab' }, text: 'Livraison rapide, merci !', createdAt: new Date().toISOString() },
    ]);

    const [message] = await waitFor(async () => {
      const rows: { id: string; conversation_id: string }[] = await t.dataSource.query(
        `SELECT id, conversation_id FROM message WHERE channel_id = $1 AND external_id = 'rev-worker-1'`,
        [channel.id],
      );
      return rows.length ? rows : null;
    }, 'the webhook normalised by the worker', 15_000);
    const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM ingest_event`);
    expect(pending).toBe(0);
    await waitFor(async () => created.some((e) => e.messageId === message.id), 'message.created relayed to the API process', 5_000);
    expect(conversations).toContainEqual(expect.objectContaining({ workspaceId: ws.id, conversationId: message.conversation_id }));
  }, 90_000);
});

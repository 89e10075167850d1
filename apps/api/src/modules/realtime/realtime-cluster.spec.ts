import type { ConversationEvent, MessageEvent } from '@babillard/contracts';
import request from 'supertest';
import { seedConversation } from '../../testing/seed-conversations';
import { seedChannel, seedTeam, seedUser, seedWorkspace, TEST_PASSWORD } from '../../testing/seed';
import { connectAgent, sleep, type Agent } from '../../testing/socket-client';
import { createTestApp, login, type TestApp } from '../../testing/test-app';
import { postApiWebhook } from '../../testing/webhooks';

/**
 * Two API instances on one database, each with its own HTTP server, socket.io server, adapter and
 * connections (as two processes would have): what one publishes must reach sockets of the other.
 * The PostgreSQL adapter is the default; set TEST_REDIS_URL to run the same checks through Redis.
 */
const variants: [string, Record<string, string>][] = [['postgres adapter', {}]];
if (process.env.TEST_REDIS_URL) variants.push(['redis adapter', { REDIS_URL: process.env.TEST_REDIS_URL }]);

describe.each(variants)('two API processes (%s)', (_, adapterEnv) => {
  let a: TestApp;
  let b: TestApp;
  let ws: string;
  let teamId: string;
  let secret: string;
  let channelId: string;
  let agent: { id: string; token: string };
  let lead: { id: string; token: string };
  const open: Agent[] = [];

  beforeAll(async () => {
    // A never runs the intake: whatever a webhook on B causes is published by B.
    a = await createTestApp({ listen: true, env: { ...adapterEnv, RUN_WORKERS: 'false' } });
    b = await createTestApp({ listen: true, databaseUrl: a.databaseUrl, env: { ...adapterEnv, RUN_WORKERS: 'true' } });
    const ds = a.dataSource;
    ws = (await seedWorkspace(ds)).id;
    teamId = (await seedTeam(ds, ws)).id;
    secret = 'cluster-channel-secret-0123456789';
    channelId = (await seedChannel(ds, { workspaceId: ws, platform: 'api', externalId: 'site-web', secret, defaultTeamId: teamId })).id;
    const u = await seedUser(ds, { workspaceId: ws, role: 'agent', teamIds: [teamId] });
    const l = await seedUser(ds, { workspaceId: ws, role: 'lead' });
    agent = { id: u.id, token: await login(a.http, u.email, TEST_PASSWORD) };
    lead = { id: l.id, token: await login(b.http, l.email, TEST_PASSWORD) };
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const connect = async (app: TestApp, token: string) => {
    const s = await connectAgent(app.url!, token);
    open.push(s);
    return s;
  };

  it('an agent connected to A sees the message of a webhook posted to B', async () => {
    const onA = await connect(a, agent.token);
    await postApiWebhook(b.http, channelId, secret, [
      { id: `evt-${Date.now()}`, kind: 'dm', author: { id: 'cust-1', name: 'Chloé' }, text: 'Ma livraison est en retard', createdAt: new Date().toISOString() },
    ]);
    const got = await onA.waitFor((e) => e.name === 'message.created', 10_000);
    const e = got.payload as unknown as MessageEvent;
    expect(e.message.text).toBe('Ma livraison est en retard');
    expect(e.conversation).toMatchObject({ teamId, status: 'open', lastMessage: { text: 'Ma livraison est en retard' } });
    expect(e.seq).toBeGreaterThan(0);
  });

  it('a change made through B reaches a socket of A, in sequence', async () => {
    const { conversation } = await seedConversation(a.dataSource, { workspaceId: ws, channelId, platform: 'api', teamId });
    const onA = await connect(a, agent.token);
    for (const priority of ['high', 'urgent'] as const) {
      await request(b.http)
        .patch(`/api/v1/workspaces/${ws}/conversations/${conversation.id}`)
        .set('Authorization', `Bearer ${lead.token}`)
        .send({ priority })
        .expect(200);
    }
    const last = await onA.waitFor((e) => e.name === 'conversation.updated' && (e.payload as unknown as ConversationEvent).conversation.priority === 'urgent');
    const updates = onA.received.filter((e) => e.name === 'conversation.updated');
    expect(updates.map((u) => u.payload.seq)).toEqual([...updates.map((u) => u.payload.seq)].sort((x, y) => x - y));
    expect(last.payload.seq).toBe(Math.max(...updates.map((u) => u.payload.seq)));
  });

  it('a burst of changes reaches sockets on both processes complete and in sequence order', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await seedConversation(a.dataSource, { workspaceId: ws, channelId, platform: 'api', teamId })).conversation.id);
    const [onA, onB] = await Promise.all([connect(a, lead.token), connect(b, lead.token)]);
    const burst = (e: { name: string; payload: Record<string, unknown> }) =>
      e.name === 'conversation.updated' && ids.includes((e.payload as unknown as ConversationEvent).conversation.id);
    await request(a.http)
      .patch(`/api/v1/workspaces/${ws}/conversations`)
      .set('Authorization', `Bearer ${lead.token}`)
      .send({ ids, labels: ['rafale'] })
      .expect(200);
    for (const socket of [onA, onB]) {
      const deadline = Date.now() + 10_000;
      while (socket.received.filter(burst).length < ids.length && Date.now() < deadline) await sleep(50);
      const seqs = socket.received.filter(burst).map((e) => e.payload.seq);
      expect(seqs).toHaveLength(ids.length);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it('counts presence across processes: offline only when the tabs on both are gone', async () => {
    const watcher = await connect(b, lead.token);
    const presence = () => watcher.received.filter((e) => e.name === 'presence.changed' && e.payload.userId === agent.id).map((e) => e.payload.presence);
    await sleep(300);
    const before = presence().length;
    const tabOnA = await connect(a, agent.token);
    const tabOnB = await connect(b, agent.token);
    await watcher.waitFor((e) => e.name === 'presence.changed' && e.payload.userId === agent.id && e.payload.presence === 'online');
    tabOnA.close();
    await sleep(500);
    expect(presence().slice(before)).toEqual(['online']);
    tabOnB.close();
    await watcher.waitFor((e) => e.name === 'presence.changed' && e.payload.userId === agent.id && e.payload.presence === 'offline');
  });
});

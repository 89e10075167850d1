import type { ConversationEvent, MessageEvent, ServerEventName } from '@babillard/contracts';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { connectAgent, sleep, type Agent } from '../../testing/socket-client';
import { seedConversation } from '../../testing/seed-conversations';
import { seedChannel, seedTeam, seedUser, seedWorkspace, TEST_PASSWORD } from '../../testing/seed';
import { createTestApp, login, type TestApp } from '../../testing/test-app';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DOMAIN_EVENTS } from '../conversations/conversation.events';
import { PresenceService } from './presence.service';
import type { Socket } from 'node:net';
import { RealtimePublisher } from './realtime-publisher';
import { RealtimeServer } from './realtime-server';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { STAGE_CHANNEL, type StageTiming } from '../../core/stage-clock';

describe('realtime (socket.io)', () => {
  let t: TestApp;
  let url: string;
  let ws: string;
  let otherWs: string;
  let channelId: string;
  let otherChannelId: string;
  let teamA: string;
  let teamB: string;
  const users: Record<string, { id: string; name: string; token: string }> = {};
  const open: Agent[] = [];
  const connect = async (who: string) => {
    const a = await connectAgent(url, users[who].token);
    open.push(a);
    return a;
  };
  const patch = (id: string, body: object, who = 'lead') =>
    request(t.http).patch(`/api/v1/workspaces/${ws}/conversations/${id}`).set('Authorization', `Bearer ${users[who].token}`).send(body).expect(200);

  beforeAll(async () => {
    t = await createTestApp({ listen: true, env: { RUN_WORKERS: 'false' } });
    url = t.url!;
    const ds = t.dataSource;
    ws = (await seedWorkspace(ds)).id;
    otherWs = (await seedWorkspace(ds)).id;
    teamA = (await seedTeam(ds, ws)).id;
    teamB = (await seedTeam(ds, ws)).id;
    channelId = (await seedChannel(ds, { workspaceId: ws, platform: 'facebook', externalId: 'rt-page' })).id;
    otherChannelId = (await seedChannel(ds, { workspaceId: otherWs, platform: 'facebook', externalId: 'rt-page-2' })).id;
    const make = async (key: string, opts: Parameters<typeof seedUser>[1]) => {
      const u = await seedUser(ds, { ...opts, name: key });
      users[key] = { id: u.id, name: key, token: await login(t.http, u.email, TEST_PASSWORD) };
    };
    await make('lead', { workspaceId: ws, role: 'lead' });
    await make('agentA', { workspaceId: ws, role: 'agent', teamIds: [teamA] });
    await make('agentB', { workspaceId: ws, role: 'agent', teamIds: [teamB] });
    await make('outsider', { workspaceId: otherWs, role: 'admin' });
  });
  afterEach(() => {
    for (const a of open.splice(0)) a.close();
  });
  afterAll(() => t.close());

  describe('handshake', () => {
    it('refuses a missing, forged or expired token at connect', async () => {
      await expect(connectAgent(url, '')).rejects.toThrow(/unauthorized/);
      await expect(connectAgent(url, 'not-a-jwt')).rejects.toThrow(/unauthorized/);
      const jwt = t.app.get(JwtService);
      const expired = await jwt.signAsync({ sub: users.lead.id, email: 'x@y.z', ia: false, typ: 'access' }, { expiresIn: -10 });
      await expect(connectAgent(url, expired)).rejects.toThrow(/token is invalid or expired/);
      const forged = await new JwtService({ secret: 'another-secret-0123456789' }).signAsync({ sub: users.lead.id, typ: 'access' });
      await expect(connectAgent(url, forged)).rejects.toThrow(/unauthorized/);
      const refresh = await jwt.signAsync({ sub: users.lead.id, typ: 'refresh' });
      await expect(connectAgent(url, refresh)).rejects.toThrow(/not an access token/);
    });
  });

  describe('fan-out', () => {
    it('pushes a change with the full conversation, after commit, to its team and supervisors only — never to another workspace', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const [lead, agentA, agentB, outsider] = await Promise.all([connect('lead'), connect('agentA'), connect('agentB'), connect('outsider')]);
      await patch(conversation.id, { priority: 'urgent' });
      const isIt = (e: { name: ServerEventName; payload: Record<string, unknown> }) =>
        e.name === 'conversation.updated' && (e.payload as unknown as ConversationEvent).conversation.id === conversation.id;
      const got = await agentA.waitFor(isIt);
      const e = got.payload as unknown as ConversationEvent;
      expect(e.workspaceId).toBe(ws);
      expect(e.seq).toBeGreaterThan(0);
      expect(e.conversation).toMatchObject({ id: conversation.id, priority: 'urgent', teamId: teamA, contact: { name: 'Client Test' } });
      await lead.waitFor(isIt);
      await sleep(300);
      expect(agentB.received.filter(isIt)).toEqual([]);
      expect(outsider.received.filter((r) => r.payload.workspaceId === ws)).toEqual([]);
    });

    it('tells the previous team when a conversation moves away, and the new assignee', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const [agentA, agentB] = await Promise.all([connect('agentA'), connect('agentB')]);
      await patch(conversation.id, { teamId: teamB, assigneeId: users.agentB.id });
      const moved = (e: { name: string; payload: Record<string, unknown> }) =>
        e.name === 'conversation.updated' && (e.payload as unknown as ConversationEvent).conversation.teamId === teamB;
      await agentA.waitFor(moved);
      await agentB.waitFor(moved);
      const assignment = await agentB.waitFor((e) => e.name === 'assignment.changed');
      expect(assignment.payload).toMatchObject({ conversationId: conversation.id, assigneeId: users.agentB.id, previousAssigneeId: null, teamId: teamB, by: users.lead.id });
    });

    it('delivers events in sequence order with the latest state', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const lead = await connect('lead');
      for (const priority of ['low', 'high', 'urgent', 'normal'] as const) await patch(conversation.id, { priority });
      await lead.waitFor((e) => e.name === 'conversation.updated' && (e.payload as unknown as ConversationEvent).conversation.priority === 'normal');
      const seqs = lead.received.map((e) => e.payload.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    });

    it('coalesces a burst: 200 updates of one conversation cost a handful of pushes', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const lead = await connect('lead');
      const events = t.app.get(EventEmitter2);
      for (let i = 0; i < 200; i++) events.emit(DOMAIN_EVENTS.conversationUpdated, { workspaceId: ws, conversationId: conversation.id });
      await t.app.get(RealtimePublisher).idle();
      await sleep(200);
      const pushes = lead.received.filter((e) => e.name === 'conversation.updated');
      expect(pushes.length).toBeGreaterThan(0);
      expect(pushes.length).toBeLessThan(10);
    });

    it('writes the events a socket gets within one tick to its connection in one write, in order', async () => {
      const agentA = await connect('agentA');
      const server = t.app.get(RealtimeServer).server!;
      const [serverSocket] = await server.in(`user:${users.agentA.id}`).fetchSockets();
      const raw = (server.of('/').sockets.get(serverSocket.id)!.conn.transport as unknown as { socket: { _socket: Socket } }).socket._socket;
      // Per write to the connection: how many notification frames it carried.
      const writes: number[] = [];
      const framesIn = (chunks: unknown[]) => chunks.map((c) => String((c as { chunk?: unknown }).chunk ?? c)).join('').split('42["notification"').length - 1;
      const { _write, _writev } = raw as unknown as { _write: (chunk: unknown, ...a: unknown[]) => void; _writev: (chunks: unknown[], cb: unknown) => void };
      Object.assign(raw, {
        _write: (chunk: unknown, ...a: unknown[]) => (writes.push(framesIn([chunk])), _write.call(raw, chunk, ...a)),
        _writev: (chunks: unknown[], cb: unknown) => (writes.push(framesIn(chunks)), _writev.call(raw, chunks, cb)),
      });
      const realtime = t.app.get(RealtimeServer);
      for (let i = 1; i <= 3; i++) {
        realtime.emit([`team:${teamA}`], { name: 'notification', payload: { workspaceId: ws, seq: -i, userId: users.agentA.id, kind: 'mention', text: `n${i}` } as never });
      }
      await agentA.waitFor((e) => e.name === 'notification' && e.payload.seq === -3);
      expect(agentA.received.filter((e) => e.name === 'notification').map((e) => e.payload.seq)).toEqual([-1, -2, -3]);
      // The three leave in one write (later frames, presence and the like, may follow in writes of their own).
      expect(writes.filter((n) => n > 0)).toEqual([3]);
    });

    it('times the re-read, the append and the sockets’ writes on the stage channel while someone listens', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const [agentA, lead] = await Promise.all([connect('agentA'), connect('lead')]);
      const laps: StageTiming[] = [];
      const listener = (m: unknown) => laps.push(m as StageTiming);
      subscribe(STAGE_CHANNEL, listener);
      try {
        await patch(conversation.id, { priority: 'high' });
        await Promise.all([agentA, lead].map((a) => a.waitFor((e) => e.name === 'conversation.updated' && (e.payload as unknown as ConversationEvent).conversation.id === conversation.id)));
      } finally {
        unsubscribe(STAGE_CHANNEL, listener);
      }
      // The PATCH's batch: its conversation re-read, its event stored, then written to both agents' sockets
      // (a presence event of the connections, with nothing to re-read, may come before it).
      const reread = laps.findIndex((l) => l.stage === 'realtime.reread' && l.size === 1);
      expect(reread).toBeGreaterThanOrEqual(0);
      expect(laps[reread + 1]).toMatchObject({ stage: 'realtime.append', size: 1 });
      const flush = laps.slice(reread + 2).find((l) => l.stage === 'realtime.flush');
      expect(flush?.size).toBeGreaterThanOrEqual(2);
      for (const l of laps) expect(l.ms).toBeGreaterThanOrEqual(0);
    });

    it('pushes message.created with the message and its conversation', async () => {
      const { conversation, messages } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const agentA = await connect('agentA');
      t.app.get(EventEmitter2).emit(DOMAIN_EVENTS.messageCreated, { workspaceId: ws, conversationId: conversation.id, messageId: messages[0].id });
      const got = await agentA.waitFor((e) => e.name === 'message.created');
      const e = got.payload as unknown as MessageEvent;
      expect(e.message).toMatchObject({ id: messages[0].id, conversationId: conversation.id, text: 'Bonjour', direction: 'inbound' });
      expect(e.conversation?.id).toBe(conversation.id);
    });
  });

  describe('reconnect', () => {
    it('replays every missed event, in order, limited to the socket’s rooms', async () => {
      const seen = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const hidden = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamB });
      let agentA = await connect('agentA');
      await patch(seen.conversation.id, { priority: 'high' });
      const last = await agentA.waitFor((e) => e.name === 'conversation.updated');
      agentA.close();

      await patch(seen.conversation.id, { status: 'pending' });
      await patch(hidden.conversation.id, { status: 'pending' });
      await patch(seen.conversation.id, { labels: ['rappel'] });

      agentA = await connect('agentA');
      const answer = await agentA.socket.emitWithAck('replay', { workspaceId: ws, since: last.payload.seq });
      expect(answer.complete).toBe(true);
      // Presence changes of the workspace are replayed too; the conversations are what this checks.
      const replayed = answer.events.filter((e) => e.name.startsWith('conversation.')).map((e) => e.payload as unknown as ConversationEvent);
      expect(replayed.map((e) => e.conversation.id)).toEqual([seen.conversation.id, seen.conversation.id]);
      expect(replayed.map((e) => [e.conversation.status, e.conversation.labels])).toEqual([
        ['pending', []],
        ['pending', ['rappel']],
      ]);
      expect(replayed[0].seq).toBeGreaterThan(last.payload.seq);
      expect(replayed[1].seq).toBeGreaterThan(replayed[0].seq);
      const allSeqs = answer.events.map((e) => e.payload.seq);
      expect(allSeqs).toEqual([...allSeqs].sort((a, b) => a - b));

      const foreign = await agentA.socket.emitWithAck('replay', { workspaceId: otherWs, since: 0 });
      expect(foreign).toMatchObject({ events: [], complete: false });
    });
  });

  describe('presence, typing and viewing', () => {
    it('is online from the first tab, stays online while one tab is left, and goes offline with the last', async () => {
      const lead = await connect('lead');
      // From agentA's first 'online' on: the previous test's closing tabs may still announce an 'offline' before.
      const presenceOf = () => {
        const all = lead.received.filter((e) => e.name === 'presence.changed' && e.payload.userId === users.agentA.id).map((e) => e.payload.presence);
        return all.slice(all.indexOf('online'));
      };
      const tab1 = await connect('agentA');
      const tab2 = await connect('agentA');
      await lead.waitFor((e) => e.name === 'presence.changed' && e.payload.userId === users.agentA.id && e.payload.presence === 'online');
      tab1.close();
      await sleep(300);
      expect(presenceOf()).toEqual(['online']);
      tab2.socket.emit('presence', { presence: 'away' });
      await lead.waitFor((e) => e.name === 'presence.changed' && e.payload.userId === users.agentA.id && e.payload.presence === 'away');
      tab2.close();
      for (let i = 0; i < 50 && presenceOf().at(-1) !== 'offline'; i++) await sleep(100);
      expect(presenceOf()).toEqual(['online', 'away', 'offline']);
      const snapshot = await request(t.http).get(`/api/v1/workspaces/${ws}/presence`).set('Authorization', `Bearer ${users.lead.token}`).expect(200);
      expect(snapshot.body[users.agentA.id]).toBe('offline');
      expect(snapshot.body[users.lead.id]).toBe('online');
    });

    it('announces offline an agent left online by a process that died', async () => {
      const lead = await connect('lead');
      const agentA = await connect('agentA');
      await t.dataSource.query(`UPDATE user_presence SET updated_at = now() - interval '1 minute' WHERE user_id = ANY($1)`, [[users.lead.id, users.agentA.id]]);
      // agentB's only tab was on a process that crashed: the row still says online, no socket is left.
      await t.dataSource.query(
        `INSERT INTO user_presence (user_id, presence, updated_at) VALUES ($1, 'online', now() - interval '1 minute')
         ON CONFLICT (user_id) DO UPDATE SET presence = 'online', updated_at = EXCLUDED.updated_at`,
        [users.agentB.id],
      );
      // What the sweep announces: first let the connects' own announcements (and the previous test's
      // closing tabs') go out.
      await sleep(200);
      await t.app.get(RealtimePublisher).idle();
      const before = agentA.received.length;
      expect(await t.app.get(PresenceService).sweep()).toEqual([users.agentB.id]);
      const e = await lead.waitFor((r) => r.name === 'presence.changed' && r.payload.userId === users.agentB.id);
      expect(e.payload).toMatchObject({ workspaceId: ws, presence: 'offline' });
      const snapshot = await request(t.http).get(`/api/v1/workspaces/${ws}/presence`).set('Authorization', `Bearer ${users.lead.token}`).expect(200);
      expect(snapshot.body).toMatchObject({ [users.agentB.id]: 'offline', [users.agentA.id]: 'online', [users.lead.id]: 'online' });
      const wentOffline = agentA.received.slice(before).filter((r) => r.name === 'presence.changed' && r.payload.presence === 'offline');
      expect(wentOffline.map((r) => r.payload.userId)).toEqual([users.agentB.id]);
    });

    it('relays viewing and typing to others on the same conversation, and clears them when a tab closes', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const [lead, agentA, outsider] = await Promise.all([connect('lead'), connect('agentA'), connect('outsider')]);
      lead.socket.emit('viewing', { workspaceId: ws, conversationId: conversation.id, viewing: true });
      await sleep(200);
      agentA.socket.emit('viewing', { workspaceId: ws, conversationId: conversation.id, viewing: true });
      // The newcomer learns who is already there; the one already there learns about the newcomer.
      await agentA.waitFor((e) => e.name === 'viewing' && e.payload.userId === users.lead.id && e.payload.viewing === true);
      await lead.waitFor((e) => e.name === 'viewing' && e.payload.userId === users.agentA.id && e.payload.viewing === true);
      agentA.socket.emit('typing', { workspaceId: ws, conversationId: conversation.id, typing: true, mode: 'reply' });
      const typing = await lead.waitFor((e) => e.name === 'typing');
      expect(typing.payload).toMatchObject({ conversationId: conversation.id, userId: users.agentA.id, userName: 'agentA', typing: true, mode: 'reply' });
      // Someone from another workspace cannot join the conversation's room.
      outsider.socket.emit('viewing', { workspaceId: ws, conversationId: conversation.id, viewing: true });
      outsider.socket.emit('viewing', { workspaceId: otherWs, conversationId: conversation.id, viewing: true });
      agentA.close();
      await lead.waitFor((e) => e.name === 'typing' && e.payload.typing === false);
      await lead.waitFor((e) => e.name === 'viewing' && e.payload.userId === users.agentA.id && e.payload.viewing === false);
      expect(lead.received.filter((e) => e.payload.userId === users.outsider.id)).toEqual([]);
      expect(outsider.received.filter((e) => e.name === 'viewing' || e.name === 'typing')).toEqual([]);
    });
  });

  it('keeps changes of another workspace away from this workspace’s sockets', async () => {
    const { conversation } = await seedConversation(t.dataSource, { workspaceId: otherWs, channelId: otherChannelId });
    const lead = await connect('lead');
    const outsider = await connect('outsider');
    await request(t.http)
      .patch(`/api/v1/workspaces/${otherWs}/conversations/${conversation.id}`)
      .set('Authorization', `Bearer ${users.outsider.token}`)
      .send({ status: 'resolved' })
      .expect(200);
    await outsider.waitFor((e) => e.name === 'conversation.updated');
    await sleep(200);
    expect(lead.received.filter((e) => e.payload.workspaceId === otherWs)).toEqual([]);
  });

  describe('rooms follow what the agent may see, without reconnecting', () => {
    const updatedFor = (id: string) => (e: { name: string; payload: Record<string, unknown> }) =>
      e.name === 'conversation.updated' && (e.payload as unknown as ConversationEvent).conversation.id === id;

    it('pushes status changes to an agent who has a conversation of another team open', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamA });
      const agentB = await connect('agentB');
      agentB.socket.emit('viewing', { workspaceId: ws, conversationId: conversation.id, viewing: true });
      await sleep(150);
      await patch(conversation.id, { status: 'pending' });
      const got = await agentB.waitFor(updatedFor(conversation.id));
      expect((got.payload as unknown as ConversationEvent).conversation.status).toBe('pending');
    });

    it('hears a team’s conversations as soon as a lead adds the agent to it, and stops when removed', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, teamId: teamB });
      const agentA = await connect('agentA');
      const teamBMembers = (memberIds: string[]) =>
        request(t.http)
          .patch(`/api/v1/workspaces/${ws}/teams/${teamB}`)
          .set('Authorization', `Bearer ${users.lead.token}`)
          .send({ memberIds })
          .expect(200);
      try {
        await teamBMembers([users.agentB.id, users.agentA.id]);
        await sleep(150);
        await patch(conversation.id, { priority: 'high' });
        await agentA.waitFor(updatedFor(conversation.id));

        await teamBMembers([users.agentB.id]);
        await sleep(150);
        await patch(conversation.id, { priority: 'urgent' });
        const agentB = await connect('agentB');
        await patch(conversation.id, { priority: 'low' });
        await agentB.waitFor((e) => updatedFor(conversation.id)(e) && (e.payload as unknown as ConversationEvent).conversation.priority === 'low');
        await sleep(200);
        expect(agentA.received.filter(updatedFor(conversation.id)).map((e) => (e.payload as unknown as ConversationEvent).conversation.priority)).toEqual(['high']);
      } finally {
        await teamBMembers([users.agentB.id]);
      }
    });
  });
});

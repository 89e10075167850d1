import type { Conversation, ConversationDetail, Message, Page } from '@babillard/contracts';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { seedConversation } from '../../testing/seed-conversations';
import { seedChannel, seedTeam, seedUser, seedWorkspace, TEST_PASSWORD } from '../../testing/seed';
import { createTestApp, login, type TestApp } from '../../testing/test-app';
import { PostEntity } from './post.entity';
import { DOMAIN_EVENTS } from './conversation.events';

describe('conversations API', () => {
  let t: TestApp;
  let ws: string;
  let otherWs: string;
  let channelId: string;
  let teamA: string;
  let teamB: string;
  let agent: { id: string; token: string };
  let colleague: { id: string; token: string };
  let outsider: { id: string; token: string };
  const base = () => `/api/v1/workspaces/${ws}/conversations`;
  const get = <T>(path: string, token = agent.token) => request(t.http).get(path).set('Authorization', `Bearer ${token}`).expect(200).then((r) => r.body as T);

  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    const ds = t.dataSource;
    ws = (await seedWorkspace(ds)).id;
    otherWs = (await seedWorkspace(ds)).id;
    teamA = (await seedTeam(ds, ws, 'Service après-vente')).id;
    teamB = (await seedTeam(ds, ws, 'Community')).id;
    channelId = (await seedChannel(ds, { workspaceId: ws, platform: 'facebook', externalId: 'page-1' })).id;
    const a = await seedUser(ds, { workspaceId: ws, role: 'agent', teamIds: [teamA] });
    const c = await seedUser(ds, { workspaceId: ws, role: 'agent', teamIds: [teamB] });
    const o = await seedUser(ds, { workspaceId: otherWs, role: 'admin' });
    agent = { id: a.id, token: await login(t.http, a.email, TEST_PASSWORD) };
    colleague = { id: c.id, token: await login(t.http, c.email, TEST_PASSWORD) };
    outsider = { id: o.id, token: await login(t.http, o.email, TEST_PASSWORD) };
  });
  afterAll(() => t.close());

  describe('queue', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const s = (o: Parameters<typeof seedConversation>[1]) => seedConversation(t.dataSource, o).then((r) => r.conversation.id);
      ids = {
        urgentRecent: await s({ workspaceId: ws, channelId, priority: 'urgent', teamId: teamA, messages: [{ text: 'Remboursement SVP', minutesAgo: 5 }] }),
        normalOld: await s({
          workspaceId: ws,
          channelId,
          priority: 'normal',
          teamId: teamB,
          labels: ['livraison'],
          messages: [{ text: "Ma commande n'est toujours pas arrivée", minutesAgo: 90 }],
        }),
        normalNew: await s({ workspaceId: ws, channelId, priority: 'normal', assigneeId: agent.id, teamId: teamA, messages: [{ text: 'The coffee maker arrived broken, I want a refund', minutesAgo: 10 }] }),
        urgentOld: await s({ workspaceId: ws, channelId, priority: 'urgent', crisisId: '00000000-0000-4000-8000-000000000001', platform: 'x', kind: 'mention', messages: [{ text: 'Scandale!', minutesAgo: 60 }] }),
        resolved: await s({ workspaceId: ws, channelId, status: 'resolved', priority: 'high', messages: [{ text: 'Merci beaucoup', minutesAgo: 30 }] }),
      };
      await seedConversation(t.dataSource, { workspaceId: otherWs, channelId: (await seedChannel(t.dataSource, { workspaceId: otherWs, platform: 'x', externalId: 'x-2' })).id, messages: [{ text: 'arrivée commande', minutesAgo: 1 }] });
    });

    it('sorts by priority then longest wait, and pages with a cursor without repeats', async () => {
      const all = await get<Page<Conversation>>(`${base()}?status=open`);
      expect(all.items.map((c) => c.id)).toEqual([ids.urgentOld, ids.urgentRecent, ids.normalOld, ids.normalNew]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Conversation> = await get<Page<Conversation>>(`${base()}?status=open&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.items.map((c) => c.id));
    });

    it('sorts by last activity when asked, also across pages', async () => {
      const first = await get<Page<Conversation>>(`${base()}?sort=last_activity&limit=2`);
      const second = await get<Page<Conversation>>(`${base()}?sort=last_activity&limit=2&cursor=${first.nextCursor}`);
      expect([...first.items, ...second.items].map((c) => c.id)).toEqual([ids.urgentRecent, ids.normalNew, ids.resolved, ids.urgentOld]);
    });

    it('carries what a list row shows', async () => {
      const { items } = await get<Page<Conversation>>(`${base()}?assigneeId=me`);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        id: ids.normalNew,
        workspaceId: ws,
        platform: 'facebook',
        kind: 'dm',
        status: 'open',
        priority: 'normal',
        teamId: teamA,
        assigneeId: agent.id,
        contact: { name: 'Client Test', followers: 120 },
        lastMessage: { text: 'The coffee maker arrived broken, I want a refund', direction: 'inbound' },
        unreadCount: 1,
        slaDueAt: null,
      });
      expect(items[0].waitingSince).toEqual(items[0].lastMessage?.createdAt);
    });

    it('filters by team, assignee none, label, crisis, platform, priority and views', async () => {
      const ids_ = async (qs: string) => (await get<Page<Conversation>>(`${base()}?${qs}`)).items.map((c) => c.id).sort();
      expect(await ids_(`teamId=${teamA}`)).toEqual([ids.urgentRecent, ids.normalNew].sort());
      expect(await ids_('assigneeId=none&status=open')).toEqual([ids.urgentRecent, ids.normalOld, ids.urgentOld].sort());
      expect(await ids_('label=Livraison')).toEqual([ids.normalOld]);
      expect(await ids_('crisis=true')).toEqual([ids.urgentOld]);
      expect(await ids_('platform=x&kind=mention')).toEqual([ids.urgentOld]);
      expect(await ids_('priority=high')).toEqual([ids.resolved]);
      expect(await ids_('view=my_teams')).toEqual([ids.urgentRecent, ids.normalNew].sort());
      expect(await ids_('view=mine')).toEqual([ids.normalNew]);
      expect(await ids_('view=crisis')).toEqual([ids.urgentOld]);
    });

    it('searches messages in French and English, ignoring accents and word endings, within the workspace', async () => {
      const search = async (q: string) => (await get<Page<Conversation>>(`${base()}?q=${encodeURIComponent(q)}`)).items.map((c) => c.id);
      expect(await search('arrivee')).toEqual([ids.normalOld]);
      expect(await search('commandes')).toEqual([ids.normalOld]);
      expect(await search('refunds')).toEqual([ids.normalNew]);
      expect(await search('remboursements')).toEqual([ids.urgentRecent]);
      expect(await search('"coffee maker"')).toEqual([ids.normalNew]);
      expect(await search('pizza')).toEqual([]);
    });

    it('counts the five views for a status in one call', async () => {
      const counts = await get<Record<string, number>>(`${base()}/counts`);
      expect(counts).toEqual({ mine: 1, unassigned: 3, my_teams: 2, all: 4, crisis: 1 });
      expect((await get<Record<string, number>>(`${base()}/counts?status=resolved`)).all).toBe(1);
    });

    it('names the bad parameter', async () => {
      const res = await request(t.http).get(`${base()}?limit=500&status=closed`).set('Authorization', `Bearer ${agent.token}`).expect(400);
      expect(res.body.message).toMatch(/status must be one of/);
      expect(res.body.message).toMatch(/limit must be between 1 and 100/);
      const bad = await request(t.http).get(`${base()}?cursor=nonsense`).set('Authorization', `Bearer ${agent.token}`).expect(400);
      expect(bad.body.message).toMatch(/cursor/);
    });

    it('refuses another workspace and hides its conversations', async () => {
      await request(t.http).get(base()).set('Authorization', `Bearer ${outsider.token}`).expect(403);
      await request(t.http).get(`/api/v1/workspaces/${otherWs}/conversations/${ids.normalOld}`).set('Authorization', `Bearer ${outsider.token}`).expect(404);
    });
  });

  describe('one conversation', () => {
    it('returns the thread context: post, identities and the customer’s other conversations', async () => {
      const post = await t.dataSource.getRepository(PostEntity).save({ workspaceId: ws, channelId, externalId: 'post-1', text: 'Nouvelle mouture', permalink: 'https://fb/p/1' });
      const first = await seedConversation(t.dataSource, { workspaceId: ws, channelId, kind: 'comment', postId: post.id, messages: [{ text: 'Super', minutesAgo: 3 }] });
      const other = await seedConversation(t.dataSource, { workspaceId: ws, channelId, platform: 'instagram', contactId: first.contactId, messages: [{ text: 'Allo', minutesAgo: 2 }] });
      const detail = await get<ConversationDetail>(`${base()}/${first.conversation.id}`);
      expect(detail.post).toEqual({ id: post.id, externalId: 'post-1', text: 'Nouvelle mouture', permalink: 'https://fb/p/1' });
      expect(detail.identities.map((i) => i.platform).sort()).toEqual(['facebook', 'instagram']);
      expect(detail.otherConversations.map((c) => c.id)).toEqual([other.conversation.id]);
    });

    it('pages messages from the newest page back, each page oldest first', async () => {
      const { conversation } = await seedConversation(t.dataSource, {
        workspaceId: ws,
        channelId,
        messages: [1, 2, 3, 4, 5].map((n) => ({ text: `m${n}`, minutesAgo: 10 - n, direction: n % 2 ? 'inbound' : 'outbound' })),
      });
      const first = await get<Page<Message>>(`${base()}/${conversation.id}/messages?limit=2`);
      expect(first.items.map((m) => m.text)).toEqual(['m4', 'm5']);
      const second = await get<Page<Message>>(`${base()}/${conversation.id}/messages?limit=2&cursor=${first.nextCursor}`);
      expect(second.items.map((m) => m.text)).toEqual(['m2', 'm3']);
      const third = await get<Page<Message>>(`${base()}/${conversation.id}/messages?limit=2&cursor=${second.nextCursor}`);
      expect(third.items.map((m) => m.text)).toEqual(['m1']);
      expect(third.nextCursor).toBeNull();
    });

    it('keeps unread per user and clears it for the reader only', async () => {
      const { conversation } = await seedConversation(t.dataSource, {
        workspaceId: ws,
        channelId,
        messages: [
          { text: 'a', minutesAgo: 9 },
          { text: 'b', minutesAgo: 8 },
        ],
      });
      const url = `${base()}/${conversation.id}`;
      expect((await get<Conversation>(url)).unreadCount).toBe(2);
      const read = await request(t.http).post(`${url}/read`).set('Authorization', `Bearer ${agent.token}`).expect(200);
      expect(read.body.unreadCount).toBe(0);
      expect((await get<Conversation>(url)).unreadCount).toBe(0);
      expect((await get<Conversation>(url, colleague.token)).unreadCount).toBe(2);
    });
  });

  describe('changes', () => {
    const emitted: { name: string; payload: Record<string, unknown> }[] = [];
    beforeAll(() => {
      const events = t.app.get(EventEmitter2);
      for (const name of [DOMAIN_EVENTS.conversationUpdated, DOMAIN_EVENTS.assignmentChanged]) {
        events.on(name, (payload: Record<string, unknown>) => emitted.push({ name, payload }));
      }
    });
    const timeline = (id: string) =>
      t.dataSource.query(`SELECT type, actor_type, actor_user_id, data FROM conversation_event WHERE conversation_id = $1 ORDER BY id`, [id]);
    const patch = (id: string, body: object, token = agent.token) => request(t.http).patch(`${base()}/${id}`).set('Authorization', `Bearer ${token}`).send(body);

    it('changes status, priority, team, assignee and labels, writes each to the timeline and publishes after commit', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId, labels: ['old'] });
      emitted.length = 0;
      const res = await patch(conversation.id, { status: 'pending', priority: 'high', teamId: teamB, assigneeId: colleague.id, labels: [' VIP ', 'vip', 'retour'] }).expect(200);
      expect(res.body).toMatchObject({ status: 'pending', priority: 'high', teamId: teamB, assigneeId: colleague.id, labels: ['vip', 'retour'] });
      expect((await timeline(conversation.id)).map((e: { type: string }) => e.type)).toEqual([
        'status.changed',
        'priority.changed',
        'team.changed',
        'assigned',
        'labels.changed',
      ]);
      expect((await timeline(conversation.id))[4]).toMatchObject({ actor_type: 'user', actor_user_id: agent.id, data: { added: ['vip', 'retour'], removed: ['old'] } });
      expect(emitted).toEqual([
        {
          name: DOMAIN_EVENTS.conversationUpdated,
          payload: expect.objectContaining({ conversationId: conversation.id, previousTeamId: null, previousAssigneeId: null, changes: ['status', 'priority', 'teamId', 'assigneeId', 'labels'] }),
        },
        {
          name: DOMAIN_EVENTS.assignmentChanged,
          payload: { workspaceId: ws, conversationId: conversation.id, assigneeId: colleague.id, previousAssigneeId: null, teamId: teamB, actorUserId: agent.id },
        },
      ]);
    });

    it('writes and publishes nothing when nothing changes', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId });
      emitted.length = 0;
      await patch(conversation.id, { status: 'open', priority: 'normal' }).expect(200);
      expect(await timeline(conversation.id)).toEqual([]);
      expect(emitted).toEqual([]);
    });

    it('snoozes until a future time and resolving stops the wait', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId });
      expect((await patch(conversation.id, { status: 'snoozed' }).expect(400)).body.message).toBe('snoozedUntil is required to snooze a conversation');
      expect((await patch(conversation.id, { snoozedUntil: '2001-01-01T00:00:00Z' }).expect(400)).body.message).toBe('snoozedUntil must be in the future');
      const until = new Date(Date.now() + 3600_000).toISOString();
      expect((await patch(conversation.id, { snoozedUntil: until }).expect(200)).body).toMatchObject({ status: 'snoozed', snoozedUntil: until });
      const resolved = (await patch(conversation.id, { status: 'resolved' }).expect(200)).body as Conversation;
      expect(resolved).toMatchObject({ status: 'resolved', snoozedUntil: null, waitingSince: null });
      expect(resolved.resolvedAt).not.toBeNull();
    });

    it('refuses a team or assignee from elsewhere, and unknown conversations', async () => {
      const { conversation } = await seedConversation(t.dataSource, { workspaceId: ws, channelId });
      const foreignTeam = (await seedTeam(t.dataSource, otherWs)).id;
      expect((await patch(conversation.id, { teamId: foreignTeam }).expect(400)).body.message).toBe('teamId is not a team of this workspace');
      expect((await patch(conversation.id, { assigneeId: outsider.id }).expect(400)).body.message).toBe('assigneeId is not an active member of this workspace');
      await patch('00000000-0000-4000-8000-000000000000', { status: 'resolved' }).expect(404);
      expect((await patch(conversation.id, { status: 'done' }).expect(400)).body.message).toMatch(/status must be one of open, pending, snoozed, resolved/);
    });

    it('changes many conversations at once and reports ids it did not find', async () => {
      const a = await seedConversation(t.dataSource, { workspaceId: ws, channelId });
      const b = await seedConversation(t.dataSource, { workspaceId: ws, channelId });
      const missing = '00000000-0000-4000-8000-00000000beef';
      const res = await request(t.http)
        .patch(base())
        .set('Authorization', `Bearer ${agent.token}`)
        .send({ ids: [a.conversation.id, b.conversation.id, missing], status: 'resolved', labels: ['lot'] })
        .expect(200);
      expect(res.body.items.map((c: Conversation) => [c.status, c.labels])).toEqual([
        ['resolved', ['lot']],
        ['resolved', ['lot']],
      ]);
      expect(res.body.notFound).toEqual([missing]);
      expect((await timeline(b.conversation.id)).map((e: { type: string }) => e.type)).toEqual(['status.changed', 'labels.changed']);
    });
  });
});

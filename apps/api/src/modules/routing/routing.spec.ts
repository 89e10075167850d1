import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { DOMAIN_EVENTS } from '../conversations/conversation.events';
import { minutesAgo, routeInbound, seedBrand, workspaceApi, type Brand, type InboundOpts } from '../../testing/routing-fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { seedDefaultRoutingRules } from './default-rules';
import type { InboundRoutingResult } from './inbound-router';

let t: TestApp;
let ds: DataSource;

beforeAll(async () => {
  t = await createTestApp();
  ds = t.dataSource;
});
afterAll(() => t?.close());

const brand = () => seedBrand(t);
const inbound = (b: Brand, text: string, o: InboundOpts = {}) => routeInbound(t, b, text, o);
const api = (b: Brand, token = b.lead.token) => workspaceApi(t, b, token);
const conv = (id: string) => ds.getRepository(ConversationEntity).findOneByOrFail({ id });
const events = (conversationId: string, type: string) =>
  ds.query(`SELECT data, actor_type FROM conversation_event WHERE conversation_id = $1 AND type = $2 ORDER BY id`, [conversationId, type]);

describe('rules CRUD', () => {
  it('lets leads create, reorder, edit and delete ordered rules; agents only read', async () => {
    const b = await brand();
    const denied = await api(b, b.agent.token).post('/routing/rules', { name: 'x', conditions: {}, actions: {} });
    expect(denied.status).toBe(403);

    const a = await api(b).post('/routing/rules', { name: 'A', conditions: { intents: ['after_sales'] }, actions: { teamId: b.teams.afterSales } });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ name: 'A', position: 0, enabled: true, stopProcessing: false });
    const c = await api(b).post('/routing/rules', { name: 'C', conditions: {}, actions: { labels: ['c'] } });
    const bRule = await api(b).post('/routing/rules', { name: 'B', conditions: {}, actions: {}, position: 1 });
    expect(bRule.body.position).toBe(1);
    let list = await api(b, b.agent.token).get('/routing/rules');
    expect(list.status).toBe(200);
    expect(list.body.map((r: { name: string }) => r.name)).toEqual(['A', 'B', 'C']);

    const reordered = await api(b).put('/routing/rules/order', { ids: [c.body.id, a.body.id] });
    expect(reordered.body.map((r: { name: string }) => r.name)).toEqual(['C', 'A', 'B']);

    const edited = await api(b).patch(`/routing/rules/${a.body.id}`, { stopProcessing: true, name: 'A2' });
    expect(edited.body).toMatchObject({ name: 'A2', stopProcessing: true, conditions: { intents: ['after_sales'] } });

    expect((await api(b).delete(`/routing/rules/${c.body.id}`)).status).toBe(204);
    list = await api(b).get('/routing/rules');
    expect(list.body.map((r: { name: string; position: number }) => [r.name, r.position])).toEqual([['A2', 0], ['B', 1]]);
  });

  it('names the bad field, and refuses another workspace’s team', async () => {
    const b = await brand();
    const bad = await api(b).post('/routing/rules', { name: 'x', conditions: { intents: ['gossip'] }, actions: { priority: 'asap' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/conditions\.intents/);
    expect(bad.body.message).toMatch(/actions\.priority/);
    const other = await brand();
    const foreign = await api(b).post('/routing/rules', { name: 'x', conditions: {}, actions: { teamId: other.teams.crisis } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/teamId/);
  });
});

describe('routing settings', () => {
  it('finds the crisis team by name until a lead names one, and validates it', async () => {
    const b = await brand();
    expect((await api(b, b.agent.token).get('/routing/settings')).body).toEqual({
      crisisTeamId: b.teams.crisis,
      spikeWindowMinutes: 15,
      spikeMinCount: 5,
      spikeFactor: 3,
      baselineHours: 24,
      crisisQuietMinutes: 120,
    });
    expect((await api(b, b.agent.token).patch('/routing/settings', { spikeMinCount: 2 })).status).toBe(403);
    const other = await brand();
    const foreign = await api(b).patch('/routing/settings', { crisisTeamId: other.teams.crisis });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/crisisTeamId/);
    expect((await api(b).patch('/routing/settings', { spikeFactor: 0.5 })).body.message).toMatch(/spikeFactor/);
    const saved = await api(b).patch('/routing/settings', { crisisTeamId: b.teams.community, spikeMinCount: 8 });
    expect(saved.body).toMatchObject({ crisisTeamId: b.teams.community, spikeMinCount: 8, spikeWindowMinutes: 15 });
  });
});

describe('preview', () => {
  it('returns category, detection, the rules that fire and why, team and priority — and stores nothing', async () => {
    const b = await brand();
    await api(b).post('/routing/rules', {
      name: 'Après-vente',
      conditions: { intents: ['after_sales'], languages: ['fr'] },
      actions: { teamId: b.teams.afterSales, priority: 'high' },
    });
    const tables = ['conversation', 'conversation_event', 'crisis_signal', 'crisis_incident', 'message'];
    const count = async () => Promise.all(tables.map(async (tb) => (await ds.query(`SELECT count(*)::int AS n FROM ${tb}`))[0].n));
    const before = await count();
    const res = await api(b, b.agent.token).post('/routing/preview', {
      text: 'chu pas content, ma commande est pas arrivée',
      platform: 'facebook',
      kind: 'comment',
      author: { followers: 12 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      category: 'after_sales',
      language: 'fr',
      intent: 'after_sales',
      sentiment: { score: expect.any(Number), label: 'negative' },
      crisisSignals: [],
      teamId: b.teams.afterSales,
      priority: 'high',
      rules: [{ id: expect.any(String), name: 'Après-vente', why: 'language is fr; intent is after_sales' }],
      detectorCategory: 'after_sales',
      model: { after_sales: expect.any(Number), crisis: expect.any(Number), other: expect.any(Number) },
    });
    expect(res.body.sentiment.score).toBeLessThan(0);
    expect(res.body.model.after_sales).toBeGreaterThan(res.body.model.other);
    expect(res.body.model.after_sales + res.body.model.crisis + res.body.model.other).toBeCloseTo(1, 2);
    expect(await count()).toEqual(before);

    const crisis = await api(b).post('/routing/preview', { text: 'Lawsuit incoming: my kid got food poisoning', platform: 'x', kind: 'mention', author: { followers: 90_000, verified: true } });
    expect(crisis.body).toMatchObject({ category: 'crisis', language: 'en', teamId: null, priority: 'normal', rules: [] });
    expect(crisis.body.crisisSignals).toEqual(expect.arrayContaining(['safety', 'legal', 'high_reach', 'verified']));
  });

  it('validates the request', async () => {
    const b = await brand();
    const res = await api(b).post('/routing/preview', { text: 'allo', platform: 'myspace', kind: 'comment' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/platform/);
  });
});

describe('inbound routing', () => {
  it('applies every action of a firing rule and records which rule did what', async () => {
    const b = await brand();
    const rule = await api(b).post('/routing/rules', {
      name: 'Tout faire',
      conditions: { text: { any: ['remboursement'] } },
      actions: {
        teamId: b.teams.afterSales,
        priority: 'high',
        labels: ['remboursement'],
        assigneeId: b.agent.id,
        status: 'pending',
        notifyUserIds: [b.lead.id],
        notifyTeamIds: [b.teams.afterSales],
        crisisCandidate: true,
      },
    });
    const { conversationId, result } = await inbound(b, 'Je veux un remboursement');
    const c = await conv(conversationId);
    expect(c).toMatchObject({ teamId: b.teams.afterSales, priority: 'high', priorityRank: 2, labels: ['remboursement'], assigneeId: b.agent.id, status: 'pending' });
    expect(result.changes).toEqual(expect.arrayContaining(['teamId', 'priority', 'labels', 'assigneeId', 'status']));
    expect(result.notify).toEqual([{ userIds: expect.arrayContaining([b.lead.id, b.agent.id]), text: expect.stringContaining('Tout faire'), kind: 'rule' }]);
    const fired = await events(conversationId, 'rule.fired');
    expect(fired).toHaveLength(1);
    expect(fired[0].actor_type).toBe('rule');
    expect(fired[0].data).toMatchObject({ ruleId: rule.body.id, ruleName: 'Tout faire', why: 'text contains "remboursement"', actions: { teamId: b.teams.afterSales } });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM crisis_signal WHERE conversation_id = $1`, [conversationId]);
    expect(n).toBe(1);
    const [classified] = await events(conversationId, 'routing.classified');
    expect(classified.data).toMatchObject({ category: 'after_sales', language: 'fr', intent: 'after_sales' });
  });

  it('falls back to the channel default team when no rule sets one, and VIP rules see the contact', async () => {
    const b = await brand();
    await api(b).post('/routing/rules', { name: 'VIP', conditions: { vip: true }, actions: { priority: 'urgent', labels: ['vip'] } });
    const plain = await inbound(b, 'Bonjour!');
    expect(await conv(plain.conversationId)).toMatchObject({ teamId: b.teams.community, priority: 'normal', labels: [] });
    const vip = await inbound(b, 'Bonjour!', { vip: true });
    expect(await conv(vip.conversationId)).toMatchObject({ teamId: b.teams.community, priority: 'urgent', labels: ['vip'] });
  });

  it('on a follow-up only escalates: priority up, labels added, team and assignee left as a human set them', async () => {
    const b = await brand();
    const first = await inbound(b, 'Bonjour!');
    await ds.query(`UPDATE conversation SET team_id = $2, assignee_id = $3 WHERE id = $1`, [first.conversationId, b.teams.community, b.lead.id]);
    await api(b).post('/routing/rules', { name: 'Fâché', conditions: { sentiments: ['negative'] }, actions: { teamId: b.teams.afterSales, assigneeId: b.agent.id, priority: 'high', labels: ['fâché'] } });
    await inbound(b, 'Service poche, chu vraiment pas content', { conversationId: first.conversationId });
    expect(await conv(first.conversationId)).toMatchObject({ teamId: b.teams.community, assigneeId: b.lead.id, priority: 'high', labels: ['fâché'] });
    const fired = await events(first.conversationId, 'rule.fired');
    expect(fired[0].data).toMatchObject({ ruleName: 'Fâché', applied: 'escalation-only' });
  });

  it('respects order and stop: the first stopping rule wins', async () => {
    const b = await brand();
    await api(b).post('/routing/rules', { name: 'Stop', stopProcessing: true, conditions: { intents: ['after_sales'] }, actions: { teamId: b.teams.afterSales } });
    await api(b).post('/routing/rules', { name: 'Jamais', conditions: {}, actions: { teamId: b.teams.crisis, labels: ['jamais'] } });
    const { conversationId } = await inbound(b, 'Where is my order?');
    expect(await conv(conversationId)).toMatchObject({ teamId: b.teams.afterSales, labels: [] });
    expect((await events(conversationId, 'rule.fired')).map((e: { data: { ruleName: string } }) => e.data.ruleName)).toEqual(['Stop']);
  });

  it('re-runs changed rules on existing threads only when a lead asks', async () => {
    const b = await brand();
    const { conversationId } = await inbound(b, 'Ma facture est erronée');
    expect((await conv(conversationId)).teamId).toBe(b.teams.community);
    await api(b).post('/routing/rules', { name: 'Facturation', conditions: { intents: ['after_sales'] }, actions: { teamId: b.teams.afterSales } });
    expect((await conv(conversationId)).teamId).toBe(b.teams.community);
    expect((await api(b, b.agent.token).post('/routing/rules/rerun', {})).status).toBe(403);
    const emitted: unknown[] = [];
    const listener = (e: unknown) => emitted.push(e);
    t.app.get(EventEmitter2).on(DOMAIN_EVENTS.conversationUpdated, listener);
    const res = await api(b).post('/routing/rules/rerun', { conversationIds: [conversationId] });
    t.app.get(EventEmitter2).off(DOMAIN_EVENTS.conversationUpdated, listener);
    expect(res.body).toEqual({ processed: 1, changed: 1 });
    expect((await conv(conversationId)).teamId).toBe(b.teams.afterSales);
    expect(emitted).toEqual([expect.objectContaining({ workspaceId: b.workspaceId, conversationId })]);
  });

  it('uses the workspace lexicon extension stored in the database', async () => {
    const b = await brand();
    const text = 'Mon Boréalomètre affiche E4 en rouge';
    const before = await api(b).post('/routing/preview', { text, platform: 'facebook', kind: 'dm' });
    expect(before.body.intent).not.toBe('after_sales');
    const bad = await api(b).put('/routing/lexicon', { intents: { after_sales: { de: ['x'] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/after_sales\.de/);
    expect((await api(b, b.agent.token).put('/routing/lexicon', { intents: {} })).status).toBe(403);
    const saved = await api(b).put('/routing/lexicon', { intents: { after_sales: { fr: ['boréalomètre'] } } });
    expect(saved.status).toBe(200);
    const after = await api(b).post('/routing/preview', { text, platform: 'facebook', kind: 'dm' });
    expect(after.body).toMatchObject({ intent: 'after_sales', category: 'after_sales' });
    const other = await brand();
    expect((await api(other).post('/routing/preview', { text, platform: 'facebook', kind: 'dm' })).body.intent).not.toBe('after_sales');
  });
});

describe('demo default rules', () => {
  it('send after-sales to Service après-vente, crises to Communications de crise, praise to Communauté, spam closed', async () => {
    const b = await brand();
    await ds.transaction((tx) => seedDefaultRoutingRules(tx, b.workspaceId, b.teams));
    const preview = (text: string, author = {}) => api(b).post('/routing/preview', { text, platform: 'facebook', kind: 'comment', author }).then((r) => r.body);

    expect(await preview("Ma commande #48213 n'est toujours pas arrivée, chu vraiment pas content")).toMatchObject({ teamId: b.teams.afterSales, priority: 'high' });
    expect(await preview('Hi, can I change the delivery address on order 48250?')).toMatchObject({ teamId: b.teams.afterSales, priority: 'normal' });
    expect(await preview('Several customers report allergic reactions after the new blend. Is there a recall?')).toMatchObject({
      category: 'crisis',
      teamId: b.teams.crisis,
      priority: 'urgent',
    });
    expect(await preview('Bonjour, je suis journaliste, avez-vous un commentaire?')).toMatchObject({ teamId: b.teams.crisis, priority: 'high' });
    expect(await preview("Trop bon le latte à l'érable, merci!")).toMatchObject({ teamId: b.teams.community, priority: 'low' });

    const spam = await inbound(b, 'Earn money from home, click here https://spam.example/win');
    expect(await conv(spam.conversationId)).toMatchObject({ status: 'resolved', priority: 'low', labels: ['pourriel'] });
    const crisis = await inbound(b, 'Mon fils a fini à l’urgence après votre muffin, intoxication alimentaire');
    expect(await conv(crisis.conversationId)).toMatchObject({ teamId: b.teams.crisis, priority: 'urgent', labels: ['crise'] });
    expect(crisis.result.notify.find((n) => n.kind === 'rule')?.userIds).toContain(b.lead.id);
  });
});

describe('crisis spikes', () => {
  it('a quiet baseline then a burst opens one incident; later crisis threads join it, at urgent, in the crisis team', async () => {
    const b = await brand();
    // Quiet baseline: one unhappy message every two hours over the last day.
    for (let h = 22; h >= 2; h -= 2) await inbound(b, 'Service poche, vraiment décevant', { at: minutesAgo(h * 60) });
    expect(await ds.query(`SELECT id FROM crisis_incident WHERE workspace_id = $1`, [b.workspaceId])).toHaveLength(0);

    const results: InboundRoutingResult[] = [];
    const burst: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await inbound(b, `Mon enfant a été intoxiqué après votre latte (${i})`, { at: minutesAgo(8 - i) });
      results.push(r.result);
      burst.push(r.conversationId);
    }
    const opened = results.flatMap((r) => r.crisisOpened);
    expect(opened).toHaveLength(1);
    const incidents = await ds.query(`SELECT id, status, opened_by FROM crisis_incident WHERE workspace_id = $1`, [b.workspaceId]);
    expect(incidents).toEqual([{ id: opened[0], status: 'open', opened_by: 'detector' }]);
    // The threads that triggered it (all five that reached the minimum) and those after it.
    for (const id of burst) expect(await conv(id)).toMatchObject({ crisisId: opened[0], teamId: b.teams.crisis, priority: 'urgent' });
    const openedAt = results.findIndex((r) => r.crisisOpened.length);
    expect(openedAt).toBe(4);
    expect(results[openedAt].notify).toContainEqual({ userIds: [b.lead.id], text: expect.any(String), kind: 'crisis' });
    expect(results[openedAt].incidents).toEqual([expect.objectContaining({ id: opened[0], status: 'open', conversationIds: expect.arrayContaining(burst.slice(0, 5)) })]);
    expect(results.slice(openedAt + 1).flatMap((r) => r.crisisUpdated)).toEqual([opened[0], opened[0], opened[0]]);

    const neutral = await inbound(b, 'Vous ouvrez à quelle heure demain?');
    expect((await conv(neutral.conversationId)).crisisId).toBeNull();
    const detail = await api(b).get(`/crises/${opened[0]}`);
    expect(detail.body.conversationIds).toHaveLength(8);
    expect(detail.body.timeline[0]).toMatchObject({ type: 'incident.opened' });
    expect(detail.body.reason).toMatch(/5 negative or crisis messages in 15 min/);
  });

  it('a slow steady rise of neutral messages opens none', async () => {
    const b = await brand();
    // Ten hours, the rate climbing from one message an hour to one every three minutes.
    const texts = ['Vous ouvrez à quelle heure?', 'Do you have oat milk?', 'Bravo pour le nouveau local', 'Is the patio open?', 'Quel café pour une moka?'];
    let minute = 600;
    let gap = 60;
    let n = 0;
    while (minute > 0) {
      await inbound(b, texts[n++ % texts.length], { at: minutesAgo(minute) });
      minute -= gap;
      gap = Math.max(3, Math.round(gap * 0.85));
    }
    expect(n).toBeGreaterThan(40);
    expect(await ds.query(`SELECT id FROM crisis_incident WHERE workspace_id = $1`, [b.workspaceId])).toHaveLength(0);
    const [{ c }] = await ds.query(`SELECT count(*)::int AS c FROM crisis_signal WHERE workspace_id = $1`, [b.workspaceId]);
    expect(c).toBe(0);
  });

  it('a usual level of complaints, however steady, opens none; a burst well above it opens one', async () => {
    const b = await brand();
    // Six complaints every 15 minutes is this brand's normal: above the minimum count, not above its usual rate.
    // The detector's memory of yesterday, then four more hours of it through routing.
    await ds.query(
      `INSERT INTO crisis_signal (workspace_id, at) SELECT $1, now() - make_interval(secs => s * 150) FROM generate_series(97, 576) s`,
      [b.workspaceId],
    );
    for (let m = 240; m > 0; m -= 2.5) await inbound(b, 'Encore une fois déçu du service, franchement poche', { at: minutesAgo(m) });
    expect(await ds.query(`SELECT id FROM crisis_incident WHERE workspace_id = $1`, [b.workspaceId])).toHaveLength(0);
    const opened: string[] = [];
    for (let i = 0; i < 16; i++) {
      const r = await inbound(b, `Boycott! Vos employés sont racistes (${i})`, { at: minutesAgo(0.1) });
      opened.push(...r.result.crisisOpened);
    }
    expect(opened).toHaveLength(1);
  });
});

describe('crisis threads and reply approval', () => {
  it('a reply on a thread the detector put in a crisis waits for a lead when the workspace asks for it', async () => {
    const b = await brand();
    await ds.query(`UPDATE workspace SET settings = settings || '{"crisisReplyApproval": true}'::jsonb WHERE id = $1`, [b.workspaceId]);
    const threads: string[] = [];
    for (let i = 0; i < 5; i++) threads.push((await inbound(b, `Votre café m'a rendu malade, intoxication (${i})`, { at: minutesAgo(5 - i) })).conversationId);
    const calm = await inbound(b, 'Vous ouvrez à quelle heure?');
    expect((await conv(threads[0])).crisisId).not.toBeNull();

    const held = await api(b).post(`/conversations/${threads[0]}/replies`, { text: 'Nous sommes désolés, pouvez-vous nous écrire en privé?', idempotencyKey: 'k1' });
    expect(held.status).toBe(202);
    expect(held.body.awaitingApproval).toBe(true);
    const normal = await api(b).post(`/conversations/${calm.conversationId}/replies`, { text: 'On ouvre à 7 h!', idempotencyKey: 'k2' });
    expect(normal.status).toBe(202);
    expect(normal.body.awaitingApproval ?? false).toBe(false);
  });
});

describe('crisis incidents by hand', () => {
  it('leads open, merge and close incidents; each keeps its own timeline; consoles hear about it', async () => {
    const b = await brand();
    const one = await inbound(b, 'Bonjour');
    const two = await inbound(b, 'Allo');
    const emitted: { name: string; e: { incidentId?: string; incident?: { status: string } } }[] = [];
    const bus = t.app.get(EventEmitter2);
    const listeners = [DOMAIN_EVENTS.crisisOpened, DOMAIN_EVENTS.crisisUpdated, DOMAIN_EVENTS.notification].map((name) => {
      const l = (e: { incidentId?: string; incident?: { status: string } }) => emitted.push({ name, e });
      bus.on(name, l);
      return () => bus.off(name, l);
    });
    try {
      expect((await api(b, b.agent.token).post('/crises', { title: 'x' })).status).toBe(403);
      const a = await api(b).post('/crises', { title: 'Rumeur sur les noix', conversationIds: [one.conversationId] });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ status: 'open', openedBy: 'user', conversationIds: [one.conversationId] });
      expect(await conv(one.conversationId)).toMatchObject({ crisisId: a.body.id, teamId: b.teams.crisis, priority: 'urgent' });
      expect(emitted).toContainEqual({ name: DOMAIN_EVENTS.crisisOpened, e: expect.objectContaining({ incidentId: a.body.id, incident: expect.objectContaining({ status: 'open' }) }) });

      const other = await api(b).post('/crises', { title: 'Même affaire', conversationIds: [two.conversationId] });
      const merged = await api(b).post(`/crises/${a.body.id}/merge`, { incidentIds: [other.body.id] });
      expect(merged.status).toBe(200);
      expect(merged.body.conversationIds).toEqual([one.conversationId, two.conversationId]);
      expect((await conv(two.conversationId)).crisisId).toBe(a.body.id);
      const absorbed = (await api(b).get(`/crises/${other.body.id}`)).body;
      expect(absorbed).toMatchObject({ status: 'closed', mergedIntoId: a.body.id });
      expect((await api(b).post(`/crises/${a.body.id}/merge`, { incidentIds: [other.body.id] })).status).toBe(400);

      const closed = await api(b).post(`/crises/${a.body.id}/close`);
      expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
      expect((await conv(one.conversationId)).crisisId).toBeNull();
      expect(closed.body.timeline.map((e: { type: string }) => e.type)).toEqual([
        'incident.opened',
        'conversation.attached',
        'conversation.attached',
        'incident.absorbed',
        'incident.closed',
      ]);
      expect(emitted.filter((x) => x.name === DOMAIN_EVENTS.crisisUpdated).at(-1)?.e.incident?.status).toBe('closed');
      expect((await api(b).get('/crises?status=open')).body).toEqual([]);
      expect((await api(b, b.agent.token).get('/crises?status=closed')).body).toHaveLength(2);
      expect((await events(one.conversationId, 'crisis.released'))).toHaveLength(1);
    } finally {
      listeners.forEach((off) => off());
    }
  });
});

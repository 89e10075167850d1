import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource } from 'typeorm';
import { DOMAIN_EVENTS, type CrisisChanged } from '../../conversations/conversation.events';
import { JobQueue } from '../../jobs/jobs.module';
import { minutesAgo, routeInbound, seedBrand, workspaceApi, type Brand } from '../../../testing/routing-fixtures';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { CrisisQuietCloser } from './crisis-quiet-closer.service';
import { CRISIS_QUIET_QUEUE } from './crisis-quiet.scheduler';

const MINUTE = 60_000;
const later = (minutes: number) => new Date(Date.now() + minutes * MINUTE);

/** Incidents close by themselves once the burst has faded; the clock is the closer's parameter. */
describe('crisis incidents after their quiet period', () => {
  let first: TestApp;
  let second: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    first = await createTestApp();
    second = await createTestApp({ databaseUrl: first.databaseUrl });
    ds = first.dataSource;
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const api = (b: Brand) => workspaceApi(first, b);
  const closerOf = (t: TestApp) => t.app.get(CrisisQuietCloser);
  const openByHand = async (b: Brand) => {
    const thread = await routeInbound(first, b, 'Bonjour');
    const incident = await api(b).post('/crises', { title: 'Rumeur', conversationIds: [thread.conversationId] });
    expect(incident.status).toBe(201);
    return { id: incident.body.id as string, conversationId: thread.conversationId };
  };

  it('closes an incident no crisis message joined for the quiet period, says so on its timeline and publishes crisis.updated', async () => {
    const b = await seedBrand(first);
    expect((await api(b).patch('/routing/settings', { crisisQuietMinutes: 30 })).body.crisisQuietMinutes).toBe(30);
    const threads: string[] = [];
    for (let i = 0; i < 5; i++) threads.push((await routeInbound(first, b, `Mon enfant a été intoxiqué après votre latte (${i})`, { at: minutesAgo(5 - i) })).conversationId);
    const [incident] = await ds.query(`SELECT id FROM crisis_incident WHERE workspace_id = $1 AND status = 'open'`, [b.workspaceId]);
    expect(incident).toBeDefined();

    expect(await closerOf(first).closeQuietIncidents(later(29))).not.toContain(incident.id);
    expect((await api(b).get(`/crises/${incident.id}`)).body.status).toBe('open');

    const emitted: CrisisChanged[] = [];
    const bus = first.app.get(EventEmitter2);
    const listener = (e: CrisisChanged) => emitted.push(e);
    bus.on(DOMAIN_EVENTS.crisisUpdated, listener);
    try {
      expect(await closerOf(first).closeQuietIncidents(later(31))).toContain(incident.id);
    } finally {
      bus.off(DOMAIN_EVENTS.crisisUpdated, listener);
    }
    expect(emitted).toEqual([expect.objectContaining({ workspaceId: b.workspaceId, incidentId: incident.id, incident: expect.objectContaining({ status: 'closed' }) })]);

    const detail = (await api(b).get(`/crises/${incident.id}`)).body;
    expect(detail).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'incident.closed',
      actorUserId: null,
      data: { auto: true, reason: 'no crisis signal for 30 min', quietMinutes: 30, released: 5 },
    });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM conversation WHERE id = ANY($1::uuid[]) AND crisis_id IS NOT NULL`, [threads]);
    expect(n).toBe(0);
    const released = await ds.query(`SELECT actor_type FROM conversation_event WHERE conversation_id = ANY($1::uuid[]) AND type = 'crisis.released'`, [threads]);
    expect(released).toHaveLength(5);
    expect(released.every((e: { actor_type: string }) => e.actor_type === 'system')).toBe(true);
  });

  it('counts the quiet period from the last crisis-signal message that joined', async () => {
    const b = await seedBrand(first);
    const { id } = await openByHand(b);
    // Quiet for 100 minutes already (of the default 120)…
    await ds.query(`UPDATE crisis_incident SET opened_at = now() - interval '100 minutes', last_signal_at = now() - interval '100 minutes' WHERE id = $1`, [id]);
    // …until a crisis message joins it now.
    const joined = await routeInbound(first, b, 'Il y avait un morceau de vitre dans mon muffin, mon fils saigne');
    expect((await ds.query(`SELECT crisis_id FROM conversation WHERE id = $1`, [joined.conversationId]))[0].crisis_id).toBe(id);

    expect(await closerOf(first).closeQuietIncidents(later(119))).not.toContain(id);
    expect(await closerOf(first).closeQuietIncidents(later(121))).toContain(id);
  });

  it('never closes by itself when the period is 0, and leads still close by hand', async () => {
    const b = await seedBrand(first);
    await api(b).patch('/routing/settings', { crisisQuietMinutes: 0 });
    expect((await api(b).patch('/routing/settings', { crisisQuietMinutes: -1 })).status).toBe(400);
    const { id } = await openByHand(b);
    expect(await closerOf(first).closeQuietIncidents(later(60 * 24 * 30))).not.toContain(id);
    const closed = await api(b).post(`/crises/${id}/close`);
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(closed.body.timeline.at(-1)).toMatchObject({ type: 'incident.closed', actorUserId: b.lead.id, data: { released: 1 } });
  });

  it('closes an incident once when several processes sweep at the same time', async () => {
    const b = await seedBrand(first);
    const { id } = await openByHand(b);
    const at = later(180);
    const results = await Promise.all([closerOf(first).closeQuietIncidents(at), closerOf(second).closeQuietIncidents(at), closerOf(first).closeQuietIncidents(at)]);
    expect(results.flat().filter((x) => x === id)).toHaveLength(1);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM crisis_incident_event WHERE incident_id = $1 AND type = 'incident.closed'`, [id]);
    expect(n).toBe(1);
  });

  it('is scheduled on the job queue, once for every process', async () => {
    const boss = await first.app.get(JobQueue).start();
    const deadline = Date.now() + 10_000;
    let schedules = await boss.getSchedules();
    while (!schedules.some((s) => s.name === CRISIS_QUIET_QUEUE) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      schedules = await boss.getSchedules();
    }
    expect(schedules.filter((s) => s.name === CRISIS_QUIET_QUEUE)).toEqual([expect.objectContaining({ cron: '* * * * *' })]);
    expect(await boss.getQueue(CRISIS_QUIET_QUEUE)).toMatchObject({ policy: 'singleton' });
  });
});

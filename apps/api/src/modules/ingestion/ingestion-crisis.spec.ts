import { signMetaBody } from '@babillard/connectors';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { seedBrand } from '../../testing/routing-fixtures';
import { createTestApp, TEST_ENV, type TestApp } from '../../testing/test-app';
import { DOMAIN_EVENTS } from '../conversations/conversation.events';
import { IntakeProcessor } from './intake/intake.processor';

/** A burst of crisis comments through the real webhook: routing opens an incident, ingestion publishes it. */
describe('ingestion publishes what routing decides about crises', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
  });
  afterAll(() => t.close());

  it('emits crisis.opened with the incident and crisis notifications after commit', async () => {
    const b = await seedBrand(t);
    const emitted: { name: string; payload: Record<string, unknown> }[] = [];
    const events = t.app.get(EventEmitter2);
    for (const name of [DOMAIN_EVENTS.crisisOpened, DOMAIN_EVENTS.crisisUpdated, DOMAIN_EVENTS.notification]) {
      events.on(name, (payload: Record<string, unknown>) => emitted.push({ name, payload }));
    }
    const now = Math.floor(Date.now() / 1000);
    const changes = Array.from({ length: 8 }, (_, i) => ({
      field: 'feed',
      value: {
        from: { id: `9000${i}`, name: `Client ${i}` },
        item: 'comment',
        verb: 'add',
        post_id: `${b.channel.externalId}_555`,
        parent_id: `${b.channel.externalId}_555`,
        comment_id: `555_${i}`,
        created_time: now - 8 + i,
        message: `Mon enfant a été intoxiqué après votre latte, c'est un scandale (${i})`,
      },
    }));
    const raw = JSON.stringify({ object: 'page', entry: [{ id: b.channel.externalId, time: now, changes }] });
    await request(t.http)
      .post('/webhooks/meta')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', signMetaBody(TEST_ENV.META_APP_SECRET, raw))
      .send(raw)
      .expect(200);
    await t.app.get(IntakeProcessor).drain();

    const opened = emitted.filter((e) => e.name === DOMAIN_EVENTS.crisisOpened);
    expect(opened).toHaveLength(1);
    expect(opened[0].payload).toMatchObject({ workspaceId: b.workspaceId, incident: { status: 'open' } });
    const rows = await t.dataSource.query(`SELECT crisis_id, team_id, priority FROM conversation WHERE workspace_id = $1 AND crisis_id IS NOT NULL`, [b.workspaceId]);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r: { crisis_id: string }) => r.crisis_id === opened[0].payload.incidentId)).toBe(true);
    expect(emitted.some((e) => e.name === DOMAIN_EVENTS.notification && (e.payload.userIds as string[]).includes(b.lead.id))).toBe(true);
  });
});

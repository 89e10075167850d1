import type { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ConversationEntity } from '../../conversations/conversation.entity';
import { InboundRouter } from '../inbound-router';
import { routeInbound, seedBrand, workspaceApi, type Brand } from '../../../testing/routing-fixtures';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { RoutingConfigCache } from './routing-config.cache';

/**
 * Routing reads its configuration from memory: no read per message in the steady state, and a
 * change made through the API applies to the very next message, in this process and in another.
 */
describe('routing configuration cache', () => {
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

  const cacheOf = (t: TestApp) => t.app.get(RoutingConfigCache);
  const conv = (id: string) => ds.getRepository(ConversationEntity).findOneByOrFail({ id });
  const api = (b: Brand) => workspaceApi(first, b);
  const eventTypes = async (conversationId: string) =>
    (await ds.query(`SELECT type FROM conversation_event WHERE conversation_id = $1 ORDER BY id`, [conversationId])).map((e: { type: string }) => e.type);

  /** The SQL routing sends through ingestion's transaction while routing one message. */
  async function statementsOf(t: TestApp, b: Brand, text: string, o: { vip?: boolean; conversationId?: string } = {}) {
    const router = t.app.get(InboundRouter);
    // At the query runner, where prepared statements pass too (as their text); only while routing.
    const querySpy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    const sql: string[] = [];
    const route = router.routeInbound.bind(router);
    const routerSpy = jest.spyOn(router, 'routeInbound').mockImplementation(async (tx, input) => {
      const from = querySpy.mock.calls.length;
      try {
        return await route(tx, input);
      } finally {
        querySpy.mock.calls.forEach(([q], i) => {
          if (i >= from && querySpy.mock.contexts[i] === tx.queryRunner) sql.push(String(q).replace(/\s+/g, ' ').trim());
        });
      }
    });
    try {
      const routed = await routeInbound(t, b, text, o);
      return { ...routed, sql };
    } finally {
      querySpy.mockRestore();
      routerSpy.mockRestore();
    }
  }

  it('reads no configuration per message once warm, and writes only the classification when nothing changes', async () => {
    const b = await seedBrand(first);
    await api(b).post('/routing/rules', { name: 'SAV', conditions: { intents: ['after_sales'] }, actions: { teamId: b.teams.afterSales, labels: ['sav'] } });
    const warm = await routeInbound(first, b, 'Ma commande #48213 est pas arrivée');
    const loads = cacheOf(first).stats.loads;

    const next = await statementsOf(first, b, 'Bonjour, vous ouvrez à quelle heure?');
    expect(cacheOf(first).stats.loads).toBe(loads);
    const configTables = /routing_rule|routing_settings|routing_lexicon|FROM workspace|FROM team|FROM contact\b/;
    expect(next.sql.filter((s) => configTables.test(s))).toEqual([]);
    // A new thread: its classification and the channel's default team, in one statement.
    expect(next.sql).toEqual([expect.stringMatching(/^WITH input AS .* thread AS \( UPDATE conversation .* INSERT INTO conversation_event/)]);
    expect(await conv(next.conversationId)).toMatchObject({ teamId: b.teams.community });
    expect(await eventTypes(next.conversationId)).toEqual(['routing.classified']);

    // A follow-up whose rule changes nothing more: one statement, the classification event only.
    const followUp = await statementsOf(first, b, 'Toujours pas de nouvelles de ma commande #48213', { conversationId: warm.conversationId });
    expect(followUp.sql).toHaveLength(1);
    expect(await eventTypes(warm.conversationId)).toEqual(['routing.classified', 'rule.fired', 'routing.classified']);
    expect(await conv(warm.conversationId)).toMatchObject({ teamId: b.teams.afterSales, labels: ['sav'] });
  });

  it('reads the VIP flag only when a rule asks, in the statement that records the classification', async () => {
    const b = await seedBrand(first);
    const plain = await statementsOf(first, b, 'Bonjour!', { vip: true });
    expect(plain.sql.some((s) => /FROM contact\b/.test(s))).toBe(false);

    await api(b).post('/routing/rules', { name: 'VIP', conditions: { vip: true }, actions: { priority: 'urgent', labels: ['vip'] } });
    await routeInbound(first, b, 'Bonjour!');
    const vip = await statementsOf(first, b, 'Bonjour!', { vip: true });
    expect(vip.sql).toEqual([
      expect.stringMatching(/^WITH classified AS \( INSERT INTO conversation_event .* SELECT vip FROM contact/),
      expect.stringMatching(/^WITH input AS .* thread AS \( UPDATE conversation/),
    ]);
    expect(await conv(vip.conversationId)).toMatchObject({ priority: 'urgent', labels: ['vip'] });
    expect(await eventTypes(vip.conversationId)).toEqual(['routing.classified', 'rule.fired']);
  });

  it('applies a rule changed through the API to the very next message in this process', async () => {
    const b = await seedBrand(first);
    const rule = await api(b).post('/routing/rules', { name: 'Remboursements', conditions: { text: { any: ['remboursement'] } }, actions: { teamId: b.teams.afterSales } });
    const before = await routeInbound(first, b, 'Je veux un remboursement');
    expect((await conv(before.conversationId)).teamId).toBe(b.teams.afterSales);

    await api(b).patch(`/routing/rules/${rule.body.id}`, { actions: { teamId: b.teams.crisis, labels: ['changé'] } });
    const after = await routeInbound(first, b, 'Je veux un remboursement');
    expect(await conv(after.conversationId)).toMatchObject({ teamId: b.teams.crisis, labels: ['changé'] });

    await api(b).patch(`/routing/rules/${rule.body.id}`, { enabled: false });
    const disabled = await routeInbound(first, b, 'Je veux un remboursement');
    expect(await conv(disabled.conversationId)).toMatchObject({ teamId: b.teams.community, labels: [] });

    await api(b).patch('/routing/settings', { crisisTeamId: b.teams.community });
    expect(cacheOf(first).peek(b.workspaceId)).toBeUndefined();
    const lexicon = await api(b).put('/routing/lexicon', { intents: { after_sales: { fr: ['boréalomètre'] } } });
    expect(lexicon.status).toBe(200);
    await api(b).post('/routing/rules', { name: 'SAV', conditions: { intents: ['after_sales'] }, actions: { labels: ['sav'] } });
    const extended = await routeInbound(first, b, 'Mon boréalomètre affiche E4');
    expect((await conv(extended.conversationId)).labels).toEqual(['sav']);
  });

  it('applies a rule changed through one instance to the next message routed by another', async () => {
    const b = await seedBrand(first);
    const rule = await api(b).post('/routing/rules', { name: 'Facturation', conditions: { text: { any: ['facture'] } }, actions: { labels: ['avant'] } });
    const warm = await routeInbound(second, b, 'Ma facture est erronée');
    expect((await conv(warm.conversationId)).labels).toEqual(['avant']);
    expect(cacheOf(second).peek(b.workspaceId)?.rules.map((r) => r.name)).toEqual(['Facturation']);

    const changedAt = Date.now();
    expect((await api(b).patch(`/routing/rules/${rule.body.id}`, { actions: { labels: ['après'] } })).status).toBe(200);
    // The trigger's NOTIFY reaches the other instance at commit; its copy is dropped long before the 5 s version check.
    await until(() => cacheOf(second).peek(b.workspaceId) === undefined, 3_000);
    expect(Date.now() - changedAt).toBeLessThan(3_000);
    const next = await routeInbound(second, b, 'Ma facture est erronée');
    expect((await conv(next.conversationId)).labels).toEqual(['après']);
  });

  it('hears of workspace settings changed by another module, and recovers a missed notification by version', async () => {
    const b = await seedBrand(first);
    await routeInbound(second, b, 'Bonjour');
    expect(cacheOf(second).peek(b.workspaceId)?.workspaceSettings.highReachFollowers).toBe(10_000);
    await ds.query(`UPDATE workspace SET settings = settings || '{"highReachFollowers": 500}'::jsonb WHERE id = $1`, [b.workspaceId]);
    await until(() => cacheOf(second).peek(b.workspaceId) === undefined, 3_000);
    await routeInbound(second, b, 'Bonjour');
    expect(cacheOf(second).peek(b.workspaceId)?.workspaceSettings.highReachFollowers).toBe(500);

    // A change whose notification never came (the version row moves without NOTIFY): the periodic check catches it.
    await ds.query(`UPDATE routing_config_version SET version = version + 1 WHERE workspace_id = $1`, [b.workspaceId]);
    expect(cacheOf(second).peek(b.workspaceId)).toBeDefined();
    await cacheOf(second).checkVersions();
    expect(cacheOf(second).peek(b.workspaceId)).toBeUndefined();
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

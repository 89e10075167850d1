import type { DataSource } from 'typeorm';
import { minutesAgo, routeInbound, seedBrand } from '../../../testing/routing-fixtures';
import { createTestApp, type TestApp } from '../../../testing/test-app';

/** Spike detection keeps its state in PostgreSQL: two API processes on one database see one burst. */
describe('crisis detection across API processes', () => {
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

  it('opens one incident for one burst routed concurrently by both', async () => {
    const b = await seedBrand(first);
    const apps = [first, second];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => routeInbound(apps[i % 2], b, `Recall now: glass found in the muffin, my son is hurt (${i})`, { at: minutesAgo(5) })),
    );
    expect(results.flatMap((r) => r.result.crisisOpened)).toHaveLength(1);
    const incidents = await ds.query(`SELECT id FROM crisis_incident WHERE workspace_id = $1`, [b.workspaceId]);
    expect(incidents).toHaveLength(1);
    const [{ attached }] = await ds.query(`SELECT count(*)::int AS attached FROM conversation WHERE crisis_id = $1`, [incidents[0].id]);
    expect(attached).toBe(10);
  });
});

import request from 'supertest';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports the database up without a token', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.http).get('/api/docs/openapi.json').expect(200);
    expect(res.body.paths).toHaveProperty('/api/v1/auth/login');
    expect(res.body.paths).toHaveProperty('/api/v1/workspaces/{workspaceId}/channels');
  });

  it('reports 503 when the database is gone', async () => {
    const other = await createTestApp();
    await other.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    await other.dataSource.destroy();
    const res = await request(other.http).get('/health');
    expect(res.status).toBe(503);
    expect(res.body.database).toBe('down');
    await other.app.close().catch(() => undefined);
  });
});

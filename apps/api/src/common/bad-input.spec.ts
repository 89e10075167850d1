import request from 'supertest';
import { createTestApp, login, type TestApp } from '../testing/test-app';
import { seedTeam, seedUser, seedWorkspace, TEST_PASSWORD } from '../testing/seed';

/** Every kind of client mistake gets a 4xx with a JSON body naming the problem, and writes nothing. */
describe('bad input', () => {
  let t: TestApp;
  let ws: string;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT: '64kb' } });
    ws = (await seedWorkspace(t.dataSource)).id;
    const admin = await seedUser(t.dataSource, { workspaceId: ws, role: 'admin' });
    auth = { Authorization: `Bearer ${await login(t.http, admin.email, TEST_PASSWORD)}` };
  });
  afterAll(() => t.close());

  const countTeams = async () => Number((await t.dataSource.query(`SELECT count(*) FROM team`))[0].count);

  it('400 names a missing field, a wrong type and an unknown field', async () => {
    const before = await countTeams();
    const missing = await request(t.http).post(`/api/v1/workspaces/${ws}/teams`).set(auth).send({}).expect(400);
    expect(missing.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(missing.body.message).toMatch(/name/);
    const wrongType = await request(t.http).post(`/api/v1/workspaces/${ws}/teams`).set(auth).send({ name: 42 }).expect(400);
    expect(wrongType.body.message).toMatch(/name must be a string/);
    const unknown = await request(t.http).post(`/api/v1/workspaces/${ws}/teams`).set(auth).send({ name: 'A', color: 'red' }).expect(400);
    expect(unknown.body.message).toMatch(/color should not exist/);
    const badEnum = await request(t.http)
      .post(`/api/v1/workspaces/${ws}/channels`)
      .set(auth)
      .send({ platform: 'myspace', externalId: '1', name: 'M' })
      .expect(400);
    expect(badEnum.body.message).toMatch(/platform must be one of facebook, instagram, whatsapp, x, api/);
    const badEmail = await request(t.http)
      .post(`/api/v1/workspaces/${ws}/users`)
      .set(auth)
      .send({ email: 'not-an-email', name: 'N', password: 'short', role: 'agent' })
      .expect(400);
    expect(badEmail.body.message).toMatch(/email must be an email address/);
    expect(badEmail.body.message).toMatch(/password must be at least 8 characters/);
    expect(await countTeams()).toBe(before);
  });

  it('400 for malformed JSON and for ids that are not UUIDs', async () => {
    const res = await request(t.http)
      .post(`/api/v1/workspaces/${ws}/teams`)
      .set({ ...auth, 'Content-Type': 'application/json' })
      .send('{"name": "Comm')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(/JSON/);
    const badParam = await request(t.http).get(`/api/v1/workspaces/${ws}/teams/123`).set(auth).expect(400);
    expect(badParam.body.message).toMatch(/uuid/i);
    const badWorkspace = await request(t.http).get(`/api/v1/workspaces/not-a-uuid/teams`).set(auth).expect(400);
    expect(badWorkspace.body.message).toBe('workspaceId must be a UUID');
  });

  it('413 for a body over the limit', async () => {
    const res = await request(t.http)
      .post(`/api/v1/workspaces/${ws}/teams`)
      .set(auth)
      .send({ name: 'x'.repeat(100_000) })
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'request body is too large' });
  });

  it('404 for unknown ids, 409 for duplicates', async () => {
    const missing = await request(t.http).get(`/api/v1/workspaces/${ws}/teams/00000000-0000-4000-8000-000000000000`).set(auth).expect(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'team not found' });
    await seedTeam(t.dataSource, ws, 'Communauté');
    const dupTeam = await request(t.http).post(`/api/v1/workspaces/${ws}/teams`).set(auth).send({ name: 'communauté' }).expect(409);
    expect(dupTeam.body.message).toBe('a team with this name already exists');
    const channel = { platform: 'facebook', externalId: '100473908465587', name: 'FB' };
    await request(t.http).post(`/api/v1/workspaces/${ws}/channels`).set(auth).send(channel).expect(201);
    const dupChannel = await request(t.http).post(`/api/v1/workspaces/${ws}/channels`).set(auth).send(channel).expect(409);
    expect(dupChannel.body.message).toMatch(/already connected/);
    const user = { email: 'dup@example.com', name: 'Dup', password: 'password123', role: 'agent' };
    await request(t.http).post(`/api/v1/workspaces/${ws}/users`).set(auth).send(user).expect(201);
    const dupUser = await request(t.http).post(`/api/v1/workspaces/${ws}/users`).set(auth).send(user).expect(409);
    expect(dupUser.body.message).toMatch(/already exists/);
  });

  it('a failing multi-step write leaves nothing half-written', async () => {
    const before = Number((await t.dataSource.query(`SELECT count(*) FROM app_user`))[0].count);
    await request(t.http)
      .post(`/api/v1/workspaces/${ws}/users`)
      .set(auth)
      .send({ email: 'half@example.com', name: 'Half', password: 'password123', role: 'agent', teamIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(404);
    expect(Number((await t.dataSource.query(`SELECT count(*) FROM app_user`))[0].count)).toBe(before);
  });

  it('unknown routes are JSON 404s, not HTML', async () => {
    const res = await request(t.http).get('/api/v1/nothing-here').set(auth).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

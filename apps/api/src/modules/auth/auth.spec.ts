import request from 'supertest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { seedUser, seedWorkspace, TEST_PASSWORD } from '../../testing/seed';

describe('auth', () => {
  let t: TestApp;
  let email: string;
  let workspaceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const w = await seedWorkspace(t.dataSource, 'Café Boréal');
    workspaceId = w.id;
    email = (await seedUser(t.dataSource, { workspaceId, role: 'agent', email: 'Marie@Example.com'.toLowerCase(), name: 'Marie' })).email;
  });
  afterAll(() => t.close());

  it('logs in with email and password and returns tokens and the user with workspaces', async () => {
    const res = await request(t.http).post('/api/v1/auth/login').send({ email: 'MARIE@example.com ', password: TEST_PASSWORD }).expect(200);
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(typeof res.body.refreshToken).toBe('string');
    expect(res.body.user).toMatchObject({ email, name: 'Marie', workspaces: [{ id: workspaceId, name: 'Café Boréal', role: 'agent' }] });
  });

  it('refuses a wrong password or unknown email with the same 401', async () => {
    const wrong = await request(t.http).post('/api/v1/auth/login').send({ email, password: 'nope-nope-nope' }).expect(401);
    const unknown = await request(t.http).post('/api/v1/auth/login').send({ email: 'ghost@example.com', password: 'whatever1' }).expect(401);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'email or password is incorrect' });
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('guards /api/v1 routes: no token, a forged token or a refresh token as bearer are 401', async () => {
    await request(t.http).get('/api/v1/me').expect(401);
    await request(t.http).get('/api/v1/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    const login = await request(t.http).post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${login.body.refreshToken}`).expect(401);
    const me = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ email, locale: 'fr', workspaces: [{ id: workspaceId, role: 'agent' }] });
  });

  it('rotates refresh tokens and treats reuse as theft (every session of the user is revoked)', async () => {
    const login = await request(t.http).post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
    const first = login.body.refreshToken;
    const refreshed = await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(200);
    expect(refreshed.body.refreshToken).not.toBe(first);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);

    const reuse = await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(401);
    expect(reuse.body.message).toMatch(/already used/);
    await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(401);
  });

  it('logout revokes the refresh token', async () => {
    const login = await request(t.http).post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
    await request(t.http).post('/api/v1/auth/logout').send({ refreshToken: login.body.refreshToken }).expect(204);
    await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(401);
  });

  it('lets users change their own locale and availability', async () => {
    const token = (await request(t.http).post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD })).body.accessToken;
    const res = await request(t.http).patch('/api/v1/me').set('Authorization', `Bearer ${token}`).send({ locale: 'en', availability: 'away' }).expect(200);
    expect(res.body).toMatchObject({ locale: 'en', availability: 'away' });
    const bad = await request(t.http).patch('/api/v1/me').set('Authorization', `Bearer ${token}`).send({ locale: 'de' }).expect(400);
    expect(bad.body.message).toMatch(/locale/);
  });

  it('throttles guessing: past the limit the same email and address get 429', async () => {
    const throttled = await createTestApp({ env: { LOGIN_THROTTLE_LIMIT: '5' } });
    const victim = (await seedUser(throttled.dataSource)).email;
    const other = (await seedUser(throttled.dataSource)).email;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await request(throttled.http).post('/api/v1/auth/login').send({ email: victim, password: `guess-${i}-xx` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const blocked = await request(throttled.http).post('/api/v1/auth/login').send({ email: victim, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429 });
    // Another account from the same address is not locked out by the guessing.
    await request(throttled.http).post('/api/v1/auth/login').send({ email: other, password: TEST_PASSWORD }).expect(200);
    await throttled.close();
  });
});

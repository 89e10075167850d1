import request from 'supertest';
import { createTestApp, login, type TestApp } from '../../testing/test-app';
import { seedChannel, seedTeam, seedUser, seedWorkspace, TEST_PASSWORD } from '../../testing/seed';

/** Roles are enforced server-side, and nobody reaches another workspace's data whatever id they send. */
describe('roles and workspace isolation', () => {
  let t: TestApp;
  let brandA: string;
  let brandB: string;
  let teamB: string;
  let channelB: string;
  const tokens: Record<'adminA' | 'leadA' | 'agentA' | 'adminB' | 'instance', string> = {} as never;
  const bearer = (k: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[k]}` });

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    brandA = (await seedWorkspace(ds, 'Brand A')).id;
    brandB = (await seedWorkspace(ds, 'Brand B')).id;
    teamB = (await seedTeam(ds, brandB, 'Équipe B')).id;
    channelB = (await seedChannel(ds, { workspaceId: brandB, platform: 'facebook', externalId: '999', accessToken: 'secret-token' })).id;
    for (const [key, ws, role] of [
      ['adminA', brandA, 'admin'],
      ['leadA', brandA, 'lead'],
      ['agentA', brandA, 'agent'],
      ['adminB', brandB, 'admin'],
    ] as const) {
      const u = await seedUser(ds, { workspaceId: ws, role, email: `${key.toLowerCase()}@example.com` });
      tokens[key] = await login(t.http, u.email, TEST_PASSWORD);
    }
    const instance = await seedUser(ds, { instanceAdmin: true, email: 'ops@example.com' });
    tokens.instance = await login(t.http, instance.email, TEST_PASSWORD);
  });
  afterAll(() => t.close());

  it('agents read their workspace but cannot manage teams, users or channels', async () => {
    await request(t.http).get(`/api/v1/workspaces/${brandA}/teams`).set(bearer('agentA')).expect(200);
    await request(t.http).get(`/api/v1/workspaces/${brandA}/users`).set(bearer('agentA')).expect(200);
    const team = await request(t.http).post(`/api/v1/workspaces/${brandA}/teams`).set(bearer('agentA')).send({ name: 'X' }).expect(403);
    expect(team.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'this action needs the lead role' });
    await request(t.http)
      .post(`/api/v1/workspaces/${brandA}/users`)
      .set(bearer('agentA'))
      .send({ email: 'n@example.com', name: 'N', password: 'password123', role: 'agent' })
      .expect(403);
    await request(t.http)
      .post(`/api/v1/workspaces/${brandA}/channels`)
      .set(bearer('agentA'))
      .send({ platform: 'x', externalId: '1', name: 'X' })
      .expect(403);
  });

  it('leads manage teams but not users or channels; admins manage all three', async () => {
    const team = await request(t.http).post(`/api/v1/workspaces/${brandA}/teams`).set(bearer('leadA')).send({ name: 'Service après-vente' }).expect(201);
    expect(team.body).toMatchObject({ name: 'Service après-vente', workspaceId: brandA, memberIds: [] });
    await request(t.http)
      .post(`/api/v1/workspaces/${brandA}/users`)
      .set(bearer('leadA'))
      .send({ email: 'n@example.com', name: 'N', password: 'password123', role: 'agent' })
      .expect(403);
    const user = await request(t.http)
      .post(`/api/v1/workspaces/${brandA}/users`)
      .set(bearer('adminA'))
      .send({ email: 'Nouvel.Agent@example.com', name: 'Nouvel Agent', password: 'password123', role: 'agent', teamIds: [team.body.id] })
      .expect(201);
    expect(user.body).toMatchObject({ email: 'nouvel.agent@example.com', role: 'agent', teamIds: [team.body.id] });
    const channel = await request(t.http)
      .post(`/api/v1/workspaces/${brandA}/channels`)
      .set(bearer('adminA'))
      .send({ platform: 'api', externalId: 'web-form', name: 'Formulaire web', defaultTeamId: team.body.id })
      .expect(201);
    expect(channel.body.secret).toEqual(expect.any(String));
    expect(channel.body).not.toHaveProperty('accessTokenEncrypted');
    const listed = await request(t.http).get(`/api/v1/workspaces/${brandA}/channels`).set(bearer('agentA')).expect(200);
    expect(listed.body[0]).not.toHaveProperty('secret');
  });

  it('a removal or a demotion applies to the very next request, though memberships are briefly cached', async () => {
    const u = await seedUser(t.dataSource, { workspaceId: brandA, role: 'lead', email: 'leaving@example.com' });
    const token = await login(t.http, u.email, TEST_PASSWORD);
    const as = { Authorization: `Bearer ${token}` };
    await request(t.http).post(`/api/v1/workspaces/${brandA}/teams`).set(as).send({ name: 'Passage' }).expect(201);
    await request(t.http).patch(`/api/v1/workspaces/${brandA}/users/${u.id}`).set(bearer('adminA')).send({ role: 'agent' }).expect(200);
    await request(t.http).post(`/api/v1/workspaces/${brandA}/teams`).set(as).send({ name: 'Passage 2' }).expect(403);
    await request(t.http).get(`/api/v1/workspaces/${brandA}/teams`).set(as).expect(200);
    await request(t.http).delete(`/api/v1/workspaces/${brandA}/users/${u.id}`).set(bearer('adminA')).expect(204);
    await request(t.http).get(`/api/v1/workspaces/${brandA}/teams`).set(as).expect(403);
  });

  it('a member of A gets 403 on every route of B, whatever the ids', async () => {
    for (const path of ['', '/teams', '/users', '/channels', `/teams/${teamB}`, `/channels/${channelB}`]) {
      const res = await request(t.http).get(`/api/v1/workspaces/${brandB}${path}`).set(bearer('adminA'));
      expect(res.status).toBe(403);
    }
    await request(t.http).patch(`/api/v1/workspaces/${brandB}/teams/${teamB}`).set(bearer('adminA')).send({ name: 'pwned' }).expect(403);
    await request(t.http).delete(`/api/v1/workspaces/${brandB}/channels/${channelB}`).set(bearer('adminA')).expect(403);
  });

  it("B's ids sent under A's workspace find nothing and change nothing", async () => {
    await request(t.http).get(`/api/v1/workspaces/${brandA}/teams/${teamB}`).set(bearer('adminA')).expect(404);
    await request(t.http).patch(`/api/v1/workspaces/${brandA}/teams/${teamB}`).set(bearer('adminA')).send({ name: 'pwned' }).expect(404);
    await request(t.http).delete(`/api/v1/workspaces/${brandA}/channels/${channelB}`).set(bearer('adminA')).expect(404);
    await request(t.http).patch(`/api/v1/workspaces/${brandA}/channels/${channelB}`).set(bearer('adminA')).send({ name: 'pwned' }).expect(404);
    const adminB = await request(t.http).get(`/api/v1/workspaces/${brandB}/users`).set(bearer('adminB')).expect(200);
    const someoneFromB = adminB.body[0].id;
    await request(t.http).patch(`/api/v1/workspaces/${brandA}/users/${someoneFromB}`).set(bearer('adminA')).send({ role: 'agent' }).expect(404);
    // A team of B cannot be attached to a user of A.
    const res = await request(t.http)
      .post(`/api/v1/workspaces/${brandA}/users`)
      .set(bearer('adminA'))
      .send({ email: 'sneaky@example.com', name: 'S', password: 'password123', role: 'agent', teamIds: [teamB] })
      .expect(404);
    expect(res.body.message).toMatch(/teamIds/);
    const team = await request(t.http).get(`/api/v1/workspaces/${brandB}/teams/${teamB}`).set(bearer('adminB')).expect(200);
    expect(team.body.name).toBe('Équipe B');
    await request(t.http).get(`/api/v1/workspaces/${brandB}/channels/${channelB}`).set(bearer('adminB')).expect(200);
  });

  it('lists only the workspaces a user belongs to; instance admins see and manage all', async () => {
    const mine = await request(t.http).get('/api/v1/workspaces').set(bearer('agentA')).expect(200);
    expect(mine.body.map((w: { id: string }) => w.id)).toEqual([brandA]);
    const all = await request(t.http).get('/api/v1/workspaces').set(bearer('instance')).expect(200);
    expect(all.body.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining([brandA, brandB]));
    await request(t.http).get(`/api/v1/workspaces/${brandB}/teams`).set(bearer('instance')).expect(200);
  });

  it('only admins create workspaces, and the creator administers the new one', async () => {
    await request(t.http).post('/api/v1/workspaces').set(bearer('leadA')).send({ name: 'Nope' }).expect(403);
    const created = await request(t.http).post('/api/v1/workspaces').set(bearer('adminA')).send({ name: 'Maple & Co.' }).expect(201);
    expect(created.body).toMatchObject({ name: 'Maple & Co.', settings: { statusAfterReply: 'pending' } });
    const me = await request(t.http).get('/api/v1/me').set(bearer('adminA')).expect(200);
    expect(me.body.workspaces).toEqual(expect.arrayContaining([{ id: created.body.id, name: 'Maple & Co.', role: 'admin' }]));
    await request(t.http).get(`/api/v1/workspaces/${created.body.id}`).set(bearer('adminB')).expect(403);
  });

  it('admins change workspace settings; others cannot', async () => {
    await request(t.http).patch(`/api/v1/workspaces/${brandA}`).set(bearer('leadA')).send({ settings: { softLock: true } }).expect(403);
    const res = await request(t.http)
      .patch(`/api/v1/workspaces/${brandA}`)
      .set(bearer('adminA'))
      .send({ settings: { softLock: true, timezone: 'America/Montreal' } })
      .expect(200);
    expect(res.body.settings).toMatchObject({ softLock: true, timezone: 'America/Montreal', statusAfterReply: 'pending' });
  });
});

import type { CannedResponse } from '@babillard/contracts';
import request from 'supertest';
import { DEMO_PASSWORD, seedDemoWorkspaces } from '../demo/demo-seed';
import { seedUser, seedWorkspace, TEST_PASSWORD } from '../../testing/seed';
import { createTestApp, login, type TestApp } from '../../testing/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function brand() {
  const ws = await seedWorkspace(t.dataSource);
  const token = async (role: 'agent' | 'lead' | 'admin') => login(t.http, (await seedUser(t.dataSource, { workspaceId: ws.id, role })).email, TEST_PASSWORD);
  return { workspaceId: ws.id, agent: await token('agent'), lead: await token('lead'), admin: await token('admin') };
}

const api = (workspaceId: string, token: string) => {
  const path = (p = '') => `/api/v1/workspaces/${workspaceId}/canned-responses${p}`;
  return {
    list: () => request(t.http).get(path()).set('Authorization', `Bearer ${token}`),
    create: (body: unknown) => request(t.http).post(path()).set('Authorization', `Bearer ${token}`).send(body as object),
    update: (id: string, body: unknown) => request(t.http).patch(path(`/${id}`)).set('Authorization', `Bearer ${token}`).send(body as object),
    remove: (id: string) => request(t.http).delete(path(`/${id}`)).set('Authorization', `Bearer ${token}`),
  };
};

describe('canned responses', () => {
  it('lets leads and admins create, edit and delete them; agents read them', async () => {
    const b = await brand();
    const lead = api(b.workspaceId, b.lead);
    const agent = api(b.workspaceId, b.agent);

    const merci = await lead.create({ shortcut: '/Merci ', text: '  Merci pour votre message!  ', locale: 'fr' });
    expect(merci.status).toBe(201);
    expect(merci.body).toMatchObject({ shortcut: 'merci', text: 'Merci pour votre message!', locale: 'fr', workspaceId: b.workspaceId });
    const thanks = await api(b.workspaceId, b.admin).create({ shortcut: 'thanks', text: 'Thanks for your message!', locale: 'en' });
    expect(thanks.status).toBe(201);
    const any = await lead.create({ shortcut: 'emoji', text: '🙏' });
    expect(any.body.locale).toBeNull();

    const listed = await agent.list();
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: CannedResponse) => c.shortcut)).toEqual(['emoji', 'merci', 'thanks']);

    const edited = await lead.update(merci.body.id, { text: 'Merci beaucoup!', locale: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: merci.body.id, shortcut: 'merci', text: 'Merci beaucoup!', locale: null });
    expect(Date.parse(edited.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(merci.body.updatedAt));
    const renamed = await lead.update(merci.body.id, { shortcut: 'merci-beaucoup' });
    expect(renamed.body).toMatchObject({ shortcut: 'merci-beaucoup', text: 'Merci beaucoup!' });

    expect((await lead.remove(any.body.id)).status).toBe(204);
    expect((await lead.remove(any.body.id)).status).toBe(404);
    expect((await agent.list()).body.map((c: CannedResponse) => c.shortcut)).toEqual(['merci-beaucoup', 'thanks']);
  });

  it('refuses agents writing, with a 403 that names the role', async () => {
    const b = await brand();
    const agent = api(b.workspaceId, b.agent);
    const denied = await agent.create({ shortcut: 'x', text: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'this action needs the lead role' });
    const existing = await api(b.workspaceId, b.lead).create({ shortcut: 'hello', text: 'Hello!' });
    expect((await agent.update(existing.body.id, { text: 'Yo' })).status).toBe(403);
    expect((await agent.remove(existing.body.id)).status).toBe(403);
  });

  it('answers bad input with a 400 naming each bad field', async () => {
    const b = await brand();
    const lead = api(b.workspaceId, b.lead);
    const bad = await lead.create({ shortcut: 'deux mots', text: '   ', locale: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body.statusCode).toBe(400);
    expect(bad.body.error).toBe('Bad Request');
    expect(bad.body.message).toMatch(/shortcut must be 1 to 32 letters, digits/);
    expect(bad.body.message).toMatch(/text must not be empty/);
    expect(bad.body.message).toMatch(/locale must be one of fr, en or null/);
    expect(bad.body.details).toHaveLength(3);

    const long = await lead.create({ shortcut: 'a'.repeat(33), text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.message).toMatch(/shortcut must be 1 to 32/);
    expect(long.body.message).toMatch(/text must be at most 2000 characters/);

    const unknown = await lead.create({ shortcut: 'ok', text: 'ok', title: 'no such field' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/title/);

    const missing = await lead.create({});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/shortcut/);
    expect(missing.body.message).toMatch(/text/);

    expect((await lead.update('not-a-uuid', { text: 'x' })).status).toBe(400);
    const emptyEdit = await lead.create({ shortcut: 'ok', text: 'ok' });
    const blank = await lead.update(emptyEdit.body.id, { text: '' });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toMatch(/text must not be empty/);
  });

  it('keeps shortcuts unique per workspace, case-insensitively, with a 409', async () => {
    const b = await brand();
    const lead = api(b.workspaceId, b.lead);
    await lead.create({ shortcut: 'suivi', text: 'Un petit suivi : tout est réglé?' });
    const dup = await lead.create({ shortcut: 'SUIVI', text: 'Autre' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toBe('the shortcut /suivi is already used in this workspace');
    const other = await lead.create({ shortcut: 'autre', text: 'Autre' });
    expect((await lead.update(other.body.id, { shortcut: 'suivi' })).status).toBe(409);
    // Another workspace may use the same shortcut.
    const c = await brand();
    expect((await api(c.workspaceId, c.lead).create({ shortcut: 'suivi', text: 'Follow-up' })).status).toBe(201);
  });

  it('never shows or touches another workspace’s responses', async () => {
    const b = await brand();
    const c = await brand();
    const mine = await api(b.workspaceId, b.lead).create({ shortcut: 'secret', text: 'Interne' });
    expect((await api(c.workspaceId, c.lead).list()).body).toEqual([]);
    expect((await api(c.workspaceId, c.lead).update(mine.body.id, { text: 'piraté' })).status).toBe(404);
    expect((await api(c.workspaceId, c.lead).remove(mine.body.id)).status).toBe(404);
    // Nor reach a workspace one is not a member of.
    expect((await api(b.workspaceId, c.lead).list()).status).toBe(403);
    expect((await api(b.workspaceId, b.agent).list()).body.map((r: CannedResponse) => r.text)).toEqual(['Interne']);
  });

  it('comes with a few demo responses in French and English', async () => {
    await seedDemoWorkspaces(t.dataSource, { existingAdminId: null });
    const token = await login(t.http, 'marie@babillard.local', DEMO_PASSWORD);
    const me = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    const cafe = me.body.workspaces.find((w: { name: string }) => w.name === 'Café Boréal').id;
    const list: CannedResponse[] = (await api(cafe, token).list()).body;
    expect(list.filter((c) => c.locale === 'fr').map((c) => c.shortcut)).toEqual(expect.arrayContaining(['bonjour', 'merci']));
    expect(list.filter((c) => c.locale === 'en').map((c) => c.shortcut)).toEqual(expect.arrayContaining(['hello', 'thanks']));
  });
});

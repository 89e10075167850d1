import type { DataSource } from 'typeorm';
import { loadConfig } from '../../config/app-config';
import { openDatabase } from '../../database/database-bootstrap';
import { TEST_ENV } from '../../testing/test-app';
import { createTestDatabase } from '../../testing/test-database';
import { verifyPassword } from '../users/password-hasher';
import { UserEntity } from '../users/user.entity';
import { DEMO_PASSWORD } from './demo-seed';
import { firstStart } from './first-start';

async function freshDatabase() {
  const db = await createTestDatabase();
  const ds = await openDatabase(db.url, { migrate: false, poolSize: 3 });
  return { ds, close: async () => (await ds.destroy(), await db.drop()) };
}

const count = async (ds: DataSource, table: string) => Number((await ds.query(`SELECT count(*) FROM ${table}`))[0].count);

describe('first start', () => {
  it('creates the demo agency (two brands, three teams, agents, channels, conversations) once', async () => {
    const { ds, close } = await freshDatabase();
    try {
      const result = await firstStart(ds, loadConfig({ ...TEST_ENV, BABILLARD_DEMO: 'true' }));
      expect(result.logins).toEqual([{ email: 'admin@babillard.local', password: DEMO_PASSWORD, role: 'admin' }]);
      const workspaces = await ds.query(`SELECT name FROM workspace ORDER BY created_at`);
      expect(workspaces.map((w: { name: string }) => w.name)).toEqual(['Café Boréal', 'Maple & Co.']);
      const teams = await ds.query(`SELECT t.name FROM team t JOIN workspace w ON w.id = t.workspace_id WHERE w.name = 'Café Boréal' ORDER BY t.name`);
      expect(teams.map((t: { name: string }) => t.name)).toEqual(['Communauté', 'Communications de crise', 'Service après-vente']);
      expect(await count(ds, 'conversation')).toBeGreaterThanOrEqual(5);
      expect(await count(ds, 'channel')).toBe(5);
      const admin = await ds.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.passwordHash').where(`u.email = 'admin@babillard.local'`).getOneOrFail();
      expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);

      const users = await count(ds, 'app_user');
      await firstStart(ds, loadConfig({ ...TEST_ENV, BABILLARD_DEMO: 'true' }));
      expect(await count(ds, 'app_user')).toBe(users);
      expect(await count(ds, 'workspace')).toBe(2);
    } finally {
      await close();
    }
  });

  it('takes the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, and BABILLARD_DEMO=false seeds no workspace', async () => {
    const { ds, close } = await freshDatabase();
    try {
      const result = await firstStart(
        ds,
        loadConfig({ ...TEST_ENV, BABILLARD_DEMO: 'false', ADMIN_EMAIL: 'Ops@Agence.ca', ADMIN_PASSWORD: 'a-strong-password' }),
      );
      expect(result.logins).toEqual([{ email: 'ops@agence.ca', password: '(ADMIN_PASSWORD)', role: 'admin' }]);
      const admin = await ds.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.passwordHash').getOneOrFail();
      expect(admin).toMatchObject({ email: 'ops@agence.ca', instanceAdmin: true });
      expect(await verifyPassword(admin.passwordHash, 'a-strong-password')).toBe(true);
      expect(await count(ds, 'workspace')).toBe(0);
    } finally {
      await close();
    }
  });

  it('with neither demo nor ADMIN_EMAIL, prints a generated admin password that works', async () => {
    const { ds, close } = await freshDatabase();
    try {
      const result = await firstStart(ds, loadConfig({ ...TEST_ENV, BABILLARD_DEMO: 'false' }));
      expect(result.logins).toHaveLength(1);
      const { email, password } = result.logins[0];
      expect(password).not.toBe(DEMO_PASSWORD);
      const admin = await ds.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOneOrFail();
      expect(await verifyPassword(admin.passwordHash, password)).toBe(true);
    } finally {
      await close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { withBootstrapLock } from '../../database/database-bootstrap';
import { hashPassword } from '../users/password-hasher';
import { UserEntity } from '../users/user.entity';
import { seedDemoWorkspaces, DEMO_PASSWORD, DEMO_USERS } from './demo-seed';

export interface FirstStartResult {
  /** Logins worth printing at start (only on the start that created them, or the demo's fixed ones). */
  logins: { email: string; password: string; role: string }[];
  demo: boolean;
}

/**
 * On a database with no user: the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, else the demo admin
 * (or a generated password printed once when the demo is off); then the demo workspaces unless
 * BABILLARD_DEMO=false.
 */
export async function firstStart(ds: DataSource, config: AppConfig): Promise<FirstStartResult> {
  return withBootstrapLock(ds, async () => {
    const users = ds.getRepository(UserEntity);
    if ((await users.count()) > 0) {
      const demoAdmin = await users.findOneBy({ email: DEMO_USERS[0].email });
      return {
        demo: !!demoAdmin && config.BABILLARD_DEMO,
        logins: demoAdmin && config.BABILLARD_DEMO && !config.ADMIN_EMAIL ? [{ email: demoAdmin.email, password: DEMO_PASSWORD, role: 'admin' }] : [],
      };
    }
    const logins: FirstStartResult['logins'] = [];
    let adminId: string | null = null;
    if (config.ADMIN_EMAIL) {
      const password = config.ADMIN_PASSWORD ?? randomBytes(9).toString('base64url');
      const admin = await users.save(
        users.create({
          email: config.ADMIN_EMAIL.toLowerCase(),
          name: 'Admin',
          passwordHash: await hashPassword(password),
          instanceAdmin: true,
        }),
      );
      adminId = admin.id;
      logins.push({ email: admin.email, password: config.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : password, role: 'admin' });
    }
    if (config.BABILLARD_DEMO) {
      await seedDemoWorkspaces(ds, { existingAdminId: adminId });
      if (!adminId) logins.push({ email: DEMO_USERS[0].email, password: DEMO_PASSWORD, role: 'admin' });
    } else if (!adminId) {
      const password = randomBytes(9).toString('base64url');
      const admin = await users.save(
        users.create({ email: DEMO_USERS[0].email, name: 'Admin', passwordHash: await hashPassword(password), instanceAdmin: true }),
      );
      logins.push({ email: admin.email, password, role: 'admin' });
    }
    return { logins, demo: config.BABILLARD_DEMO };
  });
}

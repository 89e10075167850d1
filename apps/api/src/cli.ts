import 'reflect-metadata';
import { ROLES, type Role } from '@babillard/contracts';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { prepare, type Started } from './bootstrap';
import { ConfigError } from './config/app-config';
import { UserEntity } from './modules/users/user.entity';
import { hashPassword } from './modules/users/password-hasher';
import { WorkspaceMemberEntity } from './modules/users/workspace-member.entity';
import { WorkspaceEntity } from './modules/workspaces/workspace.entity';

const HELP = `Babillard operator CLI

  npm run cli -- migrate
      Apply pending database migrations (also done at every start).
  npm run cli -- users:create --email E --name N [--password P] [--workspace ID|NAME --role admin|lead|agent] [--instance-admin]
      Create a user (a password is generated and printed when omitted).
  npm run cli -- users:reset-password --email E [--password P]
      Set a new password (generated and printed when omitted) and sign the user out everywhere.
  npm run cli -- workspaces:list

DATABASE_URL selects the database; unset, the embedded one under .data/ is used (the running app's, if it runs).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(HELP);
    return 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      workspace: { type: 'string' },
      role: { type: 'string' },
      'instance-admin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const started = await prepare({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }, { migrate: true });
  try {
    switch (command) {
      case 'migrate':
        console.log('Migrations are up to date.');
        return 0;
      case 'users:create':
        return await createUser(started, values);
      case 'users:reset-password':
        return await resetPassword(started, values);
      case 'workspaces:list': {
        const rows = await started.dataSource.getRepository(WorkspaceEntity).find({ order: { createdAt: 'ASC' } });
        for (const w of rows) console.log(`${w.id}  ${w.name}`);
        return 0;
      }
      default:
        console.error(`Unknown command: ${command}\n\n${HELP}`);
        return 2;
    }
  } finally {
    await started.dataSource.destroy();
    await started.embedded?.stop();
  }
}

type Options = { email?: string; name?: string; password?: string; workspace?: string; role?: string; 'instance-admin'?: boolean };

async function createUser({ dataSource }: Started, o: Options): Promise<number> {
  if (!o.email || !o.name) return usage('users:create needs --email and --name');
  if (o.password !== undefined && o.password.length < 8) return usage('--password must be at least 8 characters');
  const role = (o.role ?? 'agent') as Role;
  if (!ROLES.includes(role)) return usage(`--role must be one of ${ROLES.join(', ')}`);
  const email = o.email.trim().toLowerCase();
  if (await dataSource.getRepository(UserEntity).existsBy({ email })) return usage(`a user with email ${email} already exists`);
  let workspace: WorkspaceEntity | null = null;
  if (o.workspace) {
    const repo = dataSource.getRepository(WorkspaceEntity);
    workspace = /^[0-9a-f-]{36}$/i.test(o.workspace) ? await repo.findOneBy({ id: o.workspace }) : await repo.findOneBy({ name: o.workspace });
    if (!workspace) return usage(`no workspace ${o.workspace}`);
  }
  const password = o.password ?? randomBytes(9).toString('base64url');
  await dataSource.transaction(async (tx) => {
    const user = await tx.getRepository(UserEntity).save({
      email,
      name: o.name!,
      passwordHash: await hashPassword(password),
      instanceAdmin: !!o['instance-admin'],
    });
    if (workspace) await tx.getRepository(WorkspaceMemberEntity).insert({ workspaceId: workspace.id, userId: user.id, role });
  });
  console.log(`Created ${email}${workspace ? ` (${role} of ${workspace.name})` : ''}${o.password ? '' : ` with password ${password}`}`);
  return 0;
}

async function resetPassword({ dataSource }: Started, o: Options): Promise<number> {
  if (!o.email) return usage('users:reset-password needs --email');
  if (o.password !== undefined && o.password.length < 8) return usage('--password must be at least 8 characters');
  const email = o.email.trim().toLowerCase();
  const user = await dataSource.getRepository(UserEntity).findOneBy({ email });
  if (!user) return usage(`no user with email ${email}`);
  const password = o.password ?? randomBytes(9).toString('base64url');
  await dataSource.transaction(async (tx) => {
    await tx.getRepository(UserEntity).update({ id: user.id }, { passwordHash: await hashPassword(password) });
    await tx.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
  });
  console.log(`Password reset for ${email}${o.password ? '' : `: ${password}`}`);
  return 0;
}

function usage(message: string): number {
  console.error(message);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err instanceof ConfigError || err instanceof TypeError ? err.message : err);
    process.exit(1);
  });

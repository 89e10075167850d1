import type { Platform, Role } from '@babillard/contracts';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TokenCipher } from '../core/token-cipher';
import { ChannelEntity } from '../modules/channels/channel.entity';
import { TeamMemberEntity } from '../modules/teams/team-member.entity';
import { TeamEntity } from '../modules/teams/team.entity';
import { hashPassword } from '../modules/users/password-hasher';
import { UserEntity } from '../modules/users/user.entity';
import { WorkspaceMemberEntity } from '../modules/users/workspace-member.entity';
import { WorkspaceEntity } from '../modules/workspaces/workspace.entity';
import { TEST_ENV } from './test-app';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | null = null;

export async function seedWorkspace(ds: DataSource, name = `Brand ${randomBytes(2).toString('hex')}`) {
  return ds.getRepository(WorkspaceEntity).save({ name, settings: {} });
}

export async function seedUser(
  ds: DataSource,
  opts: { workspaceId?: string; role?: Role; email?: string; name?: string; teamIds?: string[]; instanceAdmin?: boolean } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await ds.getRepository(UserEntity).save({
    email: opts.email ?? `user-${randomBytes(4).toString('hex')}@example.com`,
    name: opts.name ?? 'Test User',
    passwordHash: await passwordHash,
    instanceAdmin: opts.instanceAdmin ?? false,
  });
  if (opts.workspaceId) {
    await ds.getRepository(WorkspaceMemberEntity).insert({ workspaceId: opts.workspaceId, userId: user.id, role: opts.role ?? 'agent' });
  }
  for (const teamId of opts.teamIds ?? []) await ds.getRepository(TeamMemberEntity).insert({ teamId, userId: user.id });
  return user;
}

export async function seedTeam(ds: DataSource, workspaceId: string, name = `Team ${randomBytes(2).toString('hex')}`) {
  return ds.getRepository(TeamEntity).save({ workspaceId, name });
}

export async function seedChannel(
  ds: DataSource,
  opts: { workspaceId: string; platform: Platform; externalId: string; accessToken?: string; secret?: string; defaultTeamId?: string; outboundUrl?: string },
) {
  const cipher = new TokenCipher(TEST_ENV.ENCRYPTION_KEY);
  return ds.getRepository(ChannelEntity).save({
    workspaceId: opts.workspaceId,
    platform: opts.platform,
    externalId: opts.externalId,
    name: `${opts.platform} ${opts.externalId}`,
    accessTokenEncrypted: opts.accessToken ? cipher.encrypt(opts.accessToken) : null,
    secretEncrypted: opts.secret ? cipher.encrypt(opts.secret) : null,
    defaultTeamId: opts.defaultTeamId ?? null,
    status: 'active' as const,
    settings: opts.outboundUrl ? { outboundUrl: opts.outboundUrl } : {},
  });
}

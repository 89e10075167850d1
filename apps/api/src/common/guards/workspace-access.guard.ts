import { roleAtLeast, type Role } from '@babillard/contracts';
import { BadRequestException, type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OnEvent } from '@nestjs/event-emitter';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { MEMBERSHIP_CHANGED, type MembershipChanged } from '../../modules/users/membership.events';
import type { AuthenticatedRequest } from '../auth-user';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { MIN_ROLE } from '../decorators/min-role.decorator';

/** How long a membership read from the database is trusted. */
const MEMBERSHIP_TTL_MS = 2_000;
const MEMBERSHIP_CACHE_MAX = 10_000;

/**
 * Global, after the JWT guard: on any route with :workspaceId, the caller must be a member of that
 * workspace (instance admins act as admins everywhere) and hold at least the route's @MinRole.
 * Services then scope every query by that workspace id, so another workspace's ids find nothing.
 *
 * An agent's console calls the API many times a second: a membership found in the database is
 * trusted for two seconds (a removal or a role change made through another process takes effect
 * within that, through this one at once; the access token itself lives for minutes). Refusals are
 * never kept, so a new member is let in at once.
 */
@Injectable()
export class WorkspaceAccessGuard implements CanActivate {
  private readonly memberships = new Map<string, { role: Role; at: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const minRole = this.reflector.getAllAndOverride<Role>(MIN_ROLE, targets) ?? 'agent';
    const workspaceId = req.params?.workspaceId;
    if (workspaceId === undefined) {
      // Routes outside a workspace that still need a role (creating a workspace) check it themselves.
      return true;
    }
    if (!isUUID(workspaceId)) throw new BadRequestException('workspaceId must be a UUID');
    let role: Role | undefined;
    if (req.user.instanceAdmin) {
      role = 'admin';
    } else {
      role = await this.memberRole(workspaceId, req.user.id);
    }
    if (!role) throw new ForbiddenException('you are not a member of this workspace');
    if (!roleAtLeast(role, minRole)) throw new ForbiddenException(`this action needs the ${minRole} role`);
    req.workspaceAccess = { workspaceId, role };
    return true;
  }

  @OnEvent(MEMBERSHIP_CHANGED)
  forget(e: MembershipChanged): void {
    for (const key of this.memberships.keys()) if (e.userIds.some((u) => key.startsWith(`${u}:`))) this.memberships.delete(key);
  }

  private async memberRole(workspaceId: string, userId: string): Promise<Role | undefined> {
    const key = `${userId}:${workspaceId}`;
    const now = Date.now();
    const known = this.memberships.get(key);
    if (known && now - known.at < MEMBERSHIP_TTL_MS) return known.role;
    const [row]: { role: Role }[] = await this.dataSource.query(`SELECT role FROM workspace_member WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
    ]);
    this.memberships.delete(key);
    if (!row) return undefined;
    if (this.memberships.size >= MEMBERSHIP_CACHE_MAX) this.memberships.delete(this.memberships.keys().next().value!);
    this.memberships.set(key, { role: row.role, at: now });
    return row.role;
  }
}

import { roleAtLeast, type Role } from '@babillard/contracts';
import { BadRequestException, type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { WorkspaceMemberEntity } from '../../modules/users/workspace-member.entity';
import type { AuthenticatedRequest } from '../auth-user';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { MIN_ROLE } from '../decorators/min-role.decorator';

/**
 * Global, after the JWT guard: on any route with :workspaceId, the caller must be a member of that
 * workspace (instance admins act as admins everywhere) and hold at least the route's @MinRole.
 * Services then scope every query by that workspace id, so another workspace's ids find nothing.
 */
@Injectable()
export class WorkspaceAccessGuard implements CanActivate {
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
      const member = await this.dataSource
        .getRepository(WorkspaceMemberEntity)
        .findOne({ where: { workspaceId, userId: req.user.id } });
      role = member?.role;
    }
    if (!role) throw new ForbiddenException('you are not a member of this workspace');
    if (!roleAtLeast(role, minRole)) throw new ForbiddenException(`this action needs the ${minRole} role`);
    req.workspaceAccess = { workspaceId, role };
    return true;
  }
}

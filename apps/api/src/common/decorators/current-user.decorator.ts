import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, AuthUser, WorkspaceAccess } from '../auth-user';

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<AuthenticatedRequest>().user,
);

/** The caller's membership in the route's workspace (checked by WorkspaceAccessGuard). */
export const CurrentAccess = createParamDecorator((_: unknown, ctx: ExecutionContext): WorkspaceAccess => {
  const access = ctx.switchToHttp().getRequest<AuthenticatedRequest>().workspaceAccess;
  if (!access) throw new Error('CurrentAccess used on a route without :workspaceId');
  return access;
});

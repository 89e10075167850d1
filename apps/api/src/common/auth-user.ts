import type { Role } from '@babillard/contracts';

/** What the JWT guard puts on the request. */
export interface AuthUser {
  id: string;
  email: string;
  instanceAdmin: boolean;
}

/** Set by WorkspaceAccessGuard on routes under /workspaces/:workspaceId. */
export interface WorkspaceAccess {
  workspaceId: string;
  role: Role;
}

export interface AuthenticatedRequest {
  user: AuthUser;
  workspaceAccess?: WorkspaceAccess;
  params: Record<string, string>;
}

import type { Role } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AccessClaims } from '../auth/auth.service';
import type { SocketMembership } from './socket-identity';

export class SocketAuthError extends Error {}

export interface AuthenticatedSocketUser {
  userId: string;
  userName: string;
  memberships: SocketMembership[];
  /** Epoch ms when the access token expires: the socket is closed then and reconnects with a fresh one. */
  expiresAt: number | null;
}

/** Checks the handshake's access token and loads the workspaces and teams whose rooms the socket may join. */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async authenticate(token: unknown): Promise<AuthenticatedSocketUser> {
    if (typeof token !== 'string' || !token) throw new SocketAuthError('unauthorized: auth.token is missing');
    let claims: AccessClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & { exp?: number }>(token.replace(/^Bearer\s+/i, ''));
    } catch {
      throw new SocketAuthError('unauthorized: token is invalid or expired');
    }
    if (claims.typ !== 'access') throw new SocketAuthError('unauthorized: not an access token');
    const [user]: { name: string; instance_admin: boolean }[] = await this.db.query(
      `SELECT name, instance_admin FROM app_user WHERE id = $1 AND disabled_at IS NULL`,
      [claims.sub],
    );
    if (!user) throw new SocketAuthError('unauthorized: account is disabled');
    return {
      userId: claims.sub,
      userName: user.name,
      memberships: await this.memberships(claims.sub, user.instance_admin),
      expiresAt: claims.exp ? claims.exp * 1000 : null,
    };
  }

  private async memberships(userId: string, instanceAdmin: boolean): Promise<SocketMembership[]> {
    const rows: { workspace_id: string; role: Role; team_ids: string[] }[] = await this.db.query(
      `SELECT wm.workspace_id, wm.role,
              COALESCE(array_agg(tm.team_id) FILTER (WHERE tm.team_id IS NOT NULL), '{}') AS team_ids
       FROM workspace_member wm
       LEFT JOIN team t ON t.workspace_id = wm.workspace_id
       LEFT JOIN team_member tm ON tm.team_id = t.id AND tm.user_id = wm.user_id
       WHERE wm.user_id = $1
       GROUP BY wm.workspace_id, wm.role
       UNION ALL
       SELECT w.id, 'admin', '{}' FROM workspace w
       WHERE $2 AND NOT EXISTS (SELECT 1 FROM workspace_member m WHERE m.workspace_id = w.id AND m.user_id = $1)`,
      [userId, instanceAdmin],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, role: r.role, teamIds: r.team_ids }));
  }
}

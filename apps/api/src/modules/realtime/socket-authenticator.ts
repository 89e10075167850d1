import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AccessClaims } from '../auth/auth.service';
import type { SocketMembership } from './socket-identity';
import { SocketMemberships } from './socket-memberships';

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
    private readonly memberships: SocketMemberships,
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
      memberships: await this.memberships.forUser(claims.sub, user.instance_admin),
      expiresAt: claims.exp ? claims.exp * 1000 : null,
    };
  }
}

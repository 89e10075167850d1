import type { AuthTokens, LoginResponse } from '@babillard/contracts';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth-user';
import { hashPassword, verifyPassword } from '../users/password-hasher';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { RefreshTokenEntity } from './refresh-token.entity';

/** Claims of an access token. */
export interface AccessClaims {
  sub: string;
  email: string;
  ia: boolean;
  typ: 'access';
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so response time does not reveal which emails exist. */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async validateCredentials(email: string, password: string): Promise<AuthUser | null> {
    const user = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || user.disabledAt) return null;
    return { id: user.id, email: user.email, instanceAdmin: user.instanceAdmin };
  }

  async login(user: AuthUser): Promise<LoginResponse> {
    const tokens = await this.issue(user);
    return { ...tokens, user: await this.users.me(user.id) };
  }

  /** Rotates: the refresh token used is revoked and a new pair issued. A reused token revokes them all. */
  async refresh(refreshToken: string): Promise<LoginResponse> {
    const repo = this.db.getRepository(RefreshTokenEntity);
    const row = await repo.findOneBy({ tokenHash: sha256(refreshToken) });
    if (!row || row.expiresAt.getTime() < Date.now()) throw new UnauthorizedException('refresh token is invalid or expired');
    if (row.revokedAt) {
      await repo.update({ userId: row.userId, revokedAt: IsNull() }, { revokedAt: new Date() });
      throw new UnauthorizedException('refresh token was already used; sign in again');
    }
    const revoked = await repo.update({ id: row.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!revoked.affected) throw new UnauthorizedException('refresh token was already used; sign in again');
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: row.userId });
    if (!user || user.disabledAt) throw new UnauthorizedException('account is disabled');
    return this.login({ id: user.id, email: user.email, instanceAdmin: user.instanceAdmin });
  }

  async logout(refreshToken: string): Promise<void> {
    await this.db
      .getRepository(RefreshTokenEntity)
      .update({ tokenHash: sha256(refreshToken), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issue(user: AuthUser): Promise<AuthTokens> {
    const claims: AccessClaims = { sub: user.id, email: user.email, ia: user.instanceAdmin, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.ACCESS_TOKEN_TTL });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.db.getRepository(RefreshTokenEntity).insert({
      userId: user.id,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL * 1000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.ACCESS_TOKEN_TTL };
  }
}

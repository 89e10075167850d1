import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth-user';
import { RUNTIME, type Runtime } from '../../core/runtime';
import type { AccessClaims } from './auth.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(RUNTIME) runtime: Runtime) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: runtime.jwtSecret, ignoreExpiration: false });
  }

  validate(claims: AccessClaims): AuthUser {
    if (claims.typ !== 'access') throw new UnauthorizedException('not an access token');
    return { id: claims.sub, email: claims.email, instanceAdmin: !!claims.ia };
  }
}

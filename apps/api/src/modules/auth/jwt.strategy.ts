import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth-user';
import { RUNTIME, type Runtime } from '../../core/runtime';
import type { AccessClaims } from './auth.service';
import { jwtKey } from './jwt-key';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(RUNTIME) runtime: Runtime) {
    const key = jwtKey(runtime.jwtSecret);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject (not the string) so jsonwebtoken does not derive the key again per request;
      // passport-jwt hands it to jsonwebtoken as is, its typings only name strings and buffers.
      secretOrKey: key as unknown as Buffer,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessClaims): AuthUser {
    if (claims.typ !== 'access') throw new UnauthorizedException('not an access token');
    return { id: claims.sub, email: claims.email, instanceAdmin: !!claims.ia };
  }
}

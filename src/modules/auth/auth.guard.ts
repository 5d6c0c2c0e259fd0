import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser, Role } from '../../common/auth/auth-user';
import { IS_PUBLIC } from '../../common/auth/public.decorator';
import { ROLES_KEY } from '../../common/auth/roles.decorator';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { UsersService } from '../users/users.service';

/**
 * Layer one of access: a valid token of an active user, and a role the route allows.
 * The user is read on every request so that deactivating a user ends its tokens at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw COMMON_ERRORS.error('UNAUTHORIZED');
    let payload: { sub?: string };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw COMMON_ERRORS.error('UNAUTHORIZED');
    }
    const user = typeof payload.sub === 'string' ? await this.users.findActive(payload.sub) : null;
    if (!user) throw COMMON_ERRORS.error('UNAUTHORIZED');
    req.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) throw COMMON_ERRORS.error('FORBIDDEN_ROLE');
    return true;
  }
}

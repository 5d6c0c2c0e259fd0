import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { AppError } from '../errors/app-error';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';
import type { Role } from './auth-user';

const unauthorized = () => new AppError(401, 'UNAUTHORIZED', 'Sesi tidak valid atau sudah berakhir; silakan masuk kembali');

/**
 * Layer one of access: a valid token of an active user, and a role the route allows.
 * The user row is read on every request so that deactivating a user ends its tokens at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly db: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw unauthorized();
    let payload: { sub?: string };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw unauthorized();
    }
    if (!payload.sub || !/^[0-9a-f-]{36}$/.test(payload.sub)) throw unauthorized();
    const rows: Array<{ id: string; username: string; full_name: string; role: Role; region_code: string | null }> =
      await this.db.query(
        'SELECT id, username, full_name, role, region_code FROM app_user WHERE id = $1 AND active',
        [payload.sub],
      );
    if (!rows.length) throw unauthorized();
    const u = rows[0];
    req.user = { id: u.id, username: u.username, fullName: u.full_name, role: u.role, regionCode: u.region_code };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) {
      throw new AppError(403, 'FORBIDDEN_ROLE', 'Peran Anda tidak diizinkan melakukan tindakan ini');
    }
    return true;
  }
}


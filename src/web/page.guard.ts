import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { Role } from '../common/auth/auth-user';
import { COMMON_ERRORS } from '../common/errors/common.errors';
import { ROLES_KEY } from '../common/auth/roles.decorator';
import { SessionService } from '../modules/auth/session.service';
import { IS_PUBLIC_PAGE } from './page.decorators';
import { ANON_CSRF_COOKIE, buildContext, CSRF_FIELD, CSRF_HEADER, PageRequest, SESSION_COOKIE } from './page-context';
import { RegionNames } from './region-names';
import { WEB_ERRORS } from './web.errors';

/** Thrown when a page needs a signed-in user; the HTML filter sends the browser to /masuk. */
export class LoginRequired extends Error {
  constructor(readonly expired: boolean) {
    super('login required');
  }
}

export const csrfRefused = () => WEB_ERRORS.error('CSRF_INVALID');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sessions and CSRF for every page, in one place: reads the session cookie, puts the user and the page context on
 * the request, refuses a state-changing request whose CSRF token (form field `_csrf`, header `X-CSRF-Token`, or for
 * a multipart upload the query parameter `_csrf`) does not match, and checks `@Roles` like the API.
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly regionNames: RegionNames,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<PageRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_PAGE, targets) ?? false;

    const found = await this.sessions.lookup(req.cookies?.[SESSION_COOKIE]);
    if (found.state === 'valid') {
      const { user, csrfToken } = found.session;
      req.user = user;
      req.page = buildContext(req, reply, user, await this.regionNames.nameOf(user.regionCode), csrfToken);
    } else {
      if (!isPublic) throw new LoginRequired(found.state === 'expired');
      req.page = buildContext(req, reply, null, null, req.cookies?.[ANON_CSRF_COOKIE] ?? '');
    }

    if (!SAFE_METHODS.has(req.method)) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/');
      const given = req.headers[CSRF_HEADER] ?? body[CSRF_FIELD] ?? (multipart ? (req.query as Record<string, unknown>)?.[CSRF_FIELD] : undefined);
      const expected = req.page.csrfToken;
      if (!expected || !SessionService.csrfMatches(expected, given)) throw csrfRefused();
      // The token is the guard's business; DTOs behind it never see the field.
      if (body && typeof body === 'object') delete body[CSRF_FIELD];
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && req.user && !roles.includes(req.user.role)) {
      throw COMMON_ERRORS.error('FORBIDDEN_ROLE', 'Halaman ini tidak tersedia untuk peran Anda');
    }
    return true;
  }
}

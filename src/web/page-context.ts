import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { FORMAT, Format } from './format';
import { MenuItem, menuFor } from './menu';

/** What the layout needs on every page: who is signed in, their menu, the CSRF token, the CSP nonce. */
export interface PageContext {
  user: AuthUser | null;
  regionName: string | null;
  menu: MenuItem[];
  csrfToken: string;
  nonce: string;
  path: string;
}

export interface PageRequest extends FastifyRequest {
  user?: AuthUser;
  page?: PageContext;
}

export const SESSION_COOKIE = 'dk_sesi';
/** Before signing in there is no session: the login form's CSRF token is a cookie of its own (double submit). */
export const ANON_CSRF_COOKIE = 'dk_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function scriptNonce(reply: FastifyReply): string {
  return (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script ?? '';
}

export function buildContext(req: FastifyRequest, reply: FastifyReply, user: AuthUser | null, regionName: string | null, csrfToken: string): PageContext {
  return { user, regionName, menu: user ? menuFor(user.role) : [], csrfToken, nonce: scriptNonce(reply), path: req.url.split('?')[0] };
}

export function isHtmx(req: FastifyRequest): boolean {
  return req.headers['hx-request'] === 'true';
}

/** Renders a template of `src/web/` with the page context as `it.page` and the formatters as `it.f`. */
export async function render(
  req: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown> = {},
  status = 200,
): Promise<void> {
  const page = (req as PageRequest).page;
  const html = await (reply as unknown as { viewAsync(t: string, d: object): Promise<string> }).viewAsync(template, {
    ...data,
    page,
    f: FORMAT satisfies Format,
    htmx: isHtmx(req),
  });
  await reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** 303 after a successful form post (post/redirect/get); htmx follows it through HX-Redirect. */
export async function redirect(req: FastifyRequest, reply: FastifyReply, url: string): Promise<void> {
  if (isHtmx(req)) {
    await reply.status(200).header('hx-redirect', url).send('');
    return;
  }
  await reply.redirect(url, 303);
}

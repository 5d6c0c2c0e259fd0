import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { ANON_CSRF_COOKIE, PageRequest } from './page-context';

export const cookieOptions = (req: PageRequest) => ({ httpOnly: true, sameSite: 'lax' as const, secure: req.protocol === 'https', path: '/' });

/**
 * A form on a page without a login (/masuk, /verifikasi) gets its CSRF token as a cookie of its own (double
 * submit): the token in the form must match the cookie, which another site can neither read nor set.
 */
export function ensureAnonCsrf(req: PageRequest, reply: FastifyReply): void {
  if (req.page!.csrfToken) return;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(ANON_CSRF_COOKIE, token, cookieOptions(req));
  req.page!.csrfToken = token;
}

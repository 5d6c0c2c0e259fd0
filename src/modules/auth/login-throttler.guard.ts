import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import type { AppConfig } from '../../config/app-config';

/** The username a login request names, lower-cased as the lookup treats it; '' when the body has none. */
function loginUsername(req: Record<string, unknown>): string {
  const body = req.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username.toLowerCase() : '';
}

/** Two windows for the login route: one per client IP, one per username (so guessing one account is slow from anywhere). */
export function loginThrottlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const ttl = config.LOGIN_RATE_WINDOW_SECONDS * 1000;
  return {
    throttlers: [
      { name: 'login-ip', ttl, limit: config.LOGIN_RATE_LIMIT_IP },
      { name: 'login-username', ttl, limit: config.LOGIN_RATE_LIMIT_USERNAME, getTracker: (req) => `username:${loginUsername(req)}` },
    ],
  };
}

/** Applied to POST /api/auth/login only: the rest of the API is never throttled. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const reply = context.switchToHttp().getResponse<{ header?: (name: string, value: unknown) => void }>();
    reply.header?.('Retry-After', Math.max(1, detail.timeToBlockExpire));
    throw COMMON_ERRORS.error('TOO_MANY_REQUESTS', 'login');
  }
}

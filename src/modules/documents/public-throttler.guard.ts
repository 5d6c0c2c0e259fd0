import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { AppConfig } from '../../config/app-config';

/**
 * The public verification routes answer anyone without a login, so they are limited per client IP (its own
 * window and limit, separate from the login's: only this throttler applies here).
 */
@Injectable()
export class PublicDocumentsThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = [
      { name: 'public-documents', ttl: this.config.PUBLIC_VERIFY_RATE_WINDOW_SECONDS * 1000, limit: this.config.PUBLIC_VERIFY_RATE_LIMIT },
    ];
  }

  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const reply = context.switchToHttp().getResponse<{ header?: (name: string, value: unknown) => void }>();
    reply.header?.('Retry-After', Math.max(1, detail.timeToBlockExpire));
    throw COMMON_ERRORS.error('TOO_MANY_REQUESTS');
  }
}

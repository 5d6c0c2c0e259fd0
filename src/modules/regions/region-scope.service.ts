import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { isWithin } from './region-code';

/**
 * Layer two of access: may this user see or act on this region code?
 * A user's scope is its region and everything beneath it; a national admin has no region and sees all.
 * Out of scope is answered exactly like missing (404), so membership never leaks. In SQL the same rule is
 * `new Where().scope(user, column)` (src/database/sql-where.ts).
 */
@Injectable()
export class RegionScopeService {
  canAccess(user: AuthUser, code: string): boolean {
    return user.regionCode === null ? user.role === 'admin' : isWithin(code, user.regionCode);
  }

  /** 404 NOT_FOUND when the code is outside the user's scope. */
  assertAccess(user: AuthUser, code: string): void {
    if (!this.canAccess(user, code)) throw COMMON_ERRORS.error('NOT_FOUND');
  }
}

import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { notFound } from '../../common/errors/app-error';
import { isWithin } from './region-code';

export interface ScopeSql {
  sql: string;
  params: unknown[];
}

/**
 * Layer two of access: may this user see or act on this region code?
 * A user's scope is its region and everything beneath it; a national admin has no region and sees all.
 * Out of scope is answered exactly like missing (404), so membership never leaks.
 */
@Injectable()
export class RegionScopeService {
  canAccess(user: AuthUser, code: string): boolean {
    return user.regionCode === null ? user.role === 'admin' : isWithin(code, user.regionCode);
  }

  assertAccess(user: AuthUser, code: string, errorCode = 'NOT_FOUND', message = 'Data tidak ditemukan'): void {
    if (!this.canAccess(user, code)) throw notFound(errorCode, message);
  }

  /**
   * A SQL condition restricting `column` to the user's scope, with its parameter appended to `params`.
   * A range on the "C"-collated code ('35.73' ≤ code < '35.73/', '/' being the character after '.') is the
   * dotted-prefix test in a form the btree index serves.
   */
  condition(user: AuthUser, column: string, params: unknown[]): string {
    if (user.regionCode === null) return user.role === 'admin' ? 'TRUE' : 'FALSE';
    params.push(user.regionCode);
    const p = `$${params.length}`;
    return `(${column} >= ${p} AND ${column} < ${p} || '/')`;
  }
}

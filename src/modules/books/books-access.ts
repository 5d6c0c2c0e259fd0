import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { levelOfCode } from '../regions/region-code';
import { RegionScopeService } from '../regions/region-scope.service';
import { RegionsService } from '../regions/regions.service';
import { REGION_ERRORS } from '../regions/regions.errors';
import { kelurahanNotFound } from './books.errors';

/** A kelurahan in the caller's scope, or the same 404 as a missing one. */
@Injectable()
export class BooksAccess {
  constructor(
    private readonly scope: RegionScopeService,
    private readonly regions: RegionsService,
  ) {}

  async kelurahan(user: AuthUser, code: string): Promise<{ code: string; name: string }> {
    if (levelOfCode(code) !== 'kelurahan' || !this.scope.canAccess(user, code)) throw kelurahanNotFound();
    try {
      const r = await this.regions.get(code);
      return { code: r.code, name: r.name };
    } catch {
      throw kelurahanNotFound();
    }
  }

  /** Any region code in the caller's scope (a kecamatan, a kab/kota …), or the same 404 as a missing one. */
  region(user: AuthUser, code: string): void {
    if (!levelOfCode(code) || !this.scope.canAccess(user, code)) throw REGION_ERRORS.error('REGION_NOT_FOUND', code);
  }
}

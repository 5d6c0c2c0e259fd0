import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Page, pageOf, PageQueryDto } from '../../common/pagination/page-query.dto';
import { Where } from '../../database/sql-where';
import { levelOfCode } from './region-code';
import { RegionScopeService } from './region-scope.service';
import type { RegionLevel } from './region.entity';
import { REGION_ERRORS } from './regions.errors';

export interface RegionOption {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface KelurahanListItem {
  code: string;
  name: string;
  kecamatanCode: string;
  kecamatanName: string;
}

export type RegionCounts = Record<RegionLevel, number>;

const LEVEL_ORDER: RegionLevel[] = ['provinsi', 'kabkota', 'kecamatan', 'kelurahan'];

/** Read-only listings of the region tree within a user's scope: pickers, paged kelurahan lists, counts. */
@Injectable()
export class RegionDirectoryService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: RegionScopeService,
  ) {}

  /** 404 for a malformed, unknown or out-of-scope code: the same answer for all three. */
  async assertVisible(user: AuthUser, code: string): Promise<RegionOption> {
    const missing = () => REGION_ERRORS.error('REGION_NOT_FOUND', code);
    if (!levelOfCode(code) || !this.scope.canAccess(user, code)) throw missing();
    const rows: RegionOption[] = await this.db.query(`SELECT code, name, level FROM region WHERE code = $1`, [code]);
    if (!rows.length) throw missing();
    return rows[0];
  }

  /**
   * The regions of the given levels under `root` (itself included), or under the user's own region when no root
   * is given; in code order, so a kecamatan is followed by its kelurahan.
   */
  async subtree(user: AuthUser, root: string | null, levels: RegionLevel[]): Promise<RegionOption[]> {
    if (root !== null) await this.assertVisible(user, root);
    const w = new Where().and('level = ANY(?::text[])', levels).scope(user, 'code');
    if (root !== null) w.within('code', root);
    return this.db.query(`SELECT code, name, level FROM region WHERE ${w.sql} ORDER BY code`, w.params);
  }

  /** The kelurahan under a region (default: the user's scope), a page at a time, with their kecamatan. */
  async kelurahan(user: AuthUser, under: string | null, q: PageQueryDto): Promise<Page<KelurahanListItem>> {
    if (under !== null) await this.assertVisible(user, under);
    const w = new Where().and(`k.level = 'kelurahan'`).scope(user, 'k.code');
    if (under !== null) w.within('k.code', under);
    const [{ total }]: Array<{ total: number }> = await this.db.query(`SELECT count(*)::int AS total FROM region k WHERE ${w.sql}`, w.params);
    const { limit, offset } = pageOf(q);
    const rows: Array<{ code: string; name: string; kecamatan_code: string; kecamatan_name: string }> = await this.db.query(
      `SELECT k.code, k.name, c.code AS kecamatan_code, c.name AS kecamatan_name
       FROM region k JOIN region c ON c.code = k.parent_code
       WHERE ${w.sql} ORDER BY k.code LIMIT ${w.param(limit)} OFFSET ${w.param(offset)}`,
      w.params,
    );
    return {
      items: rows.map((r) => ({ code: r.code, name: r.name, kecamatanCode: r.kecamatan_code, kecamatanName: r.kecamatan_name })),
      total,
    };
  }

  /** Names of the given codes (for labelling rows); unknown codes are left out. */
  async names(codes: Iterable<string>): Promise<Map<string, string>> {
    const list = [...new Set(codes)];
    if (!list.length) return new Map();
    const rows: Array<{ code: string; name: string }> = await this.db.query(`SELECT code, name FROM region WHERE code = ANY($1::text[])`, [list]);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** How many regions of each level lie in the user's scope (for a national admin: everything imported). */
  async counts(user: AuthUser, under: string | null = null): Promise<RegionCounts> {
    const w = new Where().scope(user, 'code');
    if (under !== null) w.within('code', under);
    const rows: Array<{ level: RegionLevel; n: number }> = await this.db.query(
      `SELECT level, count(*)::int AS n FROM region WHERE ${w.sql} GROUP BY level`,
      w.params,
    );
    const out = Object.fromEntries(LEVEL_ORDER.map((l) => [l, 0])) as RegionCounts;
    for (const r of rows) out[r.level] = r.n;
    return out;
  }
}

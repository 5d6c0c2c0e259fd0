import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { invalidField } from '../../common/errors/validation';
import { MutationRunner } from '../../database/mutation-runner';
import { isRegionCode, levelOfCode } from './region-code';
import { parseRegionCsv, RegionRow } from './region-csv';
import { RegionScopeService } from './region-scope.service';
import type { RegionLevel } from './region.entity';
import { REGION_ERRORS } from './regions.errors';

export interface ImportResult {
  provinsi: number;
  kabkota: number;
  kecamatan: number;
  kelurahan: number;
  inserted: number;
  updated: number;
}

export interface RegionView {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  children: Array<{ code: string; name: string; level: RegionLevel }>;
}

/**
 * An admin of one kab/kota imports only its own kab/kota; the national admin imports anything.
 * A national import is a national admin's power (403); another kab/kota is outside the region (404, like missing).
 */
export function assertMayImport(actor: AuthUser, kabkota: string | undefined): void {
  if (actor.regionCode === null) return;
  if (kabkota === undefined) throw REGION_ERRORS.error('REGION_IMPORT_SCOPE', actor.regionCode);
  if (kabkota !== actor.regionCode) throw REGION_ERRORS.error('REGION_NOT_FOUND', kabkota);
}

/** The region tree: what other modules ask of it (does it exist, is it in the caller's scope, its name), and the import. */
@Injectable()
export class RegionsService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly scope: RegionScopeService,
  ) {}

  /** 404 REGION_NOT_FOUND for a malformed, unknown or out-of-scope region code: the same answer for all three. */
  async assertVisible(user: AuthUser, code: string, m: EntityManager = this.db.manager): Promise<void> {
    if (!isRegionCode(code) || !this.scope.canAccess(user, code) || !(await this.exists(code, m))) {
      throw REGION_ERRORS.error('REGION_NOT_FOUND', code);
    }
  }

  /** The name of a kelurahan in the caller's scope; 404 KELURAHAN_NOT_FOUND otherwise (malformed, unknown or out of scope). */
  async kelurahanName(user: AuthUser, code: string, m: EntityManager = this.db.manager): Promise<string> {
    const missing = () => REGION_ERRORS.error('KELURAHAN_NOT_FOUND', code);
    if (!isRegionCode(code, 'kelurahan') || !this.scope.canAccess(user, code)) throw missing();
    const name = await this.nameOf(code, m);
    if (name === null) throw missing();
    return name;
  }

  async exists(code: string, m: EntityManager = this.db.manager): Promise<boolean> {
    return (await this.nameOf(code, m)) !== null;
  }

  /** True before any region has been imported (a fresh database). */
  async isEmpty(): Promise<boolean> {
    const [row] = await this.db.query('SELECT 1 FROM region LIMIT 1');
    return !row;
  }

  async nameOf(code: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [row]: Array<{ name: string }> = await m.query('SELECT name FROM region WHERE code = $1', [code]);
    return row?.name ?? null;
  }

  /** Every region of one level, by code (the national admin's pickers). */
  async listLevel(level: RegionLevel): Promise<Array<{ code: string; name: string }>> {
    return this.db.query('SELECT code, name FROM region WHERE level = $1 ORDER BY code', [level]);
  }

  async get(code: string): Promise<RegionView> {
    const missing = () => REGION_ERRORS.error('REGION_NOT_FOUND', code);
    if (!levelOfCode(code)) throw missing();
    const rows: Array<{ code: string; name: string; level: RegionLevel; parent_code: string | null; self: boolean }> =
      await this.db.query(
        `SELECT code, name, level, parent_code, code = $1 AS self FROM region WHERE code = $1 OR parent_code = $1 ORDER BY code`,
        [code],
      );
    const self = rows.find((r) => r.self);
    if (!self) throw missing();
    return {
      code: self.code,
      name: self.name,
      level: self.level,
      parentCode: self.parent_code,
      children: rows.filter((r) => !r.self).map((r) => ({ code: r.code, name: r.name, level: r.level })),
    };
  }

  /**
   * Imports the national CSV format, all levels at once, idempotently and all-or-nothing.
   * `actor` null is the system (CLI, demo seed); an admin is held to its own kab/kota.
   */
  async import(input: string | Buffer | Readable, opts: { kabkota?: string; actor: AuthUser | null }): Promise<ImportResult> {
    if (opts.kabkota !== undefined && levelOfCode(opts.kabkota) !== 'kabkota') {
      throw invalidField('kabkota', 'kabkota harus kode kab/kota Kemendagri, mis. 35.73', 'Parameter kabkota harus kode kab/kota, mis. 35.73');
    }
    if (opts.actor) assertMayImport(opts.actor, opts.kabkota);
    const parsed = await parseRegionCsv(input, opts.kabkota);
    if (parsed.errors.length) {
      throw REGION_ERRORS.error('REGION_IMPORT_INVALID', parsed.errors[0].message, parsed.errors[0].line ?? 0).with(parsed.errors);
    }
    const answer = await this.runner.run(opts.actor, async (m) => {
      let inserted = 0;
      let updated = 0;
      for (const [level, rows] of [
        ['provinsi', parsed.provinsi], ['kabkota', parsed.kabkota], ['kecamatan', parsed.kecamatan], ['kelurahan', parsed.kelurahan],
      ] as Array<[RegionLevel, RegionRow[]]>) {
        const r = await this.upsert(m, level, rows);
        inserted += r.inserted;
        updated += r.updated;
      }
      const result: ImportResult = {
        provinsi: parsed.provinsi.length,
        kabkota: parsed.kabkota.length,
        kecamatan: parsed.kecamatan.length,
        kelurahan: parsed.kelurahan.length,
        inserted,
        updated,
      };
      return {
        body: result,
        audit: { action: 'region.import', entity: 'region', entityId: opts.kabkota ?? null, regionCode: opts.kabkota ?? null, after: result },
      };
    });
    return answer.body;
  }

  private async upsert(m: EntityManager, level: RegionLevel, rows: RegionRow[]): Promise<{ inserted: number; updated: number }> {
    if (!rows.length) return { inserted: 0, updated: 0 };
    // One statement per level over arrays; a renamed region is updated, an unchanged one left alone.
    const res: Array<{ inserted: boolean }> = await m.query(
      `INSERT INTO region (code, name, level, parent_code)
       SELECT code, name, $4, parent_code FROM unnest($1::text[], $2::text[], $3::text[]) AS t(code, name, parent_code)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name
         WHERE region.name IS DISTINCT FROM EXCLUDED.name OR region.parent_code IS DISTINCT FROM EXCLUDED.parent_code
       RETURNING (xmax = 0) AS inserted`,
      [rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => r.parentCode), level],
    );
    const inserted = res.filter((r) => r.inserted).length;
    return { inserted, updated: res.length - inserted };
  }
}

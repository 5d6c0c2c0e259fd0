import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { notFound } from '../../common/errors/app-error';
import { bigintMoneyTransformer } from '../../common/money/rupiah';
import { AuditService } from '../audit/audit.service';
import { levelOfCode } from '../regions/region-code';
import { RegionScopeService } from '../regions/region-scope.service';
import type {
  AllocationDto,
  AllocationHistoryDto,
  AllocationListDto,
  AllocationListQueryDto,
  BulkAllocationDto,
  BulkAllocationResultDto,
  SetAllocationDto,
} from './allocation.dto';
import { parseFiscalYear } from './fiscal-year';
import { pageOf } from '../../common/pagination/page-query.dto';
import { Where } from '../../database/sql-where';

const money = (v: unknown): number => bigintMoneyTransformer.from(v) as number;
const moneyOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : money(v));
const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

interface AllocationRow {
  id: string;
  year: number;
  kelurahan_code: string;
  kelurahan_name: string;
  amount: string;
  source: string;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

function toDto(r: AllocationRow): AllocationDto {
  return {
    year: r.year,
    kelurahanCode: r.kelurahan_code,
    kelurahanName: r.kelurahan_name,
    amount: money(r.amount),
    source: r.source,
    note: r.note,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by,
  };
}

const SELECT_ALLOCATION = `
  SELECT a.id, a.year, a.kelurahan_code, r.name AS kelurahan_name, a.amount, a.source, a.note, a.created_at, a.updated_at, a.updated_by
  FROM allocation a JOIN region r ON r.code = a.kelurahan_code`;

/** Pagu per kelurahan per year; every change is kept in allocation_history and the audit trail. */
@Injectable()
export class AllocationsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly scope: RegionScopeService,
  ) {}

  /** 404 for a malformed, unknown or out-of-scope kelurahan: the same answer for all three. */
  async assertKelurahan(user: AuthUser, code: string, m: EntityManager = this.db.manager): Promise<string> {
    const missing = () => notFound('KELURAHAN_NOT_FOUND', `Kelurahan dengan kode ${code} tidak ditemukan`);
    if (levelOfCode(code) !== 'kelurahan' || !this.scope.canAccess(user, code)) throw missing();
    const rows: Array<{ name: string }> = await m.query(`SELECT name FROM region WHERE code = $1 AND level = 'kelurahan'`, [code]);
    if (!rows.length) throw missing();
    return rows[0].name;
  }

  private async assertRegion(user: AuthUser, code: string): Promise<void> {
    const missing = () => notFound('REGION_NOT_FOUND', `Wilayah dengan kode ${code} tidak ditemukan`);
    if (!levelOfCode(code) || !this.scope.canAccess(user, code)) throw missing();
    const rows = await this.db.query(`SELECT 1 FROM region WHERE code = $1`, [code]);
    if (!rows.length) throw missing();
  }

  async set(user: AuthUser, yearRaw: unknown, kelurahanCode: string, dto: SetAllocationDto): Promise<AllocationDto> {
    const year = parseFiscalYear(yearRaw);
    await this.assertKelurahan(user, kelurahanCode);
    return this.db.transaction(async (m) => {
      const lock = () =>
        m.query(`SELECT id, amount, source, note FROM allocation WHERE kelurahan_code = $1 AND year = $2 FOR UPDATE`, [kelurahanCode, year]);
      let existing: Array<{ id: string; amount: string; source: string; note: string | null }> = await lock();
      let before: { amount: number; source: string; note: string | null } | null = null;
      let id: string;
      if (!existing.length) {
        const inserted: Array<{ id: string }> = await m.query(
          `INSERT INTO allocation (year, kelurahan_code, amount, source, note, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (kelurahan_code, year) DO NOTHING RETURNING id`,
          [year, kelurahanCode, dto.amount, dto.source ?? 'APBD', dto.note ?? null, user.id],
        );
        // A concurrent PUT created it first: fall through to an ordinary update of that row.
        if (!inserted.length) existing = await lock();
        id = inserted[0]?.id;
      }
      if (existing.length) {
        const e = existing[0];
        id = e.id;
        before = { amount: money(e.amount), source: e.source, note: e.note };
        const after = { amount: dto.amount, source: dto.source ?? e.source, note: dto.note ?? e.note };
        if (after.amount === before.amount && after.source === before.source && after.note === before.note) {
          return this.get(m, kelurahanCode, year); // nothing changed: no history, no audit
        }
        await m.query(
          `UPDATE allocation SET amount = $2, source = $3, note = $4, updated_at = now(), updated_by = $5 WHERE id = $1`,
          [id, after.amount, after.source, after.note, user.id],
        );
      }
      const result = await this.get(m, kelurahanCode, year);
      await m.query(
        `INSERT INTO allocation_history (allocation_id, year, kelurahan_code, old_amount, new_amount, old_source, new_source, note, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id!, year, kelurahanCode, before?.amount ?? null, result.amount, before?.source ?? null, result.source, dto.note ?? null, user.id],
      );
      await this.audit.record(m, {
        actor: user,
        action: before ? 'allocation.update' : 'allocation.create',
        entity: 'allocation',
        entityId: id!,
        regionCode: kelurahanCode,
        before,
        after: { year, amount: result.amount, source: result.source, note: result.note },
        reason: dto.note ?? null,
      });
      return result;
    });
  }

  /** Every kelurahan under the region in one statement; history rows for the ones that changed; one audit event. */
  async bulk(user: AuthUser, yearRaw: unknown, dto: BulkAllocationDto): Promise<BulkAllocationResultDto> {
    const year = parseFiscalYear(yearRaw);
    await this.assertRegion(user, dto.regionCode);
    return this.db.transaction(async (m) => {
      // Lock the existing rows first, so the statement below reads their current amounts as the "old" side.
      await m.query(
        `SELECT id FROM allocation WHERE year = $2 AND kelurahan_code >= $1 AND kelurahan_code < $1 || '/' ORDER BY kelurahan_code FOR UPDATE`,
        [dto.regionCode, year],
      );
      const [counts]: Array<{ kelurahan: number; created: number; updated: number }> = await m.query(
        `WITH kel AS (
           SELECT code FROM region WHERE level = 'kelurahan' AND code >= $1 AND code < $1 || '/'
         ), old AS (
           SELECT a.id, a.amount, a.source FROM allocation a JOIN kel ON kel.code = a.kelurahan_code WHERE a.year = $2
         ), up AS (
           INSERT INTO allocation AS a (year, kelurahan_code, amount, source, note, updated_by)
           SELECT $2, code, $3::bigint, coalesce($4::text, 'APBD'), $5::text, $6::uuid FROM kel
           ON CONFLICT (kelurahan_code, year) DO UPDATE
             SET amount = EXCLUDED.amount, source = coalesce($4::text, a.source), note = coalesce($5::text, a.note),
                 updated_at = now(), updated_by = EXCLUDED.updated_by
             WHERE a.amount <> EXCLUDED.amount OR a.source <> coalesce($4::text, a.source)
                OR ($5::text IS NOT NULL AND a.note IS DISTINCT FROM $5::text)
           RETURNING a.id, a.kelurahan_code, a.amount, a.source, (xmax = 0) AS inserted
         ), hist AS (
           INSERT INTO allocation_history (allocation_id, year, kelurahan_code, old_amount, new_amount, old_source, new_source, note, changed_by)
           SELECT up.id, $2, up.kelurahan_code, old.amount, up.amount, old.source, up.source, $5::text, $6::uuid
           FROM up LEFT JOIN old ON old.id = up.id
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM kel)::int AS kelurahan,
                (SELECT count(*) FROM up WHERE inserted)::int AS created,
                (SELECT count(*) FROM up WHERE NOT inserted)::int AS updated,
                (SELECT count(*) FROM hist)::int AS history`,
        [dto.regionCode, year, dto.amount, dto.source ?? null, dto.note ?? null, user.id],
      );
      const result: BulkAllocationResultDto = {
        year,
        regionCode: dto.regionCode,
        kelurahan: counts.kelurahan,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.kelurahan - counts.created - counts.updated,
      };
      await this.audit.record(m, {
        actor: user,
        action: 'allocation.bulk',
        entity: 'allocation',
        entityId: null,
        regionCode: dto.regionCode,
        after: { ...result, amount: dto.amount, source: dto.source ?? null },
        reason: dto.note ?? null,
      });
      return result;
    });
  }

  async list(user: AuthUser, yearRaw: unknown, q: AllocationListQueryDto): Promise<AllocationListDto> {
    const year = parseFiscalYear(yearRaw);
    if (q.region) await this.assertRegion(user, q.region);
    const params: unknown[] = [year];
    const where = [`a.year = $1`, this.scope.condition(user, 'a.kelurahan_code', params)];
    if (q.region) {
      params.push(q.region);
      where.push(`(a.kelurahan_code >= $${params.length} AND a.kelurahan_code < $${params.length} || '/')`);
    }
    const [agg]: Array<{ n: number; sum: string }> = await this.db.query(
      `SELECT count(*)::int AS n, coalesce(sum(a.amount), 0) AS sum FROM allocation a WHERE ${where.join(' AND ')}`,
      params,
    );
    const { limit, offset } = pageOf(q);
    const rows: AllocationRow[] = await this.db.query(
      `${SELECT_ALLOCATION} WHERE ${where.join(' AND ')} ORDER BY a.kelurahan_code LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { items: rows.map(toDto), total: agg.n, totalAmount: money(agg.sum) };
  }

  async history(user: AuthUser, yearRaw: unknown, kelurahanCode: string): Promise<AllocationHistoryDto> {
    const year = parseFiscalYear(yearRaw);
    await this.assertKelurahan(user, kelurahanCode);
    const rows: Array<{
      id: string; old_amount: string | null; new_amount: string; old_source: string | null; new_source: string;
      note: string | null; changed_at: Date; user_id: string | null; username: string | null; full_name: string | null;
    }> = await this.db.query(
      `SELECT h.id, h.old_amount, h.new_amount, h.old_source, h.new_source, h.note, h.changed_at,
              u.id AS user_id, u.username, u.full_name
       FROM allocation_history h LEFT JOIN app_user u ON u.id = h.changed_by
       WHERE h.kelurahan_code = $1 AND h.year = $2 ORDER BY h.id`,
      [kelurahanCode, year],
    );
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        oldAmount: moneyOrNull(r.old_amount),
        newAmount: money(r.new_amount),
        oldSource: r.old_source,
        newSource: r.new_source,
        note: r.note,
        changedBy: r.user_id ? { id: r.user_id, username: r.username!, fullName: r.full_name! } : null,
        changedAt: iso(r.changed_at),
      })),
      total: rows.length,
    };
  }

  /** The allocations of the given kelurahan for a year, by code; codes outside the caller's scope are left out. */
  async forKelurahan(user: AuthUser, yearRaw: unknown, codes: string[]): Promise<Map<string, AllocationDto>> {
    const year = parseFiscalYear(yearRaw);
    if (!codes.length) return new Map();
    const w = new Where().and('a.year = ?', year).and('a.kelurahan_code = ANY(?::text[])', codes).scope(user, 'a.kelurahan_code');
    const rows: AllocationRow[] = await this.db.query(`${SELECT_ALLOCATION} WHERE ${w.sql}`, w.params);
    return new Map(rows.map((r) => [r.kelurahan_code, toDto(r)]));
  }

  /** The allocation amount of a kelurahan and year, or null; inside the caller's transaction when given. */
  async amountOf(m: EntityManager, kelurahanCode: string, year: number): Promise<{ amount: number; source: string } | null> {
    const rows: Array<{ amount: string; source: string }> = await m.query(
      `SELECT amount, source FROM allocation WHERE kelurahan_code = $1 AND year = $2`,
      [kelurahanCode, year],
    );
    return rows.length ? { amount: money(rows[0].amount), source: rows[0].source } : null;
  }

  private async get(m: EntityManager, kelurahanCode: string, year: number): Promise<AllocationDto> {
    const rows: AllocationRow[] = await m.query(`${SELECT_ALLOCATION} WHERE a.kelurahan_code = $1 AND a.year = $2`, [kelurahanCode, year]);
    return toDto(rows[0]);
  }
}

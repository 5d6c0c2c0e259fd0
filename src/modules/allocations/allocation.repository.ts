import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { money, moneyOrNull } from '../../common/money/rupiah';
import { pageOf } from '../../common/pagination/page-query.dto';
import { regionPrefixSql, Where } from '../../database/sql-where';
import type { AllocationDto, AllocationHistoryDto, AllocationListDto } from './allocation.dto';

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

/** Reads of allocations as the API shows them: with the kelurahan's name, and each change with who made it. */
@Injectable()
export class AllocationRepository {
  constructor(private readonly db: DataSource) {}

  async get(m: EntityManager, kelurahanCode: string, year: number): Promise<AllocationDto> {
    const rows: AllocationRow[] = await m.query(`${SELECT_ALLOCATION} WHERE a.kelurahan_code = $1 AND a.year = $2`, [kelurahanCode, year]);
    return toDto(rows[0]);
  }

  async list(user: AuthUser, year: number, q: { region?: string; page?: number; pageSize?: number }): Promise<AllocationListDto> {
    const w = new Where().and('a.year = ?', year).scope(user, 'a.kelurahan_code');
    if (q.region) w.within('a.kelurahan_code', q.region);
    const [agg]: Array<{ n: number; sum: string }> = await this.db.query(
      `SELECT count(*)::int AS n, coalesce(sum(a.amount), 0) AS sum FROM allocation a WHERE ${w.sql}`,
      w.params,
    );
    const { limit, offset } = pageOf(q);
    const rows: AllocationRow[] = await this.db.query(
      `${SELECT_ALLOCATION} WHERE ${w.sql} ORDER BY a.kelurahan_code LIMIT ${w.param(limit)} OFFSET ${w.param(offset)}`,
      w.params,
    );
    return { items: rows.map(toDto), total: agg.n, totalAmount: money(agg.sum) };
  }

  async history(kelurahanCode: string, year: number): Promise<AllocationHistoryDto> {
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

  /**
   * Every kelurahan under `regionCode` set to one pagu in one statement, with a history row for each that changed.
   * The existing rows are locked first, so the statement reads their current amounts as the "old" side.
   */
  async bulkSet(
    m: EntityManager,
    regionCode: string,
    year: number,
    v: { amount: number; source: string | null; note: string | null; by: string },
  ): Promise<{ kelurahan: number; created: number; updated: number }> {
    await m.query(
      `SELECT id FROM allocation WHERE year = $2 AND ${regionPrefixSql('kelurahan_code', '$1')} ORDER BY kelurahan_code FOR UPDATE`,
      [regionCode, year],
    );
    const [counts]: Array<{ kelurahan: number; created: number; updated: number }> = await m.query(
      `WITH kel AS (
         SELECT code FROM region WHERE level = 'kelurahan' AND ${regionPrefixSql('code', '$1')}
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
      [regionCode, year, v.amount, v.source, v.note, v.by],
    );
    return counts;
  }
}

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
  sources: Array<{ source: string; amount: number | string }>;
}

function toDto(r: AllocationRow): AllocationDto {
  return {
    year: r.year,
    kelurahanCode: r.kelurahan_code,
    kelurahanName: r.kelurahan_name,
    amount: money(r.amount),
    source: r.source,
    sources: r.sources.map((s) => ({ source: s.source, amount: money(s.amount) })),
    note: r.note,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by,
  };
}

const SELECT_ALLOCATION = `
  SELECT a.id, a.year, a.kelurahan_code, r.name AS kelurahan_name, a.amount, a.source, a.note, a.created_at, a.updated_at, a.updated_by,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('source', s.source, 'amount', s.amount::text)
                 ORDER BY s.source = a.source DESC, s.source), '[]'::jsonb)
            FROM allocation_source s WHERE s.allocation_id = a.id) AS sources
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

  /** One query for a page of kelurahan (the admin's list shows every kelurahan, with or without a pagu). */
  async forKelurahan(user: AuthUser, year: number, codes: string[]): Promise<Map<string, AllocationDto>> {
    if (!codes.length) return new Map();
    const w = new Where().and('a.year = ?', year).and('a.kelurahan_code = ANY(?::text[])', codes).scope(user, 'a.kelurahan_code');
    const rows: AllocationRow[] = await this.db.query(`${SELECT_ALLOCATION} WHERE ${w.sql}`, w.params);
    return new Map(rows.map((r) => [r.kelurahan_code, toDto(r)]));
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

  /** The allocation row of a kelurahan and year, locked for the change about to be made; undefined when none. */
  async lock(m: EntityManager, kelurahanCode: string, year: number): Promise<{ id: string; source: string; note: string | null } | undefined> {
    const [row] = await m.query(`SELECT id, source, note FROM allocation WHERE kelurahan_code = $1 AND year = $2 FOR UPDATE`, [kelurahanCode, year]);
    return row;
  }

  async sources(m: EntityManager, allocationId: string): Promise<Map<string, number>> {
    const rows: Array<{ source: string; amount: string }> = await m.query(`SELECT source, amount FROM allocation_source WHERE allocation_id = $1`, [allocationId]);
    return new Map(rows.map((r) => [r.source, money(r.amount)]));
  }

  /** A new allocation with its first source (the source row comes by trigger). */
  async insert(m: EntityManager, v: { year: number; kelurahanCode: string; amount: number; source: string; note: string | null; by: string }): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await m.query(
      `INSERT INTO allocation (year, kelurahan_code, amount, source, note, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kelurahan_code, year) DO NOTHING RETURNING id`,
      [v.year, v.kelurahanCode, v.amount, v.source, v.note, v.by],
    );
    return row?.id;
  }

  /** Sets one source's amount; the allocation's total follows by trigger. */
  async setSource(m: EntityManager, allocationId: string, source: string, amount: number, v: { note: string | null; by: string }): Promise<void> {
    await m.query(
      `INSERT INTO allocation_source (allocation_id, source, amount) VALUES ($1, $2, $3)
       ON CONFLICT (allocation_id, source) DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()`,
      [allocationId, source, amount],
    );
    await m.query(`UPDATE allocation SET note = $2, updated_at = now(), updated_by = $3 WHERE id = $1`, [allocationId, v.note, v.by]);
  }

  async addHistory(m: EntityManager, h: {
    allocationId: string; year: number; kelurahanCode: string; oldAmount: number | null; newAmount: number;
    oldSource: string | null; newSource: string; note: string | null; by: string;
  }): Promise<void> {
    await m.query(
      `INSERT INTO allocation_history (allocation_id, year, kelurahan_code, old_amount, new_amount, old_source, new_source, note, changed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [h.allocationId, h.year, h.kelurahanCode, h.oldAmount, h.newAmount, h.oldSource, h.newSource, h.note, h.by],
    );
  }

  /** For the bulk floor check: each kelurahan's allocation under the region with the source a bulk set would change. */
  async targets(m: EntityManager, regionCode: string, year: number, source: string | null): Promise<Array<{ kelurahan_code: string; source: string }>> {
    return m.query(
      `SELECT k.code AS kelurahan_code, coalesce($3::text, a.source, 'APBD') AS source
         FROM region k LEFT JOIN allocation a ON a.kelurahan_code = k.code AND a.year = $2
        WHERE k.level = 'kelurahan' AND ${regionPrefixSql('k.code', '$1')}`,
      [regionCode, year, source],
    );
  }

  /**
   * Every kelurahan under `regionCode` given one amount for one source (`source`, else each allocation's first source,
   * else APBD), the other sources left as they are; a history row for each that changed. The existing rows are locked
   * first, so the statements read their current amounts as the "old" side.
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
    const kel = `SELECT code FROM region WHERE level = 'kelurahan' AND ${regionPrefixSql('code', '$1')}`;
    const [{ kelurahan, created }]: Array<{ kelurahan: number; created: number }> = await m.query(
      `WITH kel AS (${kel}), ins AS (
         INSERT INTO allocation (year, kelurahan_code, amount, source, note, updated_by)
         SELECT $2, code, $3::bigint, coalesce($4::text, 'APBD'), $5::text, $6::uuid FROM kel
          WHERE NOT EXISTS (SELECT 1 FROM allocation a WHERE a.kelurahan_code = kel.code AND a.year = $2)
         ON CONFLICT (kelurahan_code, year) DO NOTHING
         RETURNING id, kelurahan_code, amount, source
       ), hist AS (
         INSERT INTO allocation_history (allocation_id, year, kelurahan_code, old_amount, new_amount, old_source, new_source, note, changed_by)
         SELECT id, $2, kelurahan_code, NULL, amount, NULL, source, $5::text, $6::uuid FROM ins
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM kel)::int AS kelurahan, (SELECT count(*) FROM ins)::int AS created`,
      [regionCode, year, v.amount, v.source, v.note, v.by],
    );
    const [{ updated }]: Array<{ updated: number }> = await m.query(
      `WITH kel AS (${kel}), cur AS (
         SELECT a.id, a.kelurahan_code, coalesce($4::text, a.source) AS source, s.amount AS old_amount
           FROM allocation a JOIN kel ON kel.code = a.kelurahan_code
           LEFT JOIN allocation_source s ON s.allocation_id = a.id AND s.source = coalesce($4::text, a.source)
          WHERE a.year = $2 AND (s.amount IS DISTINCT FROM $3::bigint OR ($5::text IS NOT NULL AND a.note IS DISTINCT FROM $5::text))
       ), up AS (
         INSERT INTO allocation_source (allocation_id, source, amount) SELECT id, source, $3::bigint FROM cur
         ON CONFLICT (allocation_id, source) DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()
         RETURNING allocation_id
       ), meta AS (
         UPDATE allocation a SET note = coalesce($5::text, a.note), updated_at = now(), updated_by = $6::uuid FROM cur WHERE a.id = cur.id
         RETURNING a.id
       ), hist AS (
         INSERT INTO allocation_history (allocation_id, year, kelurahan_code, old_amount, new_amount, old_source, new_source, note, changed_by)
         SELECT id, $2, kelurahan_code, old_amount, $3::bigint, CASE WHEN old_amount IS NULL THEN NULL ELSE source END, source, $5::text, $6::uuid FROM cur
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM up)::int AS updated, (SELECT count(*) FROM meta)::int AS touched, (SELECT count(*) FROM hist)::int AS history`,
      [regionCode, year, v.amount, v.source, v.note, v.by],
    );
    return { kelurahan, created, updated };
  }
}

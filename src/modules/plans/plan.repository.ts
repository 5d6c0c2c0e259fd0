import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../../common/ids/uuid';
import { regionPrefixSql } from '../../database/sql-where';
import type { Category, SubType } from '../reference/taxonomy';
import type { PlanStatus } from './plan-workflow';

export interface PlanRow {
  id: string;
  kelurahan_code: string;
  year: number;
  latest_version: number;
  in_force_version: number | null;
  created_at: Date;
}

export interface VersionRow {
  version: number;
  status: PlanStatus;
  total: string;
  total_sarpras: string;
  total_pemberdayaan: string;
  created_at: Date;
  created_by: string | null;
  submitted_at: Date | null;
  submitted_by: string | null;
  returned_at: Date | null;
  returned_by: string | null;
  return_reason: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  superseded_at: Date | null;
}

export interface LineRow {
  version: number;
  line_id: string;
  position: number;
  category: Category;
  sub_type: SubType;
  description: string;
  account_code: string;
  volume: string;
  unit: string;
  unit_price: string;
  amount: string;
  location: string | null;
  funding_source: string;
  spent: string;
}

/** The content of a line in one version, as written. */
export interface LineContent {
  category: string;
  subType: string;
  description: string;
  accountCode: string;
  volume: number;
  unit: string;
  unitPrice: number;
  amount: bigint;
  location: string | null;
  fundingSource: string;
}

const LINE_SELECT = `
  SELECT plv.version, plv.line_id, plv.position, plv.category, plv.sub_type, plv.description, plv.account_code, plv.volume,
         plv.unit, plv.unit_price, plv.amount, plv.location, plv.funding_source, pl.spent
  FROM plan_line_version plv JOIN plan_line pl ON pl.id = plv.line_id`;

/** Every statement on plan, plan_version, plan_line and plan_line_version; the list joins what it shows beside. */
@Injectable()
export class PlanRepository {
  constructor(private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  /** NO KEY UPDATE when locking: serialises plan mutations without blocking the FK checks of spending inserts. */
  async find(m: EntityManager, id: string, lock = false): Promise<PlanRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row]: PlanRow[] = await m.query(`SELECT * FROM plan WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [id]);
    return row;
  }

  async findByKelurahanYear(m: EntityManager, kelurahanCode: string, year: number): Promise<{ id: string } | undefined> {
    const [row] = await m.query(`SELECT id FROM plan WHERE kelurahan_code = $1 AND year = $2`, [kelurahanCode, year]);
    return row;
  }

  async version(m: EntityManager, planId: string, version: number): Promise<VersionRow> {
    const [row]: VersionRow[] = await m.query(`SELECT * FROM plan_version WHERE plan_id = $1 AND version = $2`, [planId, version]);
    return row;
  }

  async versions(m: EntityManager, planId: string, only?: number[]): Promise<VersionRow[]> {
    if (only) return m.query(`SELECT * FROM plan_version WHERE plan_id = $1 AND version = ANY($2::int[]) ORDER BY version`, [planId, only]);
    return m.query(`SELECT * FROM plan_version WHERE plan_id = $1 ORDER BY version`, [planId]);
  }

  async lines(m: EntityManager, planId: string, only?: number[]): Promise<LineRow[]> {
    if (only) return m.query(`${LINE_SELECT} WHERE plv.plan_id = $1 AND plv.version = ANY($2::int[]) ORDER BY plv.version, plv.position`, [planId, only]);
    return m.query(`${LINE_SELECT} WHERE plv.plan_id = $1 ORDER BY plv.version, plv.position`, [planId]);
  }

  async line(m: EntityManager, planId: string, version: number, lineId: string): Promise<LineRow | undefined> {
    if (!isUuid(lineId)) return undefined;
    const [row]: LineRow[] = await m.query(`${LINE_SELECT} WHERE plv.plan_id = $1 AND plv.version = $2 AND plv.line_id = $3`, [planId, version, lineId]);
    return row;
  }

  /** The id of the line at `position` (its number, as listed) in `version`; undefined when there is none. */
  async lineIdAt(m: EntityManager, planId: string, version: number, position: number): Promise<string | undefined> {
    const [row]: Array<{ line_id: string }> = await m.query(
      `SELECT line_id FROM plan_line_version WHERE plan_id = $1 AND version = $2 AND position = $3`,
      [planId, version, position],
    );
    return row?.line_id;
  }

  async lineCount(m: EntityManager, planId: string, version: number): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM plan_line_version WHERE plan_id = $1 AND version = $2`, [planId, version]);
    return n;
  }

  async insertPlan(m: EntityManager, kelurahanCode: string, year: number, by: string): Promise<PlanRow> {
    const [plan]: PlanRow[] = await m.query(
      `INSERT INTO plan (kelurahan_code, year, latest_version, created_by) VALUES ($1, $2, 1, $3) RETURNING *`,
      [kelurahanCode, year, by],
    );
    await m.query(`INSERT INTO plan_version (plan_id, version, status, created_by) VALUES ($1, 1, 'draft', $2)`, [plan.id, by]);
    return plan;
  }

  /** A new line identity and its content in `version`, placed last. */
  async insertLine(m: EntityManager, plan: PlanRow, version: number, c: LineContent): Promise<string> {
    const [{ id }] = await m.query(`INSERT INTO plan_line (plan_id, kelurahan_code, year) VALUES ($1, $2, $3) RETURNING id`, [
      plan.id, plan.kelurahan_code, plan.year,
    ]);
    await m.query(
      `INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code, volume, unit,
                                      unit_price, amount, location, funding_source)
       SELECT $1, $2, $3, coalesce(max(position), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
       FROM plan_line_version WHERE plan_id = $1 AND version = $2`,
      [plan.id, version, id, c.category, c.subType, c.description, c.accountCode, String(c.volume), c.unit, c.unitPrice, c.amount, c.location, c.fundingSource],
    );
    return id;
  }

  async updateLine(m: EntityManager, planId: string, version: number, lineId: string, c: LineContent): Promise<void> {
    await m.query(
      `UPDATE plan_line_version SET category = $4, sub_type = $5, description = $6, account_code = $7, volume = $8, unit = $9,
              unit_price = $10, amount = $11, location = $12, funding_source = $13
       WHERE plan_id = $1 AND version = $2 AND line_id = $3`,
      [planId, version, lineId, c.category, c.subType, c.description, c.accountCode, String(c.volume), c.unit, c.unitPrice, c.amount, c.location, c.fundingSource],
    );
  }

  /**
   * Removes the line from `version`. A line born in this draft and never booked on leaves nothing behind; one
   * carried from another version keeps its identity (entry_count counts every ledger row, reversals included).
   */
  async deleteLine(m: EntityManager, planId: string, version: number, lineId: string): Promise<void> {
    await m.query(`DELETE FROM plan_line_version WHERE plan_id = $1 AND version = $2 AND line_id = $3`, [planId, version, lineId]);
    await m.query(
      `DELETE FROM plan_line pl WHERE pl.id = $1 AND pl.entry_count = 0
         AND NOT EXISTS (SELECT 1 FROM plan_line_version v WHERE v.line_id = pl.id)`,
      [lineId],
    );
  }

  /** Recomputes a version's totals from its lines; answers the new total. */
  async recomputeTotals(m: EntityManager, planId: string, version: number): Promise<string> {
    const [rows] = await m.query(
      `UPDATE plan_version pv
       SET total = s.total, total_sarpras = s.sarpras, total_pemberdayaan = s.pemberdayaan
       FROM (SELECT coalesce(sum(amount), 0) AS total,
                    coalesce(sum(amount) FILTER (WHERE category = 'sarpras'), 0) AS sarpras,
                    coalesce(sum(amount) FILTER (WHERE category = 'pemberdayaan'), 0) AS pemberdayaan
             FROM plan_line_version WHERE plan_id = $1 AND version = $2) s
       WHERE pv.plan_id = $1 AND pv.version = $2
       RETURNING pv.total`,
      [planId, version],
    );
    // TypeORM answers [rows, affected] for UPDATE … RETURNING
    return (Array.isArray(rows) ? rows[0] : rows).total;
  }

  async markSubmitted(m: EntityManager, planId: string, version: number, status: PlanStatus, by: string): Promise<void> {
    await m.query(`UPDATE plan_version SET status = $3, submitted_at = now(), submitted_by = $4 WHERE plan_id = $1 AND version = $2`, [planId, version, status, by]);
  }

  async markReturned(m: EntityManager, planId: string, version: number, status: PlanStatus, by: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE plan_version SET status = $3, returned_at = now(), returned_by = $4, return_reason = $5 WHERE plan_id = $1 AND version = $2`,
      [planId, version, status, by, reason],
    );
  }

  /** The version comes into force; the one in force before (if another) is superseded. */
  async markApproved(m: EntityManager, plan: PlanRow, version: number, status: PlanStatus, by: string): Promise<void> {
    if (plan.in_force_version !== null && plan.in_force_version !== version) {
      await m.query(`UPDATE plan_version SET status = 'superseded', superseded_at = now() WHERE plan_id = $1 AND version = $2`, [plan.id, plan.in_force_version]);
    }
    await m.query(`UPDATE plan_version SET status = $3, approved_at = now(), approved_by = $4 WHERE plan_id = $1 AND version = $2`, [plan.id, version, status, by]);
    await m.query(`UPDATE plan SET in_force_version = $2 WHERE id = $1`, [plan.id, version]);
  }

  /** A new version copying `from` (same line ids: the plan_line rows and their spending are shared). */
  async copyVersion(m: EntityManager, planId: string, from: number, status: PlanStatus, by: string): Promise<number> {
    const next = from + 1;
    await m.query(
      `INSERT INTO plan_version (plan_id, version, status, total, total_sarpras, total_pemberdayaan, created_by)
       SELECT plan_id, $2, $3, total, total_sarpras, total_pemberdayaan, $4 FROM plan_version WHERE plan_id = $1 AND version = $5`,
      [planId, next, status, by, from],
    );
    await m.query(
      `INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code, volume, unit,
                                      unit_price, amount, location, funding_source)
       SELECT plan_id, $2, line_id, position, category, sub_type, description, account_code, volume, unit, unit_price, amount, location, funding_source
       FROM plan_line_version WHERE plan_id = $1 AND version = $3`,
      [planId, next, from],
    );
    await m.query(`UPDATE plan SET latest_version = $2 WHERE id = $1`, [planId, next]);
    return next;
  }

  /** Every line row of the plan locked, in id order (spending takes the same locks, one at a time). */
  async lockLines(m: EntityManager, planId: string): Promise<void> {
    await m.query(`SELECT id FROM plan_line WHERE plan_id = $1 ORDER BY id FOR NO KEY UPDATE`, [planId]);
  }

  /** The lines of `version` summed per funding source. */
  async totalsBySource(m: EntityManager, planId: string, version: number): Promise<Array<{ source: string; total: string }>> {
    return m.query(
      `SELECT funding_source AS source, sum(amount)::bigint AS total FROM plan_line_version WHERE plan_id = $1 AND version = $2
       GROUP BY funding_source ORDER BY funding_source`,
      [planId, version],
    );
  }

  /** For every plan in force under `regionCode`: per funding source, the lines' total and what is spent on them. */
  async committedBySource(m: EntityManager, regionCode: string, year: number): Promise<Array<{ kelurahan_code: string; source: string; approved: string; spent: string }>> {
    return m.query(
      `SELECT p.kelurahan_code, plv.funding_source AS source, sum(plv.amount)::bigint AS approved, sum(pl.spent)::bigint AS spent
         FROM plan p
         JOIN plan_line_version plv ON plv.plan_id = p.id AND plv.version = p.in_force_version
         JOIN plan_line pl ON pl.id = plv.line_id
        WHERE p.year = $2 AND ${regionPrefixSql('p.kelurahan_code', '$1')}
        GROUP BY p.kelurahan_code, plv.funding_source`,
      [regionCode, year],
    );
  }

  /** The first line of `version` budgeted below what is already spent on it. */
  async firstLineBelowSpent(m: EntityManager, planId: string, version: number) {
    const [row]: Array<{ line_id: string; description: string; amount: string; spent: string }> = await m.query(
      `SELECT plv.line_id, plv.description, plv.amount, pl.spent FROM plan_line_version plv JOIN plan_line pl ON pl.id = plv.line_id
       WHERE plv.plan_id = $1 AND plv.version = $2 AND plv.amount < pl.spent ORDER BY plv.position LIMIT 1`,
      [planId, version],
    );
    return row;
  }

  /** The first line with spending that `version` leaves out. */
  async firstDroppedLineWithSpending(m: EntityManager, planId: string, version: number) {
    const [row]: Array<{ id: string; spent: string; description: string | null }> = await m.query(
      `SELECT pl.id, pl.spent,
              (SELECT v.description FROM plan_line_version v WHERE v.line_id = pl.id ORDER BY v.version DESC LIMIT 1) AS description
       FROM plan_line pl
       WHERE pl.plan_id = $1 AND pl.spent > 0
         AND NOT EXISTS (SELECT 1 FROM plan_line_version v WHERE v.plan_id = $1 AND v.version = $2 AND v.line_id = pl.id)
       ORDER BY pl.id LIMIT 1`,
      [planId, version],
    );
    return row;
  }

  // ---- what spending books against (PlanLedgerService)

  async lockLine(m: EntityManager, lineId: string): Promise<{ id: string; plan_id: string; kelurahan_code: string; spent: string } | undefined> {
    if (!isUuid(lineId)) return undefined;
    const [row] = await m.query('SELECT id, plan_id, kelurahan_code, spent FROM plan_line WHERE id = $1 FOR UPDATE', [lineId]);
    return row;
  }

  async addToSpent(m: EntityManager, lineId: string, amount: number): Promise<void> {
    await m.query('UPDATE plan_line SET spent = spent + $2, entry_count = entry_count + 1 WHERE id = $1', [lineId, amount]);
  }
}

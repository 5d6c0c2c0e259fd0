import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { regionPrefixSql } from '../../database/sql-where';

/** A line of the latest version of each plan: what the lurah proposes now (draft, submitted or approved). */
export interface PlanLineRow {
  line_id: string;
  plan_id: string;
  kelurahan_code: string;
  description: string;
  account_code: string;
  unit: string;
  unit_price: string;
}

export interface DuplicateRow {
  kelurahan_code: string;
  how: 'number' | 'payee_amount_date';
  label: string;
  ids: string[];
  plan_ids: string[];
  amounts: string[];
  dates: string[];
}

export interface SplitRow {
  kelurahan_code: string;
  payee: string;
  threshold: string;
  total: string;
  biggest: string;
  n: number;
  first_on: string;
  last_on: string;
  ids: string[];
  plan_id: string;
}

export interface AbsorptionRow {
  kelurahan_code: string;
  name: string | null;
  plan_id: string;
  budget: string;
  /** [month, amount] pairs of the kelurahan's realisasi */
  months: Array<[number, string]>;
}

/** `column` lies under the region prefix `ph` (every region when the prefix is ''). */
const under = (column: string, ph: string) => `(${ph}::text = '' OR ${regionPrefixSql(column, ph)})`;

/**
 * Where to look: one region prefix (a kab/kota or below: the range the btree serves), or a list of kab/kota
 * codes read in one pass (a province or the nation, where a scan is cheaper than one query per kab/kota).
 */
export type DetectionScope = string | string[];
const inScope = (column: string, ph: string, scope: DetectionScope) =>
  typeof scope === 'string' ? under(column, ph) : `left(${column}, 5) = ANY(${ph}::text[])`;

// Ledger entries that count: not a reversal, and not reversed by one.
const live = (scope: DetectionScope) => `
  SELECT e.id, e.seq, e.plan_id, e.kelurahan_code, e.spent_on, e.amount, e.payee, e.evidence_no
    FROM spending_entry e
   WHERE e.year = $1 AND ${inScope('e.kelurahan_code', '$2', scope)} AND e.reverses_id IS NULL
     AND NOT EXISTS (SELECT 1 FROM spending_entry r WHERE r.reverses_id = e.id)`;

/**
 * The reads early warning rests on, across plans, the ledger and the region tree: one kab/kota (or any region
 * prefix) and year at a time. Everything set-based here; the judgement (statistics, rules) is in the service.
 */
@Injectable()
export class FlagsDetectionQuery {
  constructor(private readonly db: DataSource) {}

  /** Kab/kota codes under (or above) `region` that have plans in `year`. */
  async kabkotasWithPlans(region: string | null, year: number): Promise<string[]> {
    const rows: Array<{ k: string }> = await this.db.query(
      `SELECT DISTINCT left(p.kelurahan_code, 5) AS k FROM plan p
        WHERE p.year = $1 AND ${under('p.kelurahan_code', '$2')} ORDER BY 1`,
      [year, region && region.length > 5 ? region.slice(0, 5) : (region ?? '')],
    );
    return rows.map((r) => r.k);
  }

  async planLines(scope: DetectionScope, year: number, m: EntityManager = this.db.manager): Promise<PlanLineRow[]> {
    return m.query(
      `SELECT lv.line_id, p.id AS plan_id, p.kelurahan_code, lv.description, lv.account_code, lv.unit, lv.unit_price
         FROM plan p JOIN plan_line_version lv ON lv.plan_id = p.id AND lv.version = p.latest_version
        WHERE p.year = $1 AND ${inScope('p.kelurahan_code', '$2', scope)}
        ORDER BY p.kelurahan_code, lv.position, lv.line_id`,
      [year, scope],
    );
  }

  /** Groups of live entries of one kelurahan with the same receipt number, or the same payee, amount and date. */
  async duplicates(scope: DetectionScope, year: number, opts: { sameNumber: boolean; samePayeeAmountDate: boolean }): Promise<DuplicateRow[]> {
    return this.db.query(
      `WITH live AS (${live(scope)})
       SELECT kelurahan_code, 'number' AS how, min(evidence_no) AS label,
              array_agg(id ORDER BY seq) AS ids, array_agg(plan_id ORDER BY seq) AS plan_ids,
              array_agg(amount::text ORDER BY seq) AS amounts, array_agg(spent_on::text ORDER BY seq) AS dates
         FROM live WHERE $3::boolean GROUP BY kelurahan_code, lower(btrim(evidence_no)) HAVING count(*) > 1
       UNION ALL
       SELECT kelurahan_code, 'payee_amount_date', min(payee) || ' · ' || amount || ' · ' || spent_on,
              array_agg(id ORDER BY seq), array_agg(plan_id ORDER BY seq),
              array_agg(amount::text ORDER BY seq), array_agg(spent_on::text ORDER BY seq)
         FROM live WHERE $4::boolean GROUP BY kelurahan_code, lower(btrim(payee)), amount, spent_on HAVING count(*) > 1
       ORDER BY 1, 2, 3`,
      [year, scope, opts.sameNumber, opts.samePayeeAmountDate],
    );
  }

  /**
   * Windows of `windowDays` (ending at each entry) of one payee in one kelurahan whose total reaches a threshold
   * while every entry in it stays under that threshold; per kelurahan, payee and threshold the largest window.
   */
  async splits(scope: DetectionScope, year: number, windowDays: number, thresholds: number[]): Promise<SplitRow[]> {
    return this.db.query(
      `WITH live AS (${live(scope)}),
       w AS (
         SELECT kelurahan_code, lower(btrim(payee)) AS payee_key, payee, plan_id, spent_on,
                sum(amount) OVER win AS total, max(amount) OVER win AS biggest, count(*) OVER win AS n,
                min(spent_on) OVER win AS first_on, array_agg(id) OVER win AS ids
           FROM live
         WINDOW win AS (PARTITION BY kelurahan_code, lower(btrim(payee)) ORDER BY spent_on
                        RANGE BETWEEN make_interval(days => $3::int - 1) PRECEDING AND CURRENT ROW)
       ),
       crossed AS (
         SELECT w.*, (SELECT max(t) FROM unnest($4::bigint[]) t WHERE w.biggest < t AND w.total >= t) AS threshold
           FROM w WHERE w.n > 1
       )
       SELECT DISTINCT ON (kelurahan_code, payee_key, threshold)
              kelurahan_code, payee, threshold::text, total::text, biggest::text, n::int, first_on::text, spent_on::text AS last_on, ids, plan_id
         FROM crossed WHERE threshold IS NOT NULL
        ORDER BY kelurahan_code, payee_key, threshold, total DESC, spent_on`,
      [year, scope, windowDays, thresholds],
    );
  }

  /** Each kelurahan with a plan in force: its budget and its realisasi per month. */
  async absorption(scope: DetectionScope, year: number): Promise<AbsorptionRow[]> {
    return this.db.query(
      `WITH mt AS (
         SELECT kelurahan_code, month, sum(amount) AS amount FROM kelurahan_month_total
          WHERE year = $1 AND ${inScope('kelurahan_code', '$2', scope)} GROUP BY 1, 2
       ), agg AS (
         SELECT kelurahan_code, json_agg(json_build_array(month, amount::text)) AS months FROM mt GROUP BY 1
       )
       SELECT p.kelurahan_code, r.name, p.id AS plan_id, v.total::text AS budget, coalesce(agg.months, '[]') AS months
         FROM plan p
         JOIN plan_version v ON v.plan_id = p.id AND v.version = p.in_force_version
         LEFT JOIN agg ON agg.kelurahan_code = p.kelurahan_code
         LEFT JOIN region r ON r.code = p.kelurahan_code
        WHERE p.year = $1 AND ${inScope('p.kelurahan_code', '$2', scope)}
        ORDER BY p.kelurahan_code`,
      [year, scope],
    );
  }

  /** Names of the kelurahan under `prefix` (for the risk list and the auditor's workbook). */
  async kelurahanNames(prefix: string): Promise<Map<string, string>> {
    const rows: Array<{ code: string; name: string }> = await this.db.query(
      `SELECT code, name FROM region WHERE level = 'kelurahan' AND ${under('code', '$1')}`,
      [prefix],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}

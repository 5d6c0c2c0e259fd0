import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withStatementBudget } from '../../database/statement-budget';
import { moneyOrNull } from '../../common/money/rupiah';
import type { RegionLevel } from '../regions/region.entity';

/** The columns a dashboard table sorts by (the page's `urut` parameter). */
export const DASHBOARD_SORTS = ['nama', 'pagu', 'rencana', 'realisasi', 'sisa', 'serapan', 'status', 'entri', 'tutup'] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

export interface DashboardQueryInput {
  /** null: the nation. */
  code: string | null;
  year: number;
  /** Last month of the period: realisasi is cumulative from January to its end. */
  lastMonth: number;
  /** Last day of the period, YYYY-MM-DD: the last entry is the latest dated on or before it. */
  periodEnd: string;
  /** Code length of the rows: 2 provinsi, 5 kab/kota, 8 kecamatan, 13 kelurahan. */
  childLength: number;
  sort: DashboardSort;
  direction: SortDirection;
  limit: number;
  offset: number;
}

/** One row of a dashboard table (a region, or a plan line of a kelurahan); money in whole rupiah. */
export interface DashboardFigures {
  allocation: number | null;
  planned: number;
  realized: number;
  remaining: number;
  /** realized / planned × 100, two decimals (computed in SQL); 0 when planned is 0. */
  absorption: number;
  /** Kelurahan under the row (1 for a kelurahan) and how many of them have an approved plan in force. */
  kelurahan: number;
  approved: number;
  /** The status of the newest plan version (a kelurahan or a line), null when there is no plan. */
  planStatus: string | null;
  /** The newest plan version is an amendment (version > 1). */
  amendment: boolean;
  /** Date of the newest ledger entry on or before the period's end, YYYY-MM-DD. */
  lastEntry: string | null;
  /** Closed months of the year, summed over the kelurahan under the row (out of 12 per kelurahan). */
  monthsClosed: number;
}

export interface DashboardRow extends DashboardFigures {
  code: string;
  name: string;
  level: RegionLevel | 'line';
  // Plan lines only.
  lineId?: string;
  category?: string;
  subType?: string;
}

export interface DashboardTable {
  rows: DashboardRow[];
  /** Rows of the whole table (all pages). */
  rowCount: number;
  totals: DashboardFigures;
}

export interface MonthFigures {
  month: number;
  sarpras: number;
  pemberdayaan: number;
}

export interface SubTypeFigures {
  category: string;
  subType: string;
  planned: number;
  realized: number;
}

const money = (v: unknown): number => moneyOrNull(v) ?? 0;
const isoDate = (v: unknown): string | null => {
  if (v == null) return null;
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
};

// The ORDER BY of each sort key: whitelisted expressions over the `rows` CTE, ties broken by the code.
const ORDER: Record<DashboardSort, string> = {
  nama: 'name',
  pagu: 'allocation',
  rencana: 'planned',
  realisasi: 'realized',
  sisa: 'remaining',
  serapan: 'absorption',
  status: 'approved_share',
  entri: 'last_entry',
  tutup: 'closed_share',
};

// A dotted-prefix range on the "C"-collated codes ('/' follows '.'); the nation is every code (':' follows '9').
const rangeOf = (code: string | null): [string, string] => [code ?? '', code === null ? ':' : `${code}/`];

// Per kelurahan of the range: pagu, the plan in force, realisasi to the end of the period (running month totals),
// plan status, the last ledger entry (index (kelurahan_code, year, spent_on), one backward probe each) and closed months.
// $1 year, $2..$3 code range, $4 last month, $5 period end.
const PER_KELURAHAN = `
  per_kel AS (
    SELECT k.code,
           coalesce(a.amount, 0)::bigint AS allocation,
           coalesce(v.total, 0)::bigint AS planned,
           coalesce(s.realized, 0)::bigint AS realized,
           (p.in_force_version IS NOT NULL) AS approved,
           lv.status AS latest_status,
           coalesce(p.latest_version, 0) AS latest_version,
           e.last_entry,
           coalesce(b.closed, 0)::int AS months_closed
    FROM region k
    LEFT JOIN allocation a ON a.kelurahan_code = k.code AND a.year = $1
    LEFT JOIN plan p ON p.kelurahan_code = k.code AND p.year = $1
    LEFT JOIN plan_version v ON v.plan_id = p.id AND v.version = p.in_force_version
    LEFT JOIN plan_version lv ON lv.plan_id = p.id AND lv.version = p.latest_version
    LEFT JOIN (
      SELECT t.kelurahan_code, sum(t.amount) AS realized
      FROM kelurahan_month_total t
      WHERE t.year = $1 AND t.month <= $4 AND t.kelurahan_code >= $2 AND t.kelurahan_code < $3
      GROUP BY t.kelurahan_code
    ) s ON s.kelurahan_code = k.code
    LEFT JOIN (
      SELECT bp.kelurahan_code, count(*) AS closed
      FROM book_period bp
      WHERE bp.year = $1 AND bp.closed AND bp.kelurahan_code >= $2 AND bp.kelurahan_code < $3
      GROUP BY bp.kelurahan_code
    ) b ON b.kelurahan_code = k.code
    LEFT JOIN LATERAL (
      SELECT max(se.spent_on) AS last_entry FROM spending_entry se
      WHERE se.kelurahan_code = k.code AND se.year = $1 AND se.spent_on <= $5::date
    ) e ON true
    WHERE k.level = 'kelurahan' AND k.code >= $2 AND k.code < $3
  )`;

const ABSORPTION = (realized: string, planned: string) =>
  `CASE WHEN ${planned} = 0 THEN 0 ELSE round(${realized} * 100.0 / ${planned}, 2) END`;

// The region rows one level down, sorted and paged in SQL, and the region's own total in the same round trip.
// $6 child code length, $7 limit, $8 offset.
const regionSql = (order: string) => `
WITH ${PER_KELURAHAN},
  per_child AS (
    SELECT left(code, $6) AS code, sum(allocation) AS allocation, sum(planned) AS planned, sum(realized) AS realized,
           count(*) AS kelurahan, count(*) FILTER (WHERE approved) AS approved, max(last_entry) AS last_entry,
           sum(months_closed) AS months_closed, min(latest_status) AS latest_status, max(latest_version) AS latest_version
    FROM per_kel GROUP BY 1
  ),
  rows AS (
    SELECT r.code, r.name, r.level,
           coalesce(c.allocation, 0) AS allocation, coalesce(c.planned, 0) AS planned, coalesce(c.realized, 0) AS realized,
           coalesce(c.planned, 0) - coalesce(c.realized, 0) AS remaining,
           ${ABSORPTION('coalesce(c.realized, 0)', 'coalesce(c.planned, 0)')} AS absorption,
           coalesce(c.kelurahan, 0) AS kelurahan, coalesce(c.approved, 0) AS approved,
           c.latest_status, coalesce(c.latest_version, 0) AS latest_version, c.last_entry,
           coalesce(c.months_closed, 0) AS months_closed,
           CASE WHEN coalesce(c.kelurahan, 0) = 0 THEN 0 ELSE c.approved::numeric / c.kelurahan END AS approved_share,
           CASE WHEN coalesce(c.kelurahan, 0) = 0 THEN 0 ELSE c.months_closed::numeric / c.kelurahan END AS closed_share
    FROM region r LEFT JOIN per_child c ON c.code = r.code
    WHERE r.code >= $2 AND r.code < $3 AND length(r.code) = $6
  ),
  page AS (
    SELECT 'row' AS kind, rows.*, count(*) OVER () AS row_count FROM rows
    ORDER BY ${order}, code
    LIMIT $7 OFFSET $8
  )
SELECT * FROM page
UNION ALL
SELECT 'total', NULL, NULL, NULL, sum(allocation), sum(planned), sum(realized), sum(planned) - sum(realized),
       ${ABSORPTION('sum(realized)', 'sum(planned)')}, count(*), count(*) FILTER (WHERE approved), NULL, NULL,
       max(last_entry), sum(months_closed), NULL, NULL, (SELECT count(*) FROM rows)
FROM per_kel`;

// A kelurahan: its plan lines of the version in force, sorted and paged in SQL, and the kelurahan's own total.
// $6 limit, $7 offset, $8 the kelurahan code.
const lineSql = (order: string) => `
WITH ${PER_KELURAHAN},
  lines AS (
    SELECT lv.line_id, lv.position, lv.category, lv.sub_type, lv.account_code, lv.description, lv.amount
    FROM plan p JOIN plan_line_version lv ON lv.plan_id = p.id AND lv.version = p.in_force_version
    WHERE p.kelurahan_code = $8 AND p.year = $1
  ),
  rows AS (
    SELECT l.line_id::text AS code, l.description AS name, 'line' AS level, l.category, l.sub_type, l.account_code, l.position,
           NULL::bigint AS allocation, l.amount AS planned, coalesce(t.realized, 0) AS realized,
           l.amount - coalesce(t.realized, 0) AS remaining,
           ${ABSORPTION('coalesce(t.realized, 0)', 'l.amount')} AS absorption,
           1 AS kelurahan, k.approved::int AS approved, k.latest_status, k.latest_version,
           (SELECT max(se.spent_on) FROM spending_entry se WHERE se.plan_line_id = l.line_id AND se.spent_on <= $5::date) AS last_entry,
           k.months_closed, k.approved::int AS approved_share, k.months_closed AS closed_share
    FROM lines l
    CROSS JOIN per_kel k
    LEFT JOIN (
      SELECT m.plan_line_id, sum(m.amount) AS realized FROM plan_line_month_total m
      WHERE m.plan_line_id IN (SELECT line_id FROM lines) AND m.month <= $4 GROUP BY 1
    ) t ON t.plan_line_id = l.line_id
  ),
  page AS (
    SELECT 'row' AS kind, rows.*, count(*) OVER () AS row_count FROM rows
    ORDER BY ${order}, category, account_code, position
    LIMIT $6 OFFSET $7
  )
SELECT * FROM page
UNION ALL
SELECT 'total', NULL, NULL, NULL, NULL, NULL, NULL, NULL, sum(allocation), sum(planned), sum(realized),
       sum(planned) - sum(realized), ${ABSORPTION('sum(realized)', 'sum(planned)')}, count(*),
       count(*) FILTER (WHERE approved), min(latest_status), max(latest_version), max(last_entry), sum(months_closed),
       NULL, NULL, (SELECT count(*) FROM rows)
FROM per_kel`;

// Realisasi per month and category up to the period's end, from the running month totals.
const MONTHS_SQL = `
SELECT t.month, t.category, sum(t.amount) AS amount
FROM kelurahan_month_total t
WHERE t.year = $1 AND t.month <= $4 AND t.kelurahan_code >= $2 AND t.kelurahan_code < $3
GROUP BY 1, 2 ORDER BY 1, 2`;

// Rencana and realisasi per sub-type (A1..A4, B1..B6) of the lines in force, each summed straight into its ten groups
// (no per-line aggregate in between, which spilled to disk and misled the planner into JIT nationally). To the end of
// December a line's own running total (plan_line.spent) is the sum of its month totals: one row per line.
const subTypeSql = (wholeYear: boolean) => `
WITH lines AS (
  SELECT lv.line_id, lv.category, lv.sub_type, lv.amount
  FROM plan p JOIN plan_line_version lv ON lv.plan_id = p.id AND lv.version = p.in_force_version
  WHERE p.year = $1 AND p.kelurahan_code >= $2 AND p.kelurahan_code < $3
), planned AS (
  SELECT category, sub_type, sum(amount) AS planned FROM lines GROUP BY 1, 2
), realized AS (
  ${
    wholeYear
      ? `SELECT l.sub_type, sum(pl.spent) AS realized FROM plan_line pl JOIN lines l ON l.line_id = pl.id WHERE $4::int = 12 GROUP BY 1`
      : `SELECT l.sub_type, sum(m.amount) AS realized FROM plan_line_month_total m JOIN lines l ON l.line_id = m.plan_line_id
         WHERE m.month <= $4 GROUP BY 1`
  }
)
SELECT p.category, p.sub_type, p.planned, coalesce(r.realized, 0) AS realized
FROM planned p LEFT JOIN realized r ON r.sub_type = p.sub_type
ORDER BY 2`;

interface RawRow {
  kind: 'row' | 'total';
  code: string | null;
  name: string | null;
  level: string | null;
  category?: string | null;
  sub_type?: string | null;
  allocation: string | null;
  planned: string | null;
  realized: string | null;
  remaining: string | null;
  absorption: string | null;
  kelurahan: string | number | null;
  approved: string | number | null;
  latest_status: string | null;
  latest_version: string | number | null;
  last_entry: Date | string | null;
  months_closed: string | number | null;
  row_count: string | number | null;
}

function figuresOf(r: RawRow, line: boolean): DashboardFigures {
  const kelurahan = Number(r.kelurahan ?? 0);
  return {
    allocation: line && r.kind === 'row' ? null : money(r.allocation),
    planned: money(r.planned),
    realized: money(r.realized),
    remaining: money(r.remaining),
    absorption: Number(r.absorption ?? 0),
    kelurahan,
    approved: Number(r.approved ?? 0),
    planStatus: r.latest_status ?? null,
    amendment: Number(r.latest_version ?? 0) > 1,
    lastEntry: isoDate(r.last_entry),
    monthsClosed: Number(r.months_closed ?? 0),
  };
}

/**
 * The dashboard's SQL: every figure summed in PostgreSQL over bigint rupiah, from the running totals (never a scan of
 * the ledger), with sorting and paging done in the same statement.
 */
@Injectable()
export class DashboardQuery {
  constructor(private readonly db: DataSource) {}

  async table(q: DashboardQueryInput): Promise<DashboardTable> {
    const [lo, hi] = rangeOf(q.code);
    const order = `${ORDER[q.sort]} ${q.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`;
    const line = q.childLength > 13;
    const raw: RawRow[] = await withStatementBudget(this.db, undefined, (m) =>
      line
        ? m.query(lineSql(order), [q.year, lo, hi, q.lastMonth, q.periodEnd, q.limit, q.offset, q.code])
        : m.query(regionSql(order), [q.year, lo, hi, q.lastMonth, q.periodEnd, q.childLength, q.limit, q.offset]),
    );
    const total = raw.find((r) => r.kind === 'total');
    const rows = raw
      .filter((r) => r.kind === 'row')
      .map((r) => ({
        code: r.code!,
        name: r.name!,
        level: (line ? 'line' : r.level) as RegionLevel | 'line',
        ...(line ? { lineId: r.code!, category: r.category ?? undefined, subType: r.sub_type ?? undefined } : {}),
        ...figuresOf(r, line),
      }));
    return {
      rows,
      rowCount: Number(total?.row_count ?? 0),
      totals: total ? figuresOf(total, false) : figuresOf({ kind: 'total' } as RawRow, false),
    };
  }

  /** The region and its ancestors that exist, nearest first. */
  async lineage(codes: string[]): Promise<Array<{ code: string; name: string; level: RegionLevel }>> {
    if (!codes.length) return [];
    const rows: Array<{ code: string; name: string; level: RegionLevel }> = await this.db.query(
      `SELECT code, name, level FROM region WHERE code = ANY($1::text[]) ORDER BY length(code) DESC`,
      [codes],
    );
    return rows;
  }

  async months(code: string | null, year: number, lastMonth: number): Promise<MonthFigures[]> {
    const [lo, hi] = rangeOf(code);
    const raw: Array<{ month: number; category: string; amount: string }> = await withStatementBudget(this.db, undefined, (m) =>
      m.query(MONTHS_SQL, [year, lo, hi, lastMonth]),
    );
    return Array.from({ length: lastMonth }, (_, i) => {
      const of = (c: string) => money(raw.find((r) => Number(r.month) === i + 1 && r.category === c)?.amount);
      return { month: i + 1, sarpras: of('sarpras'), pemberdayaan: of('pemberdayaan') };
    });
  }

  async subTypes(code: string | null, year: number, lastMonth: number): Promise<SubTypeFigures[]> {
    const [lo, hi] = rangeOf(code);
    const raw: Array<{ category: string; sub_type: string; planned: string; realized: string }> = await withStatementBudget(this.db, undefined, (m) =>
      m.query(subTypeSql(lastMonth === 12), [year, lo, hi, lastMonth]),
    );
    return raw.map((r) => ({ category: r.category, subType: r.sub_type, planned: money(r.planned), realized: money(r.realized) }));
  }
}

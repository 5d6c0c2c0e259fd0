import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../../common/ids/uuid';
import { moneyOrNull } from '../../common/money/rupiah';
import { monthsOf, type Period } from '../../common/period/period';
import type { RegionLevel } from '../regions/region.entity';
import type { PlanApprovalInput, PlanLineRow, SpendingCategory } from './model/report.types';

/** Figures per (category × before/in period); money in whole rupiah. */
export interface CategoryFigures {
  planned: number;
  realizedBefore: number;
  realizedInPeriod: number;
}

export interface RollUpFigures {
  allocation: number;
  planned: number;
  realizedBefore: number;
  realizedInPeriod: number;
  byCategory: Record<SpendingCategory, CategoryFigures>;
}

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface RegionFiguresRow extends RegionRow, RollUpFigures {}

export interface LineFiguresRow {
  lineId: string;
  position: number;
  category: SpendingCategory;
  subType: string;
  accountCode: string;
  description: string;
  volume: number;
  unit: string;
  location: string | null;
  fundingSource: string;
  planned: number;
  realizedBefore: number;
  realizedInPeriod: number;
}

export interface RollUp {
  /** The region asked for; null for the nation. */
  self: RegionRow | null;
  /** The region and its ancestors, nearest first. */
  lineage: RegionRow[];
  total: RollUpFigures;
  /** Rows per descendant level asked for (summary: the children only; export: every level below). */
  regions: RegionFiguresRow[];
  /** A kelurahan's plan lines of the version in force. */
  lines: LineFiguresRow[];
}

export interface RollUpQuery {
  /** null: the nation. */
  code: string | null;
  level: RegionLevel | 'nasional';
  year: number;
  period: Period;
  /** Code lengths of the descendant levels wanted: 2 provinsi, 5 kab/kota, 8 kecamatan, 13 kelurahan. */
  childLengths: number[];
}

// A sum over no rows (or a LEFT JOIN that found nothing) is NULL in SQL and zero rupiah in a report.
const toMoney = (value: unknown): number => moneyOrNull(value) ?? 0;

// Columns that every roll-up row carries, in this order; the figures come per category, split before/in period.
const FIGURE_COLUMNS = [
  'allocation',
  'planned',
  'planned_sarpras',
  'planned_pemberdayaan',
  'before_sarpras',
  'in_sarpras',
  'before_pemberdayaan',
  'in_pemberdayaan',
] as const;

type RawFigures = Record<(typeof FIGURE_COLUMNS)[number], string | null>;

function figures(raw: RawFigures): RollUpFigures {
  const m = (k: (typeof FIGURE_COLUMNS)[number]) => toMoney(raw[k]);
  const sarpras = { planned: m('planned_sarpras'), realizedBefore: m('before_sarpras'), realizedInPeriod: m('in_sarpras') };
  const pemberdayaan = {
    planned: m('planned_pemberdayaan'),
    realizedBefore: m('before_pemberdayaan'),
    realizedInPeriod: m('in_pemberdayaan'),
  };
  return {
    allocation: m('allocation'),
    planned: m('planned'),
    realizedBefore: sarpras.realizedBefore + pemberdayaan.realizedBefore,
    realizedInPeriod: sarpras.realizedInPeriod + pemberdayaan.realizedInPeriod,
    byCategory: { sarpras, pemberdayaan },
  };
}

export interface SignatoryRow {
  role: 'camat' | 'lurah' | 'bendahara';
  full_name: string;
  nip: string | null;
  rank: string | null;
  position: string | null;
}

/**
 * The roll-up SQL. It reads only the running totals (allocation, the plan version in force with its totals,
 * kelurahan_month_total, plan_line_month_total), never the ledger, and answers in one round trip.
 */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: DataSource) {}

  async rollUp(q: RollUpQuery, manager?: EntityManager): Promise<RollUp> {
    const months = monthsOf(q.period);
    const firstMonth = months[0];
    const lastMonth = months[months.length - 1];
    // A dotted-prefix range on the "C"-collated codes ('/' follows '.'); the nation is every code (':' follows '9').
    const lo = q.code ?? '';
    const hi = q.code === null ? ':' : `${q.code}/`;
    const lineage = q.code === null ? [] : ancestry(q.code);
    const common = [q.year, lo, hi, firstMonth, lastMonth];
    const runner = manager ?? this.db.manager;
    const rows: RawRow[] =
      q.level === 'kelurahan'
        ? await runner.query(KELURAHAN_SQL, [...common, lineage, q.code])
        : await runner.query(AGGREGATE_SQL, [...common, q.childLengths, lineage]);
    return this.shape(rows, q);
  }

  /** The plan a document is drawn from: its kelurahan, year and newest version; undefined when there is none. */
  async planHeader(planId: string): Promise<{ kelurahan_code: string; year: number; latest_version: number } | undefined> {
    if (!isUuid(planId)) return undefined;
    const [plan] = await this.db.query(`SELECT kelurahan_code, year, latest_version FROM plan WHERE id = $1`, [planId]);
    return plan;
  }

  /** Camat of the kecamatan, lurah and bendahara of the kelurahan, from the active users (the earliest created first). */
  async signatories(kecamatan: string, kelurahan: string | null): Promise<SignatoryRow[]> {
    const rows: SignatoryRow[] = await this.db.query(
      `SELECT DISTINCT ON (role) role, full_name, nip, rank, position FROM app_user
       WHERE active AND ((role = 'camat' AND region_code = $1) OR (role IN ('lurah', 'bendahara') AND region_code = $2))
       ORDER BY role, created_at, id`,
      [kecamatan, kelurahan],
    );
    return rows;
  }

  /** One version of a plan with its lines, the allocation, the approver and the region lineage; null when absent. */
  async planDocument(planId: string, version: number, manager: EntityManager = this.db.manager): Promise<PlanDocumentData | null> {
    const rows: PlanDocRaw[] = await manager.query(PLAN_DOCUMENT_SQL, [planId, version]);
    const head = rows.find((r) => r.kind === 'version');
    if (!head) return null;
    const lineage = rows
      .filter((r) => r.kind === 'lineage')
      .map((r) => ({ code: r.code!, name: r.name!, level: r.level as RegionLevel }))
      .sort((a, b) => b.code.length - a.code.length);
    const lines = rows
      .filter((r) => r.kind === 'line')
      .sort((a, b) => Number(a.position) - Number(b.position))
      .map((r) => ({
        lineId: r.code!,
        category: r.category as SpendingCategory,
        subType: r.sub_type!,
        accountCode: r.account_code!,
        description: r.name!,
        volume: Number(r.volume),
        unit: r.unit!,
        unitPrice: toMoney(r.unit_price),
        amount: toMoney(r.amount),
        location: r.location,
        fundingSource: r.funding_source,
      }));
    return {
      status: head.status!,
      previousVersion: head.previous_version ?? null,
      supersededBy: head.superseded_by ?? null,
      allocation: toMoney(head.amount),
      // The stamp shows on a version that was approved (in force, or since superseded by an amendment).
      approval:
        (head.status === 'approved' || head.status === 'superseded') && head.approved_at
          ? {
              approvedAt: head.approved_at,
              approverName: head.approver_name ?? '',
              approverTitle: head.approver_position,
              approverNip: head.approver_nip,
            }
          : null,
      lines,
      lineage,
    };
  }

  private shape(rows: RawRow[], q: RollUpQuery): RollUp {
    const lineage: RegionRow[] = [];
    const regions: RegionFiguresRow[] = [];
    const lines: LineFiguresRow[] = [];
    let total: RollUpFigures | null = null;
    for (const r of rows) {
      if (r.kind === 'lineage') lineage.push({ code: r.code!, name: r.name!, level: r.level as RegionLevel });
      else if (r.kind === 'total') total = figures(r);
      else if (r.kind === 'region') {
        regions.push({ code: r.code!, name: r.name!, level: r.level as RegionLevel, ...figures(r) });
      } else if (r.kind === 'line') {
        lines.push({
          lineId: r.code!,
          position: Number(r.position),
          category: r.category as SpendingCategory,
          subType: r.sub_type!,
          accountCode: r.account_code!,
          description: r.name!,
          volume: Number(r.volume),
          unit: r.unit!,
          location: r.location,
          fundingSource: r.funding_source!,
          planned: toMoney(r.planned),
          // A line's figures sit in the columns of its own category; the other pair is zero.
          realizedBefore: toMoney(r.before_sarpras) + toMoney(r.before_pemberdayaan),
          realizedInPeriod: toMoney(r.in_sarpras) + toMoney(r.in_pemberdayaan),
        });
      }
    }
    lineage.sort((a, b) => b.code.length - a.code.length);
    const self = q.code === null ? null : (lineage.find((r) => r.code === q.code) ?? null);
    return { self, lineage, total: total ?? figures({} as RawFigures), regions, lines };
  }
}

export interface PlanDocumentData {
  status: string;
  /** The approved version this one amends (null for the original). */
  previousVersion: number | null;
  /** The approved version that replaced this one (null unless superseded). */
  supersededBy: number | null;
  allocation: number;
  approval: (PlanApprovalInput & { approvedAt: Date; approverTitle: string | null; approverNip: string | null }) | null;
  lines: Array<PlanLineRow & { lineId: string; location: string | null }>;
  lineage: RegionRow[];
}

interface PlanDocRaw {
  kind: 'version' | 'line' | 'lineage';
  code: string | null;
  name: string | null;
  level: string | null;
  status: string | null;
  approved_at: Date | null;
  approver_name: string | null;
  approver_position: string | null;
  approver_nip: string | null;
  position: number | null;
  category: string | null;
  sub_type: string | null;
  account_code: string | null;
  volume: string | null;
  unit: string | null;
  unit_price: string | null;
  amount: string | null;
  location: string | null;
  funding_source: string | null;
  previous_version: number | null;
  superseded_by: number | null;
}

interface RawRow extends RawFigures {
  kind: 'lineage' | 'total' | 'region' | 'line';
  code: string | null;
  name: string | null;
  level: string | null;
  position: number | null;
  category: string | null;
  sub_type: string | null;
  account_code: string | null;
  volume: string | null;
  unit: string | null;
  location: string | null;
  funding_source: string | null;
}

/** '35.73.01.1001' → ['35.73.01.1001', '35.73.01', '35.73', '35']. */
function ancestry(code: string): string[] {
  const out: string[] = [];
  for (let c = code; c; c = c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : '') out.push(c);
  return out;
}

// Per-kelurahan figures, one row per kelurahan of the range: its allocation, the plan version in force, and its month
// totals summed before/in the period. Every source holds at most one row per kelurahan, so these are plain joins.
// $1 year, $2..$3 code range, $4 first month of the period, $5 its last month.
const PER_KELURAHAN_CTE = `
  per_kel AS (
    SELECT k.code,
           coalesce(a.amount, 0) AS allocation,
           coalesce(v.total, 0) AS planned,
           coalesce(v.total_sarpras, 0) AS planned_sarpras,
           coalesce(v.total_pemberdayaan, 0) AS planned_pemberdayaan,
           coalesce(s.before_sarpras, 0) AS before_sarpras,
           coalesce(s.in_sarpras, 0) AS in_sarpras,
           coalesce(s.before_pemberdayaan, 0) AS before_pemberdayaan,
           coalesce(s.in_pemberdayaan, 0) AS in_pemberdayaan
    FROM region k
    LEFT JOIN allocation a ON a.kelurahan_code = k.code AND a.year = $1
    LEFT JOIN plan p ON p.kelurahan_code = k.code AND p.year = $1
    LEFT JOIN plan_version v ON v.plan_id = p.id AND v.version = p.in_force_version
    LEFT JOIN (
      SELECT t.kelurahan_code,
             sum(t.amount) FILTER (WHERE t.category = 'sarpras' AND t.month < $4) AS before_sarpras,
             sum(t.amount) FILTER (WHERE t.category = 'sarpras' AND t.month >= $4) AS in_sarpras,
             sum(t.amount) FILTER (WHERE t.category = 'pemberdayaan' AND t.month < $4) AS before_pemberdayaan,
             sum(t.amount) FILTER (WHERE t.category = 'pemberdayaan' AND t.month >= $4) AS in_pemberdayaan
      FROM kelurahan_month_total t
      WHERE t.year = $1 AND t.month <= $5 AND t.kelurahan_code >= $2 AND t.kelurahan_code < $3
      GROUP BY t.kelurahan_code
    ) s ON s.kelurahan_code = k.code
    WHERE k.level = 'kelurahan' AND k.code >= $2 AND k.code < $3
  )`;

const FIGURE_SUMS = FIGURE_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ');
const FIGURE_NULLS = FIGURE_COLUMNS.map((c) => `NULL::numeric AS ${c}`).join(', ');
const LINE_NULLS = `NULL::int AS position, NULL::text AS category, NULL::text AS sub_type, NULL::text AS account_code,
  NULL::numeric AS volume, NULL::text AS unit, NULL::text AS location, NULL::text AS funding_source`;

// Every roll-up ends the same way: the region's own total, and its lineage (the codes in the given parameter).
const TOTAL_AND_LINEAGE = (lineageParam: string) => `UNION ALL
SELECT 'total', NULL, NULL, NULL, ${LINE_NULLS}, ${FIGURE_SUMS} FROM per_kel
UNION ALL
SELECT 'lineage', code, name, level, ${LINE_NULLS}, ${FIGURE_NULLS} FROM region WHERE code = ANY(${lineageParam}::text[])
ORDER BY 1, 2`;

// Kecamatan, kab/kota, provinsi or the nation: per kelurahan first, then summed per descendant region.
// $6 the code lengths of the levels wanted, $7 the region and its ancestors.
const AGGREGATE_SQL = `
WITH ${PER_KELURAHAN_CTE},
  per_region AS (
    SELECT left(k.code, l.len) AS code, ${FIGURE_COLUMNS.map((c) => `sum(k.${c}) AS ${c}`).join(', ')}
    FROM per_kel k CROSS JOIN unnest($6::int[]) AS l(len)
    GROUP BY 1
  )
SELECT 'region' AS kind, r.code, r.name, r.level, ${LINE_NULLS},
       ${FIGURE_COLUMNS.map((c) => `coalesce(p.${c}, 0) AS ${c}`).join(', ')}
FROM region r LEFT JOIN per_region p ON p.code = r.code
WHERE r.code >= $2 AND r.code < $3 AND length(r.code) = ANY($6::int[])
${TOTAL_AND_LINEAGE('$7')}`;

// A kelurahan: its totals from the month totals, and each line of the version in force from the line month totals.
// $6 the kelurahan and its ancestors, $7 the kelurahan code.
const KELURAHAN_SQL = `
WITH ${PER_KELURAHAN_CTE},
  lines AS (
    SELECT lv.line_id, lv.position, lv.category, lv.sub_type, lv.account_code, lv.description, lv.volume, lv.unit,
           lv.location, lv.funding_source, lv.amount
    FROM plan p
    JOIN plan_line_version lv ON lv.plan_id = p.id AND lv.version = p.in_force_version
    WHERE p.kelurahan_code = $7 AND p.year = $1
  ),
  line_spent AS (
    SELECT t.plan_line_id,
           sum(t.amount) FILTER (WHERE t.month < $4) AS before,
           sum(t.amount) FILTER (WHERE t.month >= $4) AS in_period
    FROM plan_line_month_total t
    WHERE t.plan_line_id IN (SELECT line_id FROM lines) AND t.month <= $5
    GROUP BY t.plan_line_id
  )
SELECT 'line' AS kind, l.line_id::text AS code, l.description AS name, NULL::text AS level,
       l.position, l.category, l.sub_type, l.account_code, l.volume, l.unit, l.location, l.funding_source,
       NULL::numeric AS allocation, l.amount::numeric AS planned,
       CASE WHEN l.category = 'sarpras' THEN l.amount ELSE 0 END::numeric AS planned_sarpras,
       CASE WHEN l.category = 'pemberdayaan' THEN l.amount ELSE 0 END::numeric AS planned_pemberdayaan,
       CASE WHEN l.category = 'sarpras' THEN coalesce(s.before, 0) ELSE 0 END AS before_sarpras,
       CASE WHEN l.category = 'sarpras' THEN coalesce(s.in_period, 0) ELSE 0 END AS in_sarpras,
       CASE WHEN l.category = 'pemberdayaan' THEN coalesce(s.before, 0) ELSE 0 END AS before_pemberdayaan,
       CASE WHEN l.category = 'pemberdayaan' THEN coalesce(s.in_period, 0) ELSE 0 END AS in_pemberdayaan
FROM lines l LEFT JOIN line_spent s ON s.plan_line_id = l.line_id
${TOTAL_AND_LINEAGE('$6')}`;

// One round trip: the version (with allocation and approver), its lines, and the kelurahan's lineage.
const PLAN_DOCUMENT_SQL = `
WITH p AS (SELECT id, kelurahan_code, year FROM plan WHERE id = $1)
SELECT 'version' AS kind, NULL::text AS code, NULL::text AS name, NULL::text AS level, v.status, v.approved_at,
       u.full_name AS approver_name, u.position AS approver_position, u.nip::text AS approver_nip,
       NULL::int AS position, NULL::text AS category, NULL::text AS sub_type, NULL::text AS account_code,
       NULL::numeric AS volume, NULL::text AS unit, NULL::bigint AS unit_price,
       (SELECT a.amount FROM allocation a WHERE a.kelurahan_code = p.kelurahan_code AND a.year = p.year) AS amount,
       NULL::text AS location, NULL::text AS funding_source,
       -- The version this one replaces (the approved one before it), and the approved one that replaced it.
       (SELECT max(o.version) FROM plan_version o WHERE o.plan_id = p.id AND o.version < v.version AND o.approved_at IS NOT NULL) AS previous_version,
       CASE WHEN v.status = 'superseded' THEN
         (SELECT min(n.version) FROM plan_version n WHERE n.plan_id = p.id AND n.version > v.version AND n.approved_at IS NOT NULL)
       END AS superseded_by
FROM p JOIN plan_version v ON v.plan_id = p.id AND v.version = $2
LEFT JOIN app_user u ON u.id = v.approved_by
UNION ALL
SELECT 'line', lv.line_id::text, lv.description, NULL, NULL, NULL, NULL, NULL, NULL,
       lv.position, lv.category, lv.sub_type, lv.account_code, lv.volume, lv.unit, lv.unit_price, lv.amount, lv.location,
       lv.funding_source, NULL, NULL
FROM p JOIN plan_line_version lv ON lv.plan_id = p.id AND lv.version = $2
UNION ALL
SELECT 'lineage', r.code, r.name, r.level, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM p JOIN region r ON r.code IN (p.kelurahan_code, left(p.kelurahan_code, 8), left(p.kelurahan_code, 5), left(p.kelurahan_code, 2))`;

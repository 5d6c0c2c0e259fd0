import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Where } from '../../database/sql-where';
import type { TotalsCheckDto, TotalsMismatchDto } from './spending.dto';
import { money } from '../../common/money/rupiah';

interface MismatchRow {
  plan_line_id?: string;
  kelurahan_code?: string;
  year?: number;
  month?: number;
  category?: string;
  stored_amount: string;
  stored_count: number;
  ledger_amount: string;
  ledger_count: number;
}

/**
 * Recomputes every running total from the ledger and lists where they disagree: plan_line.spent / entry_count,
 * plan_line_month_total and kelurahan_month_total. Reports read those totals, so they must equal the ledger.
 * A read across the ledger and the plans' running totals, so it lives in a query file.
 */
@Injectable()
export class SpendingTotalsService {
  constructor(private readonly db: DataSource) {}

  /** Without a user the whole database is checked (tests, benchmarks, operators). */
  async check(user?: AuthUser): Promise<TotalsCheckDto> {
    // One snapshot for all queries, so a booking committed mid-check cannot show up as a false mismatch.
    return this.db.transaction('REPEATABLE READ', (m) => checkSpendingTotals(m, user));
  }
}

/**
 * The recomputation itself, in the caller's snapshot (the audit verification runs it inside its own); a user limits
 * it to that user's scope, none checks the whole database.
 */
export async function checkSpendingTotals(m: EntityManager, user?: AuthUser): Promise<TotalsCheckDto> {
  const scoped = async <T>(build: (inScope: (column: string) => string) => string): Promise<T[]> => {
    const w = new Where();
    const sql = build((column) => (user ? w.scope(user, column).sql : 'TRUE'));
    return m.query(sql, w.params);
  };
  const [{ n }] = await scoped<{ n: number }>((inScope) => `SELECT count(*)::int AS n FROM spending_entry e WHERE ${inScope('e.kelurahan_code')}`);
  const lines = await scoped<MismatchRow>((inScope) => `
    WITH ledger AS (SELECT plan_line_id, sum(amount) AS amount, count(*)::int AS n FROM spending_entry GROUP BY plan_line_id)
    SELECT l.id AS plan_line_id, l.kelurahan_code, l.year, l.spent AS stored_amount, l.entry_count AS stored_count,
           coalesce(g.amount, 0) AS ledger_amount, coalesce(g.n, 0) AS ledger_count
      FROM plan_line l LEFT JOIN ledger g ON g.plan_line_id = l.id
     WHERE (l.spent <> coalesce(g.amount, 0) OR l.entry_count <> coalesce(g.n, 0)) AND ${inScope('l.kelurahan_code')}
     ORDER BY l.kelurahan_code, l.id`);
  const lineMonths = await scoped<MismatchRow>((inScope) => `
    WITH ledger AS (
      SELECT plan_line_id, extract(month FROM spent_on)::int AS month, sum(amount) AS amount, count(*)::int AS n
        FROM spending_entry GROUP BY 1, 2
    ), joined AS (
      SELECT coalesce(s.plan_line_id, g.plan_line_id) AS plan_line_id, coalesce(s.month::int, g.month) AS month,
             coalesce(s.amount, 0) AS stored_amount, coalesce(s.entry_count, 0) AS stored_count,
             coalesce(g.amount, 0) AS ledger_amount, coalesce(g.n, 0) AS ledger_count
        FROM plan_line_month_total s FULL JOIN ledger g ON g.plan_line_id = s.plan_line_id AND g.month = s.month
    )
    SELECT j.*, l.kelurahan_code, l.year FROM joined j JOIN plan_line l ON l.id = j.plan_line_id
     WHERE (j.stored_amount <> j.ledger_amount OR j.stored_count <> j.ledger_count) AND ${inScope('l.kelurahan_code')}
     ORDER BY l.kelurahan_code, j.plan_line_id, j.month`);
  const kelurahanMonths = await scoped<MismatchRow>((inScope) => `
    WITH ledger AS (
      SELECT kelurahan_code, year, extract(month FROM spent_on)::int AS month, category, sum(amount) AS amount, count(*)::int AS n
        FROM spending_entry GROUP BY 1, 2, 3, 4
    ), joined AS (
      SELECT coalesce(s.kelurahan_code, g.kelurahan_code) AS kelurahan_code, coalesce(s.year, g.year) AS year,
             coalesce(s.month::int, g.month) AS month, coalesce(s.category, g.category) AS category,
             coalesce(s.amount, 0) AS stored_amount, coalesce(s.entry_count, 0) AS stored_count,
             coalesce(g.amount, 0) AS ledger_amount, coalesce(g.n, 0) AS ledger_count
        FROM kelurahan_month_total s
        FULL JOIN ledger g ON g.kelurahan_code = s.kelurahan_code AND g.year = s.year AND g.month = s.month AND g.category = s.category
    )
    SELECT * FROM joined j
     WHERE (j.stored_amount <> j.ledger_amount OR j.stored_count <> j.ledger_count) AND ${inScope('j.kelurahan_code')}
     ORDER BY j.kelurahan_code, j.year, j.month, j.category`);
  const mismatches: TotalsMismatchDto[] = [
    ...lines.map((r) => mismatch('plan_line', r, { planLineId: r.plan_line_id, kelurahanCode: r.kelurahan_code, year: r.year })),
    ...lineMonths.map((r) =>
      mismatch('plan_line_month', r, { planLineId: r.plan_line_id, kelurahanCode: r.kelurahan_code, year: r.year, month: r.month }),
    ),
    ...kelurahanMonths.map((r) =>
      mismatch('kelurahan_month', r, { kelurahanCode: r.kelurahan_code, year: r.year, month: r.month, category: r.category }),
    ),
  ];
  return { consistent: mismatches.length === 0, entries: n, mismatches };
}

function mismatch(kind: string, r: MismatchRow, key: Partial<TotalsMismatchDto>): TotalsMismatchDto {
  return {
    kind,
    ...key,
    stored: { amount: money(r.stored_amount), entryCount: Number(r.stored_count) },
    ledger: { amount: money(r.ledger_amount), entryCount: Number(r.ledger_count) },
  };
}

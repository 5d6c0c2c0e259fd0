import { DataSource } from 'typeorm';
import { amendPlan as amendThroughServices, createPlanInState, CreatedPlan, PlanLineInput } from './plans';
import type { TestApp } from './test-app';

/**
 * Plans for the spending tests in the ledger's terms (lines by amount), made through the plans services by the
 * one plan helper (test/helpers/plans.ts), so versions, totals and audit events are what the API would leave.
 */
export type Category = 'sarpras' | 'pemberdayaan';

export interface FixtureLineInput {
  amount: number;
  category?: Category;
  description?: string;
}

export interface FixtureLine {
  id: string;
  amount: number;
  category: Category;
}

export interface FixturePlan {
  id: string;
  kelurahanCode: string;
  year: number;
  lines: FixtureLine[];
  made: CreatedPlan;
}

export interface FixturePlanInput {
  kelurahanCode: string;
  year: number;
  lines: FixtureLineInput[];
  /** 'approved' puts version 1 in force; any other status leaves the plan without a version in force */
  status?: 'approved' | 'draft' | 'submitted' | 'returned';
  allocation?: number;
}

const asLine = (l: FixtureLineInput, i: number): PlanLineInput => {
  const category = l.category ?? 'sarpras';
  return {
    category,
    subType: category === 'sarpras' ? 'A1' : 'B1',
    description: l.description ?? `Kegiatan ${i + 1}`,
    accountCode: '5.1.02.01.01.0052',
    volume: 1,
    unit: 'PAKET',
    unitPrice: l.amount,
  };
};

const toFixture = (made: CreatedPlan, lines = made.lines): FixtureLine[] =>
  lines.map((l) => ({ id: l.id, amount: l.amount, category: l.category as Category }));

export async function insertPlan(t: TestApp, input: FixturePlanInput): Promise<FixturePlan> {
  const total = input.lines.reduce((s, l) => s + l.amount, 0);
  const made = await createPlanInState(t, input.status ?? 'approved', {
    kelurahanCode: input.kelurahanCode,
    year: input.year,
    lines: input.lines.map(asLine),
    allocation: input.allocation ?? Math.max(1_000_000_000, total),
  });
  return { id: made.planId, kelurahanCode: input.kelurahanCode, year: input.year, lines: toFixture(made), made };
}

/**
 * Amends an approved plan (or keeps editing the amendment already open): amounts of carried lines changed, new
 * lines added. With approve=true the amendment comes into force; otherwise it stays a draft beside version 1.
 */
export async function amendPlan(
  t: TestApp,
  plan: FixturePlan,
  opts: { approve: boolean; amounts?: Record<string, number>; addLines?: FixtureLineInput[] },
): Promise<FixtureLine[]> {
  const update = Object.fromEntries(Object.entries(opts.amounts ?? {}).map(([id, amount]) => [id, { volume: 1, unitPrice: amount }]));
  const added = await amendThroughServices(t, plan.made, { update, add: (opts.addLines ?? []).map(asLine), approve: opts.approve });
  return toFixture(plan.made, added);
}

/** The line's running total against the ledger's own sum, and its entry count, as the database holds them. */
export async function lineTotals(db: DataSource, lineId: string): Promise<{ spent: number; entryCount: number; ledgerSum: number; ledgerCount: number }> {
  const [r] = await db.query(
    `SELECT l.spent, l.entry_count, (SELECT coalesce(sum(amount), 0) FROM spending_entry WHERE plan_line_id = l.id) AS ledger_sum,
            (SELECT count(*)::int FROM spending_entry WHERE plan_line_id = l.id) AS ledger_count
       FROM plan_line l WHERE l.id = $1`,
    [lineId],
  );
  return { spent: Number(r.spent), entryCount: r.entry_count, ledgerSum: Number(r.ledger_sum), ledgerCount: r.ledger_count };
}

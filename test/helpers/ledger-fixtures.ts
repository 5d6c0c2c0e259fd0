import { DataSource } from 'typeorm';

/**
 * Plans for the spending tests, inserted straight into plan / plan_version / plan_line / plan_line_version
 * (the plans module is built separately; this keeps the ledger's tests independent of its workflow).
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
}

export interface FixturePlanInput {
  kelurahanCode: string;
  year: number;
  lines: FixtureLineInput[];
  /** 'approved' puts version 1 in force; any other status leaves the plan without a version in force */
  status?: 'approved' | 'draft' | 'submitted' | 'returned';
  allocation?: number;
}

export async function insertPlan(db: DataSource, input: FixturePlanInput): Promise<FixturePlan> {
  const status = input.status ?? 'approved';
  return db.transaction(async (m) => {
    await m.query(
      `INSERT INTO allocation (year, kelurahan_code, amount) VALUES ($1, $2, $3) ON CONFLICT (kelurahan_code, year) DO NOTHING`,
      [input.year, input.kelurahanCode, input.allocation ?? 1_000_000_000],
    );
    const [plan] = await m.query(`INSERT INTO plan (kelurahan_code, year) VALUES ($1, $2) RETURNING id`, [input.kelurahanCode, input.year]);
    const sum = (c: Category) => input.lines.filter((l) => (l.category ?? 'sarpras') === c).reduce((s, l) => s + l.amount, 0);
    await m.query(
      `INSERT INTO plan_version (plan_id, version, status, total, total_sarpras, total_pemberdayaan, approved_at)
       VALUES ($1, 1, $2, $3, $4, $5, CASE WHEN $2 = 'approved' THEN now() END)`,
      [plan.id, status, sum('sarpras') + sum('pemberdayaan'), sum('sarpras'), sum('pemberdayaan')],
    );
    if (status === 'approved') await m.query('UPDATE plan SET in_force_version = 1 WHERE id = $1', [plan.id]);
    const lines: FixtureLine[] = [];
    for (const [i, l] of input.lines.entries()) {
      lines.push(await insertLine(m, plan.id, 1, input.kelurahanCode, input.year, i, l));
    }
    return { id: plan.id, kelurahanCode: input.kelurahanCode, year: input.year, lines };
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Querier = { query: (sql: string, params?: unknown[]) => Promise<any> };

async function insertLine(
  q: Querier, planId: string, version: number, kelurahanCode: string, year: number, position: number, l: FixtureLineInput,
): Promise<FixtureLine> {
  const category = l.category ?? 'sarpras';
  const [line] = await q.query(`INSERT INTO plan_line (plan_id, kelurahan_code, year) VALUES ($1, $2, $3) RETURNING id`, [planId, kelurahanCode, year]);
  await insertLineVersion(q, planId, version, line.id, position, category, l.amount, l.description);
  return { id: line.id, amount: l.amount, category };
}

async function insertLineVersion(
  q: Querier, planId: string, version: number, lineId: string, position: number, category: Category, amount: number, description?: string,
): Promise<void> {
  await q.query(
    `INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code, volume, unit, unit_price, amount)
     VALUES ($1, $2, $3, $4, $5, $6, $7, '5.1.02.01.01.0052', 1, 'paket', $8, $8)`,
    [planId, version, lineId, position, category, category === 'sarpras' ? 'A1' : 'B1', description ?? `Kegiatan ${position + 1}`, amount],
  );
}

/**
 * Opens version 2 of an approved plan: every current line carried over (amounts may be changed), plus new lines.
 * With approve=true version 2 comes into force (version 1 superseded); otherwise it stays a draft beside version 1.
 */
export async function amendPlan(
  db: DataSource,
  plan: FixturePlan,
  opts: { approve: boolean; amounts?: Record<string, number>; addLines?: FixtureLineInput[] },
): Promise<FixtureLine[]> {
  return db.transaction(async (m) => {
    const [{ latest }] = await m.query('SELECT latest_version AS latest FROM plan WHERE id = $1 FOR UPDATE', [plan.id]);
    const version = latest + 1;
    await m.query(`INSERT INTO plan_version (plan_id, version, status) VALUES ($1, $2, 'draft')`, [plan.id, version]);
    await m.query('UPDATE plan SET latest_version = $2 WHERE id = $1', [plan.id, version]);
    const carried: Array<{ line_id: string; position: number; category: Category; amount: string }> = await m.query(
      'SELECT line_id, position, category, amount FROM plan_line_version WHERE plan_id = $1 AND version = $2 ORDER BY position',
      [plan.id, latest],
    );
    for (const c of carried) {
      await insertLineVersion(m, plan.id, version, c.line_id, c.position, c.category, opts.amounts?.[c.line_id] ?? Number(c.amount));
    }
    const added: FixtureLine[] = [];
    for (const [i, l] of (opts.addLines ?? []).entries()) {
      added.push(await insertLine(m, plan.id, version, plan.kelurahanCode, plan.year, carried.length + i, l));
    }
    const [t] = await m.query(
      `SELECT coalesce(sum(amount) FILTER (WHERE category = 'sarpras'), 0) AS s, coalesce(sum(amount) FILTER (WHERE category = 'pemberdayaan'), 0) AS p
         FROM plan_line_version WHERE plan_id = $1 AND version = $2`,
      [plan.id, version],
    );
    await m.query('UPDATE plan_version SET total = $3, total_sarpras = $4, total_pemberdayaan = $5 WHERE plan_id = $1 AND version = $2', [
      plan.id, version, Number(t.s) + Number(t.p), t.s, t.p,
    ]);
    if (opts.approve) {
      await m.query(`UPDATE plan_version SET status = 'superseded', superseded_at = now() WHERE plan_id = $1 AND version = $2`, [plan.id, latest]);
      await m.query(`UPDATE plan_version SET status = 'approved', approved_at = now() WHERE plan_id = $1 AND version = $2`, [plan.id, version]);
      await m.query('UPDATE plan SET in_force_version = $2 WHERE id = $1', [plan.id, version]);
    }
    return added;
  });
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

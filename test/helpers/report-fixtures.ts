import { DataSource } from 'typeorm';

// Report data written straight into the schema (allocations, approved plans, the ledger and its running totals),
// exactly as the plans and spending services keep them, so report tests do not depend on those modules.

export type Category = 'sarpras' | 'pemberdayaan';

export interface FixtureLine {
  category: Category;
  subType: string;
  accountCode: string;
  description: string;
  volume: number;
  unit: string;
  unitPrice: number;
  location?: string;
}

export interface FixturePlan {
  planId: string;
  kelurahanCode: string;
  year: number;
  lineIds: string[];
  lines: Array<FixtureLine & { id: string; amount: number }>;
  total: number;
}

export async function setAllocation(db: DataSource, kelurahanCode: string, year: number, amount: number): Promise<void> {
  await db.query(
    `INSERT INTO allocation (year, kelurahan_code, amount) VALUES ($1, $2, $3)
     ON CONFLICT (kelurahan_code, year) DO UPDATE SET amount = EXCLUDED.amount`,
    [year, kelurahanCode, amount],
  );
}

function totals(lines: Array<{ category: Category; amount: number }>) {
  const sarpras = lines.filter((l) => l.category === 'sarpras').reduce((a, l) => a + l.amount, 0);
  const pemberdayaan = lines.filter((l) => l.category === 'pemberdayaan').reduce((a, l) => a + l.amount, 0);
  return { total: sarpras + pemberdayaan, sarpras, pemberdayaan };
}

/** An approved plan (version 1 in force) with its lines. */
export async function createApprovedPlan(
  db: DataSource,
  opts: { kelurahanCode: string; year: number; lines: FixtureLine[]; createdBy?: string | null; approvedBy?: string | null },
): Promise<FixturePlan> {
  return db.transaction(async (m) => {
    const [plan] = await m.query(
      `INSERT INTO plan (kelurahan_code, year, latest_version, in_force_version, created_by) VALUES ($1, $2, 1, 1, $3) RETURNING id`,
      [opts.kelurahanCode, opts.year, opts.createdBy ?? null],
    );
    const lines = opts.lines.map((l) => ({ ...l, amount: Math.round(l.volume * l.unitPrice) }));
    const t = totals(lines);
    await m.query(
      `INSERT INTO plan_version (plan_id, version, status, total, total_sarpras, total_pemberdayaan, created_by,
                                 submitted_at, submitted_by, approved_at, approved_by)
       VALUES ($1, 1, 'approved', $2, $3, $4, $5, now(), $5, now(), $6)`,
      [plan.id, t.total, t.sarpras, t.pemberdayaan, opts.createdBy ?? null, opts.approvedBy ?? null],
    );
    const out: FixturePlan['lines'] = [];
    for (const [i, l] of lines.entries()) {
      const [line] = await m.query(`INSERT INTO plan_line (plan_id, kelurahan_code, year) VALUES ($1, $2, $3) RETURNING id`, [
        plan.id,
        opts.kelurahanCode,
        opts.year,
      ]);
      await insertLineVersion(m, plan.id, 1, line.id, i, l);
      out.push({ ...l, id: line.id });
    }
    return { planId: plan.id, kelurahanCode: opts.kelurahanCode, year: opts.year, lineIds: out.map((l) => l.id), lines: out, total: t.total };
  });
}

async function insertLineVersion(
  m: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  planId: string,
  version: number,
  lineId: string,
  position: number,
  l: FixtureLine & { amount: number },
): Promise<void> {
  await m.query(
    `INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code,
                                    volume, unit, unit_price, amount, location)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [planId, version, lineId, position, l.category, l.subType, l.description, l.accountCode, l.volume, l.unit, l.unitPrice, l.amount, l.location ?? null],
  );
}

/** A draft amendment (version 2) carrying the same lines with other amounts plus one new line; not in force. */
export async function addDraftAmendment(db: DataSource, plan: FixturePlan, factor: number, extra: FixtureLine): Promise<void> {
  await db.transaction(async (m) => {
    const lines = plan.lines.map((l) => ({ ...l, unitPrice: l.unitPrice * factor, amount: Math.round(l.volume * l.unitPrice * factor) }));
    const [newLine] = await m.query(`INSERT INTO plan_line (plan_id, kelurahan_code, year) VALUES ($1, $2, $3) RETURNING id`, [
      plan.planId,
      plan.kelurahanCode,
      plan.year,
    ]);
    const all = [...lines, { ...extra, id: newLine.id as string, amount: Math.round(extra.volume * extra.unitPrice) }];
    const t = totals(all);
    await m.query(
      `INSERT INTO plan_version (plan_id, version, status, total, total_sarpras, total_pemberdayaan) VALUES ($1, 2, 'draft', $2, $3, $4)`,
      [plan.planId, t.total, t.sarpras, t.pemberdayaan],
    );
    await m.query(`UPDATE plan SET latest_version = 2 WHERE id = $1`, [plan.planId]);
    for (const [i, l] of all.entries()) await insertLineVersion(m, plan.planId, 2, l.id, i, l);
  });
}

/**
 * One ledger entry and the running totals it moves, in one transaction, as the spending service keeps them:
 * spending_entry, plan_line.spent/entry_count, plan_line_month_total, kelurahan_month_total.
 */
export async function spend(
  db: DataSource,
  plan: FixturePlan,
  lineIndex: number,
  date: string,
  amount: number,
  createdBy: string,
): Promise<void> {
  const line = plan.lines[lineIndex];
  const month = Number(date.slice(5, 7));
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO spending_entry (plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee, evidence_no, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'CV Maju Jaya', $9, $10)`,
      [line.id, plan.planId, plan.kelurahanCode, plan.year, line.category, date, amount, `Belanja ${line.description}`, `KW-${date}-${amount}`, createdBy],
    );
    await m.query(`UPDATE plan_line SET spent = spent + $2, entry_count = entry_count + 1 WHERE id = $1`, [line.id, amount]);
    await m.query(
      `INSERT INTO plan_line_month_total (plan_line_id, month, amount, entry_count) VALUES ($1, $2, $3, 1)
       ON CONFLICT (plan_line_id, month) DO UPDATE SET amount = plan_line_month_total.amount + EXCLUDED.amount,
                                                      entry_count = plan_line_month_total.entry_count + 1`,
      [line.id, month, amount],
    );
    await m.query(
      `INSERT INTO kelurahan_month_total (kelurahan_code, year, month, category, amount, entry_count) VALUES ($1, $2, $3, $4, $5, 1)
       ON CONFLICT (kelurahan_code, year, month, category) DO UPDATE SET amount = kelurahan_month_total.amount + EXCLUDED.amount,
                                                                        entry_count = kelurahan_month_total.entry_count + 1`,
      [plan.kelurahanCode, plan.year, month, line.category, amount],
    );
  });
}

/** The ledger's own sum, the baseline the reports must agree with. */
export async function ledgerSum(db: DataSource, codePrefix: string, year: number, to: string, from?: string): Promise<number> {
  const [row] = await db.query(
    `SELECT coalesce(sum(amount), 0)::text AS s FROM spending_entry
     WHERE (kelurahan_code = $1 OR kelurahan_code LIKE $1 || '.%') AND year = $2 AND spent_on <= $3 AND ($4::date IS NULL OR spent_on >= $4)`,
    [codePrefix, year, to, from ?? null],
  );
  return Number(row.s);
}

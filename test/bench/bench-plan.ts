import { DataSource } from 'typeorm';

// The benchmark's own plan, written straight into the plan tables of a scratch database: the app it measures
// runs in another process, and the plan's shape is all that matters here. Tests build plans through the services.
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

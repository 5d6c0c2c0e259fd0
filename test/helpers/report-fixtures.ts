import { DataSource } from 'typeorm';

// Report data comes through the services (test/helpers/plans.ts: setAllocation, createApprovedPlan, amendPlan,
// spend), so a wrong running total in spending shows up as a wrong report; the oracle below reads the ledger.

/** The ledger's own sum, the baseline the reports must agree with. */
export async function ledgerSum(db: DataSource, codePrefix: string, year: number, to: string, from?: string): Promise<number> {
  const [row] = await db.query(
    `SELECT coalesce(sum(amount), 0)::text AS s FROM spending_entry
     WHERE (kelurahan_code = $1 OR kelurahan_code LIKE $1 || '.%') AND year = $2 AND spent_on <= $3 AND ($4::date IS NULL OR spent_on >= $4)`,
    [codePrefix, year, to, from ?? null],
  );
  return Number(row.s);
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PaymentEvidenceRow {
  kelurahanCode: string;
  month: number;
  accountCode: string;
  amount: number;
  /** Evidence kinds in force (not superseded). */
  kinds: string[];
}

/**
 * The payments of a year under a region with the evidence kinds they have: what the checklist is held against.
 * Reversals and payments that were reversed need no evidence and are left out.
 */
@Injectable()
export class EvidenceCoverageQuery {
  constructor(private readonly db: DataSource) {}

  async payments(regionCode: string, year: number): Promise<PaymentEvidenceRow[]> {
    const rows: Array<{ kelurahan_code: string; month: number; account_code: string | null; amount: string; kinds: string[] }> = await this.db.query(
      `SELECT e.kelurahan_code, extract(month FROM e.spent_on)::int AS month, e.account_code, e.amount,
              COALESCE((SELECT array_agg(DISTINCT v.kind) FROM evidence v WHERE v.spending_entry_id = e.id
                          AND NOT EXISTS (SELECT 1 FROM evidence s WHERE s.supersedes_id = v.id)), '{}') AS kinds
         FROM spending_entry e
        WHERE (e.kelurahan_code = $1 OR e.kelurahan_code LIKE $1 || '.%') AND e.year = $2 AND e.reverses_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM spending_entry r WHERE r.reverses_id = e.id)
        ORDER BY e.kelurahan_code, e.spent_on, e.seq`,
      [regionCode, year],
    );
    return rows.map((r) => ({ kelurahanCode: r.kelurahan_code, month: Number(r.month), accountCode: r.account_code ?? '', amount: Number(r.amount), kinds: r.kinds }));
  }
}

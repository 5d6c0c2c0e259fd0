import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { money } from '../../common/money/rupiah';
import { regionPrefixSql } from '../../database/sql-where';
import { loadBooksSettings, requiredEvidence, type ChecklistItem, type EvidenceKind } from '../books/books-settings';

/** A live payment (not a reversal, not reversed) with the evidence kinds it has in force (not superseded). */
export interface PaymentEvidenceRow {
  id: string;
  kelurahanCode: string;
  month: number;
  accountCode: string;
  amount: number;
  kinds: EvidenceKind[];
}

/** What the Pemda's checklist (books.json) asks of this payment and it does not have in force. */
export function lackingEvidence(p: PaymentEvidenceRow): ChecklistItem[] {
  const have = new Set(p.kinds);
  return requiredEvidence(loadBooksSettings(p.kelurahanCode).evidence.checklist, p.accountCode, p.amount).filter((r) => !have.has(r.kind));
}

/**
 * The read the evidence checklist is judged on: the ledger's live payments of a region and year beside their
 * evidence. Reversals and payments that were reversed need no evidence and are left out. `region` '' = everywhere.
 */
@Injectable()
export class EvidenceCoverageQuery {
  constructor(private readonly db: DataSource) {}

  async payments(region: string, year: number): Promise<PaymentEvidenceRow[]> {
    const rows: Array<{ id: string; kelurahan_code: string; month: number; account_code: string | null; amount: string; kinds: EvidenceKind[] }> =
      await this.db.query(
        `SELECT e.id, e.kelurahan_code, extract(month FROM e.spent_on)::int AS month, e.account_code, e.amount::text AS amount,
                coalesce(array_agg(DISTINCT v.kind) FILTER (WHERE v.id IS NOT NULL), '{}') AS kinds
           FROM spending_entry e
           LEFT JOIN evidence v ON v.spending_entry_id = e.id
                               AND NOT EXISTS (SELECT 1 FROM evidence s WHERE s.supersedes_id = v.id)
          WHERE e.year = $1 AND ($2::text = '' OR ${regionPrefixSql('e.kelurahan_code', '$2')})
            AND e.reverses_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM spending_entry r WHERE r.reverses_id = e.id)
          GROUP BY e.id, e.kelurahan_code, e.spent_on, e.account_code, e.amount
          ORDER BY e.kelurahan_code, e.spent_on, e.id`,
        [year, region],
      );
    return rows.map((r) => ({
      id: r.id,
      kelurahanCode: r.kelurahan_code,
      month: Number(r.month),
      accountCode: r.account_code ?? '',
      amount: money(r.amount),
      kinds: r.kinds,
    }));
  }
}

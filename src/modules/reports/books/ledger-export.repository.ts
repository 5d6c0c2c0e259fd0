import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { Where } from '../../../database/sql-where';
import type { ListSpendingQueryDto } from '../../spending/spending.dto';

export interface LedgerExportRow {
  seq: number;
  id: string;
  date: string;
  kelurahanCode: string;
  kelurahanName: string;
  year: number;
  evidenceNo: string;
  accountCode: string;
  category: string;
  description: string;
  payee: string;
  method: string;
  amount: number;
  reversesId: string | null;
  reason: string | null;
  taxes: Record<string, number>;
  /** Evidence kinds in force (not superseded). */
  evidenceKinds: string[];
}

/** The ledger rows in the caller's scope with their taxes and evidence, in booking order (one query). */
@Injectable()
export class LedgerExportRepository {
  constructor(private readonly db: DataSource) {}

  async rows(user: AuthUser, q: ListSpendingQueryDto, limit: number): Promise<LedgerExportRow[]> {
    const w = new Where().scope(user, 'e.kelurahan_code');
    if (q.region !== undefined) w.within('e.kelurahan_code', q.region);
    w.andIf(q.year, 'e.year = ?').andIf(q.from, 'e.spent_on >= ?::date').andIf(q.to, 'e.spent_on <= ?::date').andIf(q.planLineId, 'e.plan_line_id = ?');
    if (q.kind === 'entries') w.and('e.reverses_id IS NULL');
    if (q.kind === 'reversals') w.and('e.reverses_id IS NOT NULL');
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT e.seq, e.id, e.spent_on::text AS date, e.kelurahan_code, r.name AS kelurahan_name, e.year, e.evidence_no, e.account_code, e.category,
              e.description, e.payee, e.method, e.amount, e.reverses_id, e.reason,
              COALESCE((SELECT jsonb_object_agg(type, total) FROM (SELECT type, sum(amount) AS total FROM tax_line t WHERE t.spending_entry_id = e.id GROUP BY type) x), '{}') AS taxes,
              COALESCE((SELECT array_agg(DISTINCT v.kind) FROM evidence v WHERE v.spending_entry_id = e.id
                          AND NOT EXISTS (SELECT 1 FROM evidence s WHERE s.supersedes_id = v.id)), '{}') AS evidence_kinds
         FROM spending_entry e LEFT JOIN region r ON r.code = e.kelurahan_code
        WHERE ${w.sql}
        ORDER BY e.spent_on, e.seq
        LIMIT ${w.param(limit)}`,
      w.params,
    );
    return rows.map((r) => ({
      seq: Number(r.seq), id: r.id as string, date: r.date as string, kelurahanCode: r.kelurahan_code as string, kelurahanName: (r.kelurahan_name as string) ?? '',
      year: Number(r.year), evidenceNo: r.evidence_no as string, accountCode: r.account_code as string, category: r.category as string,
      description: r.description as string, payee: r.payee as string, method: r.method as string, amount: Number(r.amount),
      reversesId: (r.reverses_id as string) ?? null, reason: (r.reason as string) ?? null,
      taxes: Object.fromEntries(Object.entries(r.taxes as Record<string, string | number>).map(([k, v]) => [k, Number(v)])),
      evidenceKinds: r.evidence_kinds as string[],
    }));
  }
}

import { bigintMoneyTransformer } from '../../common/money/rupiah';
import type { SpendingEntryDto, TaxLineViewDto } from './spending.dto';

/** A ledger row as the queries below select it. */
export interface SpendingRow {
  id: string;
  seq: string | number;
  plan_line_id: string;
  plan_id: string;
  kelurahan_code: string;
  year: number;
  category: string;
  date: string;
  amount: string | number;
  description: string;
  payee: string;
  evidence_no: string;
  reverses_id: string | null;
  reversed_by_id: string | null;
  reason: string | null;
  created_at: Date | string;
  created_by: string;
  created_by_name: string | null;
  method: string;
  account_code: string;
}

// The columns every read of the ledger selects (alias e = the entry, r = its reversal, u = its author).
export const SPENDING_COLUMNS = `e.id, e.seq, e.plan_line_id, e.plan_id, e.kelurahan_code, e.year, e.category,
  e.spent_on::text AS date, e.amount, e.description, e.payee, e.evidence_no, e.reverses_id, r.id AS reversed_by_id,
  e.reason, e.created_at, e.created_by, u.full_name AS created_by_name, e.method, e.account_code`;
export const SPENDING_FROM = `spending_entry e
  LEFT JOIN spending_entry r ON r.reverses_id = e.id
  LEFT JOIN app_user u ON u.id = e.created_by`;

export function money(v: unknown): number {
  const n = bigintMoneyTransformer.from(v);
  if (n === null) throw new RangeError('money column is null');
  return n as number;
}

export function toSpendingEntry(r: SpendingRow, taxes: TaxLineViewDto[] = []): SpendingEntryDto {
  return {
    id: r.id,
    seq: Number(r.seq),
    planLineId: r.plan_line_id,
    planId: r.plan_id,
    kelurahanCode: r.kelurahan_code,
    year: Number(r.year),
    category: r.category,
    date: r.date,
    amount: money(r.amount),
    description: r.description,
    payee: r.payee,
    evidenceNo: r.evidence_no,
    reversesId: r.reverses_id,
    reversedById: r.reversed_by_id,
    reason: r.reason,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    method: r.method,
    accountCode: r.account_code,
    taxes,
    overdraft: null,
  };
}

/** A stored answer (jsonb reorders keys) back in the field order of a fresh answer, so replays are byte-identical. */
export function reorderSpendingEntry(stored: SpendingEntryDto): SpendingEntryDto {
  return {
    id: stored.id,
    seq: stored.seq,
    planLineId: stored.planLineId,
    planId: stored.planId,
    kelurahanCode: stored.kelurahanCode,
    year: stored.year,
    category: stored.category,
    date: stored.date,
    amount: stored.amount,
    description: stored.description,
    payee: stored.payee,
    evidenceNo: stored.evidenceNo,
    reversesId: stored.reversesId,
    reversedById: stored.reversedById,
    reason: stored.reason,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    createdByName: stored.createdByName,
    method: stored.method,
    accountCode: stored.accountCode,
    taxes: stored.taxes.map((t) => ({ id: t.id, type: t.type, base: t.base, rate: t.rate, amount: t.amount, ruleId: t.ruleId, reason: t.reason })),
    overdraft: stored.overdraft ?? null,
  };
}

export const toTaxView = (t: { id: string; type: string; base: number; rate: number; amount: number; ruleId: string | null; reason: string | null }): TaxLineViewDto => ({
  id: t.id, type: t.type, base: t.base, rate: t.rate, amount: t.amount, ruleId: t.ruleId, reason: t.reason,
});

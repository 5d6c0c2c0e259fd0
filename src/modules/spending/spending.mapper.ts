import { money } from '../../common/money/rupiah';
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

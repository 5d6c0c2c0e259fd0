import type { ConsistencyCheck, FactSource } from '../audit/audit-facts';
import { formatRupiah } from '../../common/money/rupiah';
import { checkSpendingTotals } from './spending-totals.query';

// What an entry says, from the row and from the entry DTO its event carries (spending.record: after;
// spending.reverse: after.reversal).
const fromEvent = (j: string) => `jsonb_build_object('planLineId', ${j}->'planLineId', 'kelurahanCode', ${j}->'kelurahanCode',
  'date', ${j}->'date', 'amount', ${j}->'amount', 'description', ${j}->'description', 'payee', ${j}->'payee',
  'evidenceNo', ${j}->'evidenceNo', 'reversesId', ${j}->'reversesId', 'reason', ${j}->'reason')`;

/** Every ledger row has the event that booked it, with the same line, date, amount and text. */
export const SPENDING_ENTRY_FACTS: FactSource = {
  table: 'spending_entry',
  rows: `SELECT e.id::text AS id, jsonb_build_object('planLineId', e.plan_line_id, 'kelurahanCode', e.kelurahan_code,
           'date', e.spent_on::text, 'amount', e.amount, 'description', e.description, 'payee', e.payee,
           'evidenceNo', e.evidence_no, 'reversesId', e.reverses_id, 'reason', e.reason) AS content
           FROM spending_entry e`,
  events: [
    { where: `a.entity = 'spending_entry' AND a.action = 'spending.record'`, id: `a.after->>'id'`, content: fromEvent('a.after') },
    { where: `a.entity = 'spending_entry' AND a.action = 'spending.reverse'`, id: `a.after->'reversal'->>'id'`, content: fromEvent(`(a.after->'reversal')`) },
  ],
};

/** The running totals reports read must equal the ledger. */
export const SPENDING_TOTALS_CHECK: ConsistencyCheck = {
  name: 'spending_totals',
  run: async (m) => {
    const r = await checkSpendingTotals(m);
    return {
      consistent: r.consistent,
      detail: r,
      problems: r.mismatches.map((x) => ({
        ...x,
        message: `total ${x.kind} tersimpan ${formatRupiah(x.stored.amount)} (${x.stored.entryCount} entri), menurut buku ${formatRupiah(x.ledger.amount)} (${x.ledger.entryCount} entri)`,
      })),
    };
  },
};

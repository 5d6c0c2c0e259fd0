/** The accounts of the bendahara's cash: money in hand, in the bank, and payments made directly by the kas daerah. */
export const CASH_ACCOUNTS = ['TUNAI', 'BANK', 'LS'] as const;
export type CashAccount = (typeof CASH_ACCOUNTS)[number];
export const PAYMENT_METHODS = CASH_ACCOUNTS;
export type PaymentMethod = CashAccount;

export type PostingKind = 'FUND_IN' | 'FUND_RETURN' | 'PAYMENT' | 'LS_IN' | 'TAX_WITHHELD' | 'TAX_DEPOSIT';

export interface Posting {
  date: string;
  account: CashAccount;
  kind: PostingKind;
  /** Signed: money in > 0, money out < 0. */
  amount: number;
  spendingEntryId?: string | null;
  fundEntryId?: string | null;
  taxLineId?: string | null;
  taxDepositId?: string | null;
  referenceNo: string;
  accountCode?: string | null;
  description: string;
}

export interface PaymentForPosting {
  entryId: string;
  date: string;
  method: PaymentMethod;
  /** The gross amount (negative for a reversal). */
  amount: number;
  evidenceNo: string;
  accountCode: string;
  description: string;
  taxes: Array<{ id: string; type: string; amount: number }>;
}

export const TAX_TEXT: Record<string, string> = {
  PPN: 'PPN', PPH21: 'PPh 21', PPH22: 'PPh 22', PPH23: 'PPh 23', PPH4_2: 'PPh 4 (2)', LAINNYA: 'pajak lain',
};

/**
 * The BKU rows of one payment: the gross paid out, each tax withheld back in (it stays with the bendahara until it is
 * deposited). An LS payment is made by the kas daerah straight to the payee, so it comes in and goes out on LS the same
 * day. A reversal is the same rows with the opposite sign.
 */
export function paymentPostings(p: PaymentForPosting): Posting[] {
  const base = { date: p.date, account: p.method, spendingEntryId: p.entryId, referenceNo: p.evidenceNo, accountCode: p.accountCode };
  const out: Posting[] = [];
  if (p.method === 'LS') out.push({ ...base, kind: 'LS_IN', amount: p.amount, description: `SP2D LS: ${p.description}` });
  out.push({ ...base, kind: 'PAYMENT', amount: -p.amount, description: p.description });
  for (const t of p.taxes) {
    if (t.amount === 0) continue;
    out.push({ ...base, kind: 'TAX_WITHHELD', amount: t.amount, taxLineId: t.id, description: `Pungutan ${TAX_TEXT[t.type] ?? t.type}: ${p.description}` });
  }
  return out;
}

/** What a payment takes out of its account (gross less the taxes kept back). */
export const netOutflow = (p: { amount: number; taxes: Array<{ amount: number }> }) => p.amount - p.taxes.reduce((s, t) => s + t.amount, 0);

import { MONTH_NAMES, monthPeriod } from '../../../common/period/period';
import { formatDateId } from '../../../common/format/nip';
import { modelFingerprint } from '../model/fingerprint';
import {
  assertRupiah, buildDocumentFooter, buildSignatureSection, normalizeRegion, regionTitle,
} from '../model/model-common';
import type { DocumentFooter, DocumentFooterInput, RegionIdentity, SignatureInput, SignatureSection } from '../model/report.types';

// Everything here is plain data, so the model can be posted to a render worker.

export type PostingKind = 'FUND_IN' | 'FUND_RETURN' | 'PAYMENT' | 'LS_IN' | 'TAX_WITHHELD' | 'TAX_DEPOSIT';

/** One cash posting of the month, as the BKU query returns it (signed: in > 0, out < 0). */
export interface BkuPostingRow {
  date: string;
  kind: PostingKind;
  account: 'TUNAI' | 'BANK' | 'LS';
  amount: number;
  referenceNo: string;
  accountCode: string | null;
  description: string;
}

export interface BkuInput {
  region: RegionIdentity;
  year: number;
  month: number;
  /** Saldo at the end of the previous month (0 in January: the books run per fiscal year). */
  opening: number;
  /** Receipts and payments of the year before this month (for "s.d. bulan lalu"). */
  before: { receipts: number; payments: number };
  rows: BkuPostingRow[];
  /** Balances per account at the end of the month, from the same ledger. */
  closingByAccount: { TUNAI: number; BANK: number; LS: number };
  /** Taxes withheld and not yet deposited at the end of the month (held inside the balances above). */
  taxHeld: number;
  /** Whether the month is closed (tutup buku). */
  closed: boolean;
  signature: SignatureInput;
  document: DocumentFooterInput;
}

export interface BkuLine {
  no: number;
  date: string;
  dateLabel: string;
  accountCode: string;
  description: string;
  receipt: number;
  payment: number;
  balance: number;
}

export interface BkuModel {
  schema: 'bku/v1';
  kind: 'bku';
  year: number;
  month: number;
  period: string;
  /** "Bulan Maret 2026". */
  periodLabel: string;
  region: RegionIdentity;
  regionTitle: string;
  titleLines: string[];
  opening: number;
  lines: BkuLine[];
  /** This month, before it in the year, and the year up to the end of this month. */
  thisMonth: { receipts: number; payments: number };
  before: { receipts: number; payments: number };
  toDate: { receipts: number; payments: number };
  closing: number;
  composition: { tunai: number; bank: number; ls: number; taxHeld: number };
  closed: boolean;
  signature: SignatureSection;
  document: DocumentFooter;
}

export const BKU_TITLE = ['BUKU KAS UMUM', 'BENDAHARA PENGELUARAN PEMBANTU'];

const KIND_TEXT: Record<PostingKind, string> = {
  FUND_IN: 'Penerimaan',
  FUND_RETURN: 'Penyetoran sisa (STS)',
  PAYMENT: 'Pembayaran',
  LS_IN: 'Penerimaan SP2D LS',
  TAX_WITHHELD: 'Pungutan pajak',
  TAX_DEPOSIT: 'Penyetoran pajak',
};

function uraian(r: BkuPostingRow): string {
  const ref = r.referenceNo.trim();
  // Payments and their taxes carry the nomor bukti; funds their SP2D/STS number; deposits their NTPN.
  const text = r.description || KIND_TEXT[r.kind];
  if (!ref) return text;
  return r.kind === 'TAX_DEPOSIT' ? `${text} (${ref})` : `${text} (No. bukti ${ref})`;
}

/**
 * The BKU of one month: every posting in date order with a running saldo from the previous month's closing,
 * the month's and the year's totals, and what the cash at the end consists of. The saldo printed must equal the
 * balances of the accounts, or the model refuses to be built (a document never shows books that do not add up).
 */
export function buildBkuModel(input: BkuInput): BkuModel {
  if (!Number.isInteger(input.month) || input.month < 1 || input.month > 12) throw new RangeError(`bad month ${input.month}`);
  const region = normalizeRegion(input.region);
  if (region.level !== 'kelurahan') throw new RangeError('a BKU belongs to one kelurahan');
  let balance = assertRupiah(input.opening, 'opening');
  let receipts = 0;
  let payments = 0;
  let lastDate = '';
  const lines: BkuLine[] = input.rows.map((r, i) => {
    const amount = assertRupiah(r.amount, `rows[${i}].amount`);
    if (r.date < lastDate) throw new RangeError(`rows[${i}] is out of date order`);
    if (Number(r.date.slice(0, 4)) !== input.year || Number(r.date.slice(5, 7)) !== input.month) {
      throw new RangeError(`rows[${i}] (${r.date}) is not in ${input.year}-${input.month}`);
    }
    lastDate = r.date;
    balance += amount;
    if (amount >= 0) receipts += amount;
    else payments -= amount;
    return {
      no: i + 1,
      date: r.date,
      dateLabel: formatDateId(r.date),
      accountCode: r.accountCode ?? '',
      description: uraian(r),
      receipt: amount >= 0 ? amount : 0,
      payment: amount < 0 ? -amount : 0,
      balance,
    };
  });
  const c = input.closingByAccount;
  const byAccount = assertRupiah(c.TUNAI, 'closing.TUNAI') + assertRupiah(c.BANK, 'closing.BANK') + assertRupiah(c.LS, 'closing.LS');
  if (byAccount !== balance) {
    throw new RangeError(`BKU does not balance: saldo ${balance} but the accounts hold ${byAccount}`);
  }
  const before = { receipts: assertRupiah(input.before.receipts, 'before.receipts'), payments: assertRupiah(input.before.payments, 'before.payments') };
  if (before.receipts - before.payments !== input.opening) {
    throw new RangeError(`BKU opening ${input.opening} is not receipts − payments before the month (${before.receipts - before.payments})`);
  }
  const model: Omit<BkuModel, 'document'> = {
    schema: 'bku/v1',
    kind: 'bku',
    year: input.year,
    month: input.month,
    period: monthPeriod(input.month),
    periodLabel: `Bulan ${MONTH_NAMES[input.month - 1]} ${input.year}`,
    region,
    regionTitle: regionTitle(region),
    titleLines: [...BKU_TITLE, regionTitle(region), `BULAN ${MONTH_NAMES[input.month - 1].toUpperCase()} TAHUN ANGGARAN ${input.year}`],
    opening: input.opening,
    lines,
    thisMonth: { receipts, payments },
    before,
    toDate: { receipts: before.receipts + receipts, payments: before.payments + payments },
    closing: balance,
    composition: { tunai: c.TUNAI, bank: c.BANK, ls: c.LS, taxHeld: assertRupiah(input.taxHeld, 'taxHeld') },
    closed: input.closed,
    signature: buildSignatureSection(input.signature),
  };
  return { ...model, document: buildDocumentFooter(input.document, modelFingerprint(model as never)) };
}

import { formatDateId } from '../../../common/format/nip';
import { MONTH_NAMES, monthPeriod } from '../../../common/period/period';
import { TAX_LABELS, TAX_TYPES, type TaxType } from '../../books/tax/tax-rules';
import { modelFingerprint } from '../model/fingerprint';
import { assertRupiah, buildDocumentFooter, buildSignatureSection, normalizeRegion, regionTitle } from '../model/model-common';
import type { DocumentFooter, DocumentFooterInput, RegionIdentity, SignatureInput, SignatureSection } from '../model/report.types';

/** One tax event of the month: withheld on a payment (pungutan, a reversal negative) or deposited (penyetoran). */
export interface PajakEventRow {
  date: string;
  type: TaxType;
  side: 'PUNGUT' | 'SETOR';
  amount: number;
  /** Nomor bukti of the payment, or the NTPN of the deposit. */
  referenceNo: string;
  description: string;
}

export interface PajakInput {
  region: RegionIdentity;
  year: number;
  month: number;
  layout: 'chronological' | 'recap';
  /** Withheld and deposited per tax before this month (the year so far). */
  before: Partial<Record<TaxType, { withheld: number; deposited: number }>>;
  rows: PajakEventRow[];
  signature: SignatureInput;
  document: DocumentFooterInput;
}

export interface PajakLine {
  no: number;
  dateLabel: string;
  description: string;
  taxLabel: string;
  withheld: number;
  deposited: number;
  balance: number;
}

export interface PajakRecapRow {
  type: TaxType;
  label: string;
  withheld: { before: number; thisMonth: number; toDate: number };
  deposited: { before: number; thisMonth: number; toDate: number };
  /** Pungutan s.d. bulan ini − penyetoran s.d. bulan ini. */
  outstanding: number;
}

export interface PajakModel {
  schema: 'pajak/v1';
  kind: 'pajak';
  layout: 'chronological' | 'recap';
  year: number;
  month: number;
  period: string;
  periodLabel: string;
  region: RegionIdentity;
  regionTitle: string;
  titleLines: string[];
  opening: number;
  lines: PajakLine[];
  recap: PajakRecapRow[];
  total: PajakRecapRow['withheld'] & { depositedBefore: number; depositedThisMonth: number; depositedToDate: number; outstanding: number };
  signature: SignatureSection;
  document: DocumentFooter;
}

/**
 * Buku Pembantu Pajak of one month, in either layout: every pungutan and penyetoran in date order with the running
 * balance still to deposit, or the recap per tax (s.d. bulan lalu, bulan ini, s.d. bulan ini; sisa belum disetor).
 * Both are computed every time, so each layout's totals are the other's.
 */
export function buildPajakModel(input: PajakInput): PajakModel {
  const region = normalizeRegion(input.region);
  const zero = () => ({ withheld: 0, deposited: 0 });
  const month = new Map<TaxType, { withheld: number; deposited: number }>(TAX_TYPES.map((t) => [t, zero()]));
  let opening = 0;
  for (const t of TAX_TYPES) {
    const b = input.before[t] ?? zero();
    opening += assertRupiah(b.withheld, `before.${t}.withheld`) - assertRupiah(b.deposited, `before.${t}.deposited`);
  }
  let balance = opening;
  const lines = input.rows.map((r, i) => {
    const amount = assertRupiah(r.amount, `rows[${i}].amount`);
    const m = month.get(r.type)!;
    if (r.side === 'PUNGUT') m.withheld += amount;
    else m.deposited += amount;
    balance += r.side === 'PUNGUT' ? amount : -amount;
    return {
      no: i + 1, dateLabel: formatDateId(r.date), taxLabel: TAX_LABELS[r.type],
      description: `${r.description} (${r.side === 'SETOR' ? r.referenceNo : `No. bukti ${r.referenceNo}`})`,
      withheld: r.side === 'PUNGUT' ? amount : 0, deposited: r.side === 'SETOR' ? amount : 0, balance,
    };
  });
  const recap: PajakRecapRow[] = TAX_TYPES.map((type) => {
    const b = input.before[type] ?? zero();
    const m = month.get(type)!;
    const withheld = { before: b.withheld, thisMonth: m.withheld, toDate: b.withheld + m.withheld };
    const deposited = { before: b.deposited, thisMonth: m.deposited, toDate: b.deposited + m.deposited };
    return { type, label: TAX_LABELS[type], withheld, deposited, outstanding: withheld.toDate - deposited.toDate };
  });
  const sum = (f: (r: PajakRecapRow) => number) => recap.reduce((s, r) => s + f(r), 0);
  const total = {
    before: sum((r) => r.withheld.before), thisMonth: sum((r) => r.withheld.thisMonth), toDate: sum((r) => r.withheld.toDate),
    depositedBefore: sum((r) => r.deposited.before), depositedThisMonth: sum((r) => r.deposited.thisMonth), depositedToDate: sum((r) => r.deposited.toDate),
    outstanding: sum((r) => r.outstanding),
  };
  if (total.outstanding !== balance) throw new RangeError(`Buku pembantu pajak does not balance: ${balance} vs ${total.outstanding}`);
  const monthName = MONTH_NAMES[input.month - 1];
  const model: Omit<PajakModel, 'document'> = {
    schema: 'pajak/v1',
    kind: 'pajak',
    layout: input.layout,
    year: input.year,
    month: input.month,
    period: monthPeriod(input.month),
    periodLabel: `Bulan ${monthName} ${input.year}`,
    region,
    regionTitle: regionTitle(region),
    titleLines: [
      input.layout === 'recap' ? 'REKAPITULASI BUKU PEMBANTU PAJAK' : 'BUKU PEMBANTU PAJAK',
      'BENDAHARA PENGELUARAN PEMBANTU', regionTitle(region), `BULAN ${monthName.toUpperCase()} TAHUN ANGGARAN ${input.year}`,
    ],
    opening,
    lines,
    recap,
    total,
    signature: buildSignatureSection(input.signature),
  };
  return { ...model, document: buildDocumentFooter(input.document, modelFingerprint(model as never)) };
}

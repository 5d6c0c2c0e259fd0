import { MONTH_NAMES, monthPeriod } from '../../../common/period/period';
import { TAX_LABELS, TAX_TYPES, type TaxType } from '../../books/tax/tax-rules';
import { modelFingerprint } from '../model/fingerprint';
import { assertRupiah, buildDocumentFooter, buildSignatureSection, compareAccountCode, normalizeRegion, regionTitle } from '../model/model-common';
import type { DocumentFooter, DocumentFooterInput, RegionIdentity, SignatureInput, SignatureSection } from '../model/report.types';

/** Before this month and in it (rupiah, positive). */
export interface Split {
  before: number;
  thisMonth: number;
}

export interface LpjInput {
  region: RegionIdentity;
  year: number;
  month: number;
  /** Payments (net of reversals) per kode rekening, paid LS or from the UP/GU/TU the bendahara holds. */
  spending: Array<{ accountCode: string; ls: Split; up: Split }>;
  fundsIn: Split;
  lsIn: Split;
  returns: Split;
  taxes: Partial<Record<TaxType, { withheld: Split; deposited: Split }>>;
  /** Cash at the end of the month by the ledger, which the report must reproduce. */
  closing: number;
  signature: SignatureInput;
  document: DocumentFooterInput;
}

export interface Figures {
  before: number;
  thisMonth: number;
  toDate: number;
}

export interface LpjModel {
  schema: 'lpj/v1';
  kind: 'lpj';
  year: number;
  month: number;
  period: string;
  periodLabel: string;
  region: RegionIdentity;
  regionTitle: string;
  titleLines: string[];
  spending: Array<{ accountCode: string; ls: Figures; up: Figures; total: number }>;
  spendingTotal: { ls: Figures; up: Figures; total: number };
  receipts: Array<{ label: string; figures: Figures }>;
  receiptsTotal: Figures;
  payments: Array<{ label: string; figures: Figures }>;
  paymentsTotal: Figures;
  closing: number;
  signature: SignatureSection;
  document: DocumentFooter;
}

const fig = (s: Split, what: string): Figures => ({
  before: assertRupiah(s.before, `${what}.before`), thisMonth: assertRupiah(s.thisMonth, `${what}.thisMonth`), toDate: s.before + s.thisMonth,
});
const add = (a: Figures, b: Figures): Figures => ({ before: a.before + b.before, thisMonth: a.thisMonth + b.thisMonth, toDate: a.toDate + b.toDate });
const ZERO: Figures = { before: 0, thisMonth: 0, toDate: 0 };

/**
 * The monthly LPJ of the bendahara pengeluaran pembantu: SPJ per kode rekening (LS and UP/GU/TU), then receipts
 * (SP2D, taxes withheld) and payments (SPJ, STS, taxes deposited) to the cash at the end of the month, which must be
 * the ledger's closing balance.
 */
export function buildLpjModel(input: LpjInput): LpjModel {
  const region = normalizeRegion(input.region);
  const spending = [...input.spending]
    .sort((a, b) => compareAccountCode(a.accountCode, b.accountCode))
    .map((s) => {
      const ls = fig(s.ls, `${s.accountCode}.ls`);
      const up = fig(s.up, `${s.accountCode}.up`);
      return { accountCode: s.accountCode, ls, up, total: ls.toDate + up.toDate };
    });
  const spendingTotal = {
    ls: spending.reduce((a, s) => add(a, s.ls), ZERO),
    up: spending.reduce((a, s) => add(a, s.up), ZERO),
    total: spending.reduce((a, s) => a + s.total, 0),
  };
  const taxesIn = TAX_TYPES.filter((t) => input.taxes[t]).map((t) => ({ label: `Potongan ${TAX_LABELS[t]}`, figures: fig(input.taxes[t]!.withheld, `${t}.withheld`) }));
  const taxesOut = TAX_TYPES.filter((t) => input.taxes[t]).map((t) => ({ label: `Penyetoran ${TAX_LABELS[t]}`, figures: fig(input.taxes[t]!.deposited, `${t}.deposited`) }));
  const receipts = [
    { label: 'Penerimaan SP2D UP/GU/TU', figures: fig(input.fundsIn, 'fundsIn') },
    { label: 'Penerimaan SP2D LS', figures: fig(input.lsIn, 'lsIn') },
    ...taxesIn,
  ];
  const payments = [
    { label: 'SPJ belanja LS', figures: spendingTotal.ls },
    { label: 'SPJ belanja UP/GU/TU', figures: spendingTotal.up },
    { label: 'Penyetoran sisa UP/TU (STS)', figures: fig(input.returns, 'returns') },
    ...taxesOut,
  ];
  const receiptsTotal = receipts.reduce((a, r) => add(a, r.figures), ZERO);
  const paymentsTotal = payments.reduce((a, r) => add(a, r.figures), ZERO);
  const closing = receiptsTotal.toDate - paymentsTotal.toDate;
  if (closing !== input.closing) throw new RangeError(`LPJ does not balance: ${closing} by the report, ${input.closing} by the ledger`);
  const monthName = MONTH_NAMES[input.month - 1];
  const model: Omit<LpjModel, 'document'> = {
    schema: 'lpj/v1',
    kind: 'lpj',
    year: input.year,
    month: input.month,
    period: monthPeriod(input.month),
    periodLabel: `Bulan ${monthName} ${input.year}`,
    region,
    regionTitle: regionTitle(region),
    titleLines: ['LAPORAN PERTANGGUNGJAWABAN', 'BENDAHARA PENGELUARAN PEMBANTU', regionTitle(region), `BULAN ${monthName.toUpperCase()} TAHUN ANGGARAN ${input.year}`],
    spending,
    spendingTotal,
    receipts,
    receiptsTotal,
    payments,
    paymentsTotal,
    closing,
    signature: buildSignatureSection(input.signature),
  };
  return { ...model, document: buildDocumentFooter(input.document, modelFingerprint(model as never)) };
}

import { randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { MONTH_NAMES } from '../../common/period/period';
import { EVIDENCE_KINDS } from '../../modules/books/books-settings';
import { PURCHASE_KINDS, suggestTaxes, TAX_LABELS, TAX_TYPES, type SuggestedTax } from '../../modules/books/tax/tax-rules';
import type { PlanDto } from '../../modules/plans/plan.dto';
import { isCalendarDate } from '../../modules/spending/spending-date';
import { FieldErrors, parseIdNumber } from '../form';
import { yearParam } from '../plans/plan-view';

export { MONTH_NAMES };

/** A month of the books, as its URL names it: /buku/<kelurahan>/<year>/<month>. */
export interface BookMonth {
  kelurahan: string;
  year: number;
  month: number;
}

const KELURAHAN = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

/** The month of a URL; anything that is not one is the 404 page (as is another kelurahan's, by the service). */
export function monthParams(kelurahan: string, yearRaw: string, monthRaw: string): BookMonth {
  if (!KELURAHAN.test(kelurahan) || !/^(0?[1-9]|1[0-2])$/.test(monthRaw)) throw COMMON_ERRORS.error('NOT_FOUND');
  return { kelurahan, year: yearParam(yearRaw), month: Number(monthRaw) };
}

export const monthUrl = (m: BookMonth, rest = '') => `/buku/${m.kelurahan}/${m.year}/${m.month}${rest}`;
export const monthLabel = (m: { year: number; month: number }) => `${MONTH_NAMES[m.month - 1]} ${m.year}`;

const pad = (n: number) => String(n).padStart(2, '0');
export const firstDay = (m: { year: number; month: number }) => `${m.year}-${pad(m.month)}-01`;
export const lastDay = (m: { year: number; month: number }) => new Date(Date.UTC(m.year, m.month, 0)).toISOString().slice(0, 10);

/** A sensible default date for a form of this month: today when it falls in the month, else the month's last day. */
export function defaultDate(m: BookMonth, today: string): string {
  if (today.slice(0, 7) === firstDay(m).slice(0, 7)) return today;
  return lastDay(m) < today ? lastDay(m) : firstDay(m);
}

/** A fresh key for one filled-in form: a resend or a double click of the same form books once. */
export const newFormKey = () => `web-${randomUUID()}`;

export const METHOD_LABELS: Record<string, string> = { TUNAI: 'Tunai', BANK: 'Bank (transfer)', LS: 'LS (langsung dari kas daerah)' };
export const FUND_KINDS = [
  { code: 'UP', label: 'UP – uang persediaan' },
  { code: 'GU', label: 'GU – ganti uang persediaan' },
  { code: 'TU', label: 'TU – tambahan uang persediaan' },
  { code: 'STS', label: 'STS – pengembalian sisa ke kas daerah' },
];
export const PURCHASE_LABELS: Record<(typeof PURCHASE_KINDS)[number], string> = {
  BARANG: 'Belanja barang',
  JASA: 'Jasa',
  SEWA: 'Sewa',
  KONSTRUKSI: 'Jasa konstruksi',
  KONSULTAN_KONSTRUKSI: 'Konsultan konstruksi',
  HONOR_ASN: 'Honorarium ASN',
  LAINNYA: 'Lainnya',
};
export const EVIDENCE_LABELS: Record<(typeof EVIDENCE_KINDS)[number], string> = {
  KUITANSI: 'Kuitansi',
  NOTA: 'Nota / faktur',
  BAST: 'Berita acara serah terima',
  FOTO_0: 'Foto 0 %',
  FOTO_50: 'Foto 50 %',
  FOTO_100: 'Foto 100 %',
  DAFTAR_HADIR: 'Daftar hadir',
  LAINNYA: 'Bukti lain',
};

export const PICKERS = {
  methods: Object.entries(METHOD_LABELS).map(([code, label]) => ({ code, label })),
  purchaseKinds: PURCHASE_KINDS.map((code) => ({ code, label: PURCHASE_LABELS[code] })),
  taxTypes: TAX_TYPES.map((code) => ({ code, label: TAX_LABELS[code] })),
  evidenceKinds: EVIDENCE_KINDS.map((code) => ({ code, label: EVIDENCE_LABELS[code] })),
  fundKinds: FUND_KINDS,
  accounts: [{ code: 'TUNAI', label: 'Tunai' }, { code: 'BANK', label: 'Bank' }],
  depositAccounts: [{ code: 'TUNAI', label: 'Tunai' }, { code: 'BANK', label: 'Bank' }, { code: 'LS', label: 'LS' }],
  months: MONTH_NAMES.map((label, i) => ({ code: i + 1, label })),
};

export const PAYMENT_LABELS: Record<string, string> = {
  planLineId: 'Baris rencana',
  method: 'Cara bayar',
  payee: 'Penerima',
  evidenceNo: 'Nomor bukti',
  date: 'Tanggal',
  description: 'Uraian',
  amount: 'Jumlah bruto (Rp)',
  taxes: 'Pajak',
  file: 'Berkas bukti',
  kind: 'Jenis bukti',
  purchaseKind: 'Jenis belanja',
};
export const REVERSE_LABELS: Record<string, string> = { reason: 'Alasan pembatalan', date: 'Tanggal pembatalan', id: 'Pembayaran' };
export const FUND_LABELS: Record<string, string> = {
  kind: 'Jenis', account: 'Masuk ke / keluar dari', date: 'Tanggal', amount: 'Jumlah (Rp)', documentNo: 'Nomor SP2D / STS',
  documentDate: 'Tanggal SP2D / STS', description: 'Uraian',
};
export const DEPOSIT_LABELS: Record<string, string> = {
  type: 'Jenis pajak', account: 'Disetor dari', date: 'Tanggal setor', amount: 'Jumlah (Rp)', billingCode: 'Kode billing', ntpn: 'NTPN',
  description: 'Uraian',
};

/** The page's own words for refusals whose API text speaks of a field the form shows differently. */
const PAGE_WORDS: Record<string, Record<string, string>> = {
  PERIOD_CLOSED: { date: 'Bulan ini sudah ditutup', documentDate: 'Bulan ini sudah ditutup', month: 'Bulan ini sudah ditutup' },
  BOOKS_PERIOD_ALREADY_CLOSED: { _form: 'Bulan ini sudah ditutup' },
  SPENDING_DUPLICATE_EVIDENCE_NO: { evidenceNo: 'Nomor bukti ini sudah dipakai pada pembayaran lain tahun ini' },
  BOOKS_DUPLICATE_DOCUMENT: { documentNo: 'Nomor ini sudah dicatat untuk kelurahan dan tahun ini' },
  BOOKS_DUPLICATE_NTPN: { ntpn: 'NTPN ini sudah dicatat pada setoran lain' },
};

/** Field messages of a refusal with the page's wording laid over them (the code stays the API's). */
export function pageWords(err: unknown, errors: FieldErrors): FieldErrors {
  if (!(err instanceof AppError)) return errors;
  const words = PAGE_WORDS[err.code];
  if (!words) return errors;
  const out = { ...errors };
  for (const [field, text] of Object.entries(words)) {
    if (field === '_form' || field in out) out[field] = text;
  }
  if (err.code === 'PERIOD_CLOSED' && !Object.keys(words).some((k) => k in errors)) out._form = 'Bulan ini sudah ditutup';
  if (err.code === 'SPENDING_DUPLICATE_EVIDENCE_NO') {
    out.evidenceNo = words.evidenceNo;
    if (out._form === err.message) delete out._form;
  }
  return out;
}

/** A plan line the bendahara may pay from, with what is left on it. */
export interface PayableLine {
  id: string;
  label: string;
  accountCode: string;
  budget: number;
  spent: number;
  remaining: number;
}

export function payableLines(plan: PlanDto | null): PayableLine[] {
  if (!plan?.inForce) return [];
  return plan.inForce.lines.map((l) => ({
    id: l.id,
    label: `${l.accountCode} · ${l.description}`,
    accountCode: l.accountCode,
    budget: l.amount,
    spent: l.spent,
    remaining: l.amount - l.spent,
  }));
}

/** One row of the tax table of the payment form (what is shown and what was suggested for it). */
export interface TaxRow {
  type: string;
  label: string;
  base: string;
  rate: string;
  amount: string;
  reason: string;
  suggested: SuggestedTax | null;
}

const idNumber = (n: number) => n.toLocaleString('id-ID', { maximumFractionDigits: 4 });
const asNumber = (v: unknown): number | null => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = parseIdNumber(v);
  return typeof n === 'number' ? n : null;
};

/** What the rule table suggests for a payment, or nothing while amount, date or kind are not filled in. */
export function suggestionFor(fields: Record<string, string | undefined>): SuggestedTax[] {
  const amount = asNumber(fields.amount);
  const date = fields.date ?? '';
  const kind = fields.purchaseKind as (typeof PURCHASE_KINDS)[number];
  if (amount === null || !Number.isSafeInteger(amount) || amount <= 0 || !isCalendarDate(date) || !(PURCHASE_KINDS as readonly string[]).includes(kind)) return [];
  return suggestTaxes({ date, amount, kind, pkp: fields.pkp !== 'tidak' });
}

/** The rows as suggested (a fresh suggestion) or as posted (the person's edits kept), plus one free row to add a tax. */
export function taxRows(fields: Record<string, string | undefined>, fromPost: boolean): TaxRow[] {
  const suggested = suggestionFor(fields);
  const rows: TaxRow[] = [];
  if (!fromPost) {
    for (const s of suggested) {
      rows.push({ type: s.type, label: TAX_LABELS[s.type], base: idNumber(s.base), rate: idNumber(s.rate), amount: idNumber(s.amount), reason: '', suggested: s });
    }
  } else {
    for (let i = 0; i < 7; i++) {
      const type = fields[`tax${i}Type`];
      if (!type) continue;
      rows.push({
        type,
        label: TAX_LABELS[type as keyof typeof TAX_LABELS] ?? type,
        base: fields[`tax${i}Base`] ?? '',
        rate: fields[`tax${i}Rate`] ?? '',
        amount: fields[`tax${i}Amount`] ?? '',
        reason: fields[`tax${i}Reason`] ?? '',
        suggested: suggested.find((s) => s.type === type) ?? null,
      });
    }
  }
  return rows;
}

export interface ParsedTaxes {
  taxes: Array<{ type: string; base: number | string; rate: number | string; amount: number | string; reason?: string }>;
  errors: FieldErrors;
}

/**
 * The taxes of a posted payment form. A row that differs from what the rule table suggests for this payment (or a
 * suggested tax left out, or one added) needs its reason; the API then checks each line against the table as well.
 */
export function taxesFromForm(fields: Record<string, string | undefined>): ParsedTaxes {
  const suggested = suggestionFor(fields);
  const taxes: ParsedTaxes['taxes'] = [];
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  for (let i = 0; i < 7; i++) {
    const type = fields[`tax${i}Type`]?.trim();
    if (!type) continue;
    const base = asNumber(fields[`tax${i}Base`]);
    const rate = asNumber(fields[`tax${i}Rate`]);
    const amount = asNumber(fields[`tax${i}Amount`]);
    const reason = fields[`tax${i}Reason`]?.trim() ?? '';
    const n = taxes.length;
    if (base === null) errors[`taxes.${n}.base`] = 'DPP wajib diisi dengan angka';
    if (rate === null) errors[`taxes.${n}.rate`] = 'Tarif wajib diisi dengan angka';
    if (amount === null) errors[`taxes.${n}.amount`] = 'Jumlah pajak wajib diisi dengan angka';
    const s = suggested.find((x) => x.type === type);
    const changed = !s || s.base !== base || s.rate !== rate || s.amount !== amount;
    if (changed && !reason) errors[`taxes.${n}.reason`] = s ? 'Alasan wajib diisi karena pajak diubah dari usulan' : 'Alasan wajib diisi untuk pajak di luar usulan';
    seen.add(type);
    taxes.push({ type, base: base ?? '', rate: rate ?? '', amount: amount ?? '', ...(reason ? { reason } : {}) });
  }
  const dropped = suggested.filter((s) => !seen.has(s.type));
  if (dropped.length && !fields.taxesDroppedReason?.trim()) {
    errors.taxesDroppedReason = `Alasan wajib diisi karena ${dropped.map((d) => TAX_LABELS[d.type]).join(', ')} dari usulan tidak dipungut`;
  }
  return { taxes, errors };
}

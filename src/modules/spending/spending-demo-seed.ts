import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { capitalizeFirst, formatRupiah, terbilangRupiah } from '../../common/money/rupiah';
import { suggestTaxes, type SuggestInput, type TaxType } from '../books/tax/tax-rules';
import type { SpendingEntryDto } from './spending.dto';
import type { AuthUser } from '../../common/auth/auth-user';
import type { BookPeriodService } from '../books/book-period.service';
import type { DepositService } from '../books/deposit.service';
import type { FundService } from '../books/fund.service';
import type { PlansService } from '../plans/plans.service';
import { todayIso } from './spending-date';
import type { SpendingService } from './spending.service';

interface DemoEntry {
  line: string; // key in the plans step's approvedLineIds
  at: number; // how far into the year so far (0..1], so every date is on or before today
  day: number;
  amount: number;
  description: string;
  payee: string;
  reverse?: string; // a reason: this entry was a mistake and is reversed
  method: 'TUNAI' | 'BANK';
  /** What the taxes are suggested for (none when absent). */
  tax?: Pick<SuggestInput, 'kind' | 'golongan' | 'qualification' | 'pkp'>;
  /** Evidence to attach beyond the kuitansi. */
  photos?: Array<'FOTO_0' | 'FOTO_50' | 'FOTO_100'>;
}

// A bendahara's first months on the Balearjosari plan: termins, honoraria, PMT, and one duplicated nota undone.
const ENTRIES: DemoEntry[] = [
  { line: 'drainase', at: 0.1, day: 14, amount: 68_250_000, description: 'Uang muka 30% pekerjaan saluran drainase RW 03', payee: 'CV Tirta Mandiri', method: 'BANK', tax: { kind: 'KONSTRUKSI', qualification: 'KECIL' }, photos: ['FOTO_0'] },
  { line: 'rapatLpm', at: 0.15, day: 20, amount: 1_800_000, description: 'Makan dan minum rapat koordinasi LPM (60 orang)', payee: 'Katering Bu Sumiati', method: 'TUNAI', tax: { kind: 'BARANG' } },
  { line: 'pmt', at: 0.25, day: 5, amount: 4_500_000, description: 'PMT balita Posyandu Melati (300 porsi)', payee: 'Kelompok PKK RW 02', method: 'TUNAI' },
  { line: 'penerangan', at: 0.35, day: 11, amount: 45_000_000, description: 'Pengadaan 12 titik lampu jalan tenaga surya', payee: 'CV Surya Terang Abadi', method: 'BANK', tax: { kind: 'BARANG' } },
  { line: 'umkm', at: 0.45, day: 8, amount: 6_800_000, description: 'Honor narasumber pelatihan olahan pangan UMKM', payee: 'Dra. Endang Lestari', method: 'TUNAI', tax: { kind: 'HONOR_ASN', golongan: 'III' } },
  { line: 'pmt', at: 0.55, day: 6, amount: 4_500_000, description: 'PMT balita Posyandu Melati (300 porsi)', payee: 'Kelompok PKK RW 02', method: 'TUNAI' },
  {
    line: 'pmt', at: 0.55, day: 6, amount: 4_500_000, description: 'PMT balita Posyandu Melati (300 porsi)', payee: 'Kelompok PKK RW 02',
    reverse: 'Nota PMT yang sama tercatat dua kali', method: 'TUNAI',
  },
  { line: 'drainase', at: 0.7, day: 18, amount: 91_000_000, description: 'Termin II (40%) pekerjaan saluran drainase RW 03', payee: 'CV Tirta Mandiri', method: 'BANK', tax: { kind: 'KONSTRUKSI', qualification: 'KECIL' }, photos: ['FOTO_50'] },
  { line: 'linmas', at: 0.85, day: 9, amount: 9_750_000, description: 'Pelatihan linmas: konsumsi dan perlengkapan peserta', payee: 'Toko Sinar Jaya', method: 'BANK', tax: { kind: 'BARANG' } },
  { line: 'posyandu', at: 1, day: 25, amount: 37_500_000, description: 'Rehabilitasi Posyandu Melati: material bangunan tahap I', payee: 'TB Maju Makmur', method: 'BANK', tax: { kind: 'BARANG' } },
];

export interface SpendingDemoSeed {
  entries: number;
  reversals: number;
  funds: number;
  deposits: number;
  evidence: number;
  closedMonth: number | null;
}

/** Attaches one file to a payment (EvidenceService.attach); absent when the seed runs without the evidence module. */
export type AttachEvidence = (entry: SpendingEntryDto, file: { filename: string; bytes: Buffer }, kind: string) => Promise<unknown>;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A one-page kuitansi as a real PDF, with the payment's own text. */
function kuitansiPdf(e: { evidenceNo: string; description: string; payee: string; amount: number; date: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', layout: 'landscape', margin: 36 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text('KUITANSI', { align: 'center' }).moveDown();
    doc.fontSize(10).text(`No. ${e.evidenceNo}`).text(`Tanggal ${e.date}`).moveDown();
    doc.text(`Telah terima dari Bendahara Pengeluaran Pembantu uang sejumlah ${formatRupiah(e.amount)}`);
    doc.text(`(${capitalizeFirst(terbilangRupiah(e.amount))})`).moveDown();
    doc.text(`untuk pembayaran: ${e.description}`).moveDown().text(`Penerima: ${e.payee}`);
    doc.end();
  });
}

const PHOTO_COLOUR: Record<string, string> = { FOTO_0: '#8d6e63', FOTO_50: '#9e9d24', FOTO_100: '#2e7d32' };

/**
 * The demo's books on the approved plan, booked through the services as the demo bendahara (row locks, totals and
 * audit events exactly as over HTTP): UP and TU received first, then the payments with their methods and the taxes
 * the rule table suggests, each tax deposited a few days later (the last left outstanding), a kuitansi on every
 * payment and site photos on the works, and the month of the first payment closed. Skipped without an approved plan.
 */
export async function seedSpendingDemo(
  services: { spending: SpendingService; plans: PlansService; funds: FundService; deposits: DepositService; periods: BookPeriodService; attach?: AttachEvidence },
  bendahara: AuthUser | undefined,
  budget: { year: number; approvedPlanId?: string; approvedLineIds?: Record<string, string> } | undefined,
): Promise<SpendingDemoSeed> {
  const none = { entries: 0, reversals: 0, funds: 0, deposits: 0, evidence: 0, closedMonth: null };
  if (!bendahara || !budget?.approvedPlanId || !budget.approvedLineIds) return none;
  const plan = await services.plans.get(bendahara, budget.approvedPlanId).catch(() => null);
  if (!plan || plan.inForce === null) return none;
  const { spending, attach } = services;
  const books = { funds: services.funds, deposits: services.deposits, periods: services.periods };
  const today = todayIso();
  const year: number = plan.year;
  const kelurahanCode: string = plan.kelurahanCode;
  const thisYear = Number(today.slice(0, 4));
  if (year > thisYear) return none;
  const lastMonth = year === thisYear ? Number(today.slice(5, 7)) : 12;
  const dateAt = (at: number, day: number) => {
    const month = Math.max(1, Math.ceil(at * lastMonth));
    const lastDay = year === thisYear && month === lastMonth ? Number(today.slice(8, 10)) : 28;
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
  };
  const later = (date: string, days: number) => {
    const d = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const cap = year === thisYear ? today : `${year}-12-31`;
    return d > cap ? cap : d;
  };

  const result: SpendingDemoSeed = { ...none };
  // Money in before it goes out: UP in cash, two TU by bank (SP2D of the kecamatan's bendahara pengeluaran).
  const funds = [
    { kind: 'UP' as const, account: 'TUNAI' as const, date: dateAt(0.01, 2), amount: 25_000_000, no: `00012/SP2D-UP/KEC.BLB/${year}` },
    { kind: 'TU' as const, account: 'BANK' as const, date: dateAt(0.1, 2), amount: 150_000_000, no: `00041/SP2D-TU/KEC.BLB/${year}` },
    { kind: 'TU' as const, account: 'BANK' as const, date: dateAt(0.6, 1), amount: 150_000_000, no: `00107/SP2D-TU/KEC.BLB/${year}` },
  ];
  for (const f of funds) {
    await books.funds.record(bendahara, { kelurahanCode, kind: f.kind, account: f.account, date: f.date, amount: f.amount, documentNo: f.no, documentDate: f.date });
    result.funds++;
  }

  let firstPaymentMonth: number | null = null;
  const taxed: Array<{ date: string; taxes: Array<{ type: TaxType; amount: number }>; account: 'TUNAI' | 'BANK' }> = [];
  for (const [i, e] of ENTRIES.entries()) {
    const planLineId = budget.approvedLineIds[e.line];
    if (!planLineId) continue;
    const date = dateAt(e.at, e.day);
    const taxes = e.tax ? suggestTaxes({ date, amount: e.amount, ...e.tax }).map(({ type, base, rate, amount }) => ({ type, base, rate, amount })) : [];
    const { body } = await spending.record(bendahara, {
      planLineId,
      date,
      amount: e.amount,
      description: e.description,
      payee: e.payee,
      evidenceNo: `${String(101 + i).padStart(3, '0')}/TBP/KEL.BLJ/${year}`,
      method: e.method,
      taxes,
    });
    result.entries++;
    firstPaymentMonth ??= Number(date.slice(5, 7));
    if (e.reverse) {
      await spending.reverse(bendahara, body.id, { reason: e.reverse });
      result.reversals++;
      continue;
    }
    if (taxes.some((t) => t.amount > 0)) taxed.push({ date, taxes: taxes.filter((t) => t.amount > 0), account: e.method });
    if (attach) {
      await attach(body, { filename: `kuitansi-${body.evidenceNo.replace(/\W+/g, '-')}.pdf`, bytes: await kuitansiPdf(body) }, 'KUITANSI');
      result.evidence++;
      for (const kind of e.photos ?? []) {
        const photo = await sharp({ create: { width: 1024, height: 768, channels: 3, background: PHOTO_COLOUR[kind] } }).jpeg({ quality: 80 }).toBuffer();
        await attach(body, { filename: `${kind.toLowerCase()}-${e.line}.jpg`, bytes: photo }, kind);
        result.evidence++;
      }
    }
  }

  // Each tax deposited three days after it was withheld; the last payment's taxes are still outstanding.
  for (const [n, p] of taxed.slice(0, -1).entries()) {
    for (const [k, t] of p.taxes.entries()) {
      const ntpn = sha(Buffer.from(`${kelurahanCode}/${year}/${n}/${k}`)).slice(0, 16).toUpperCase();
      const billingCode = String(100000000000000 + n * 100 + k);
      await books.deposits.record(bendahara, { kelurahanCode, type: t.type, account: p.account, date: later(p.date, 3), amount: t.amount, billingCode, ntpn });
      result.deposits++;
    }
  }

  // Tutup buku for the month of the first payment, once it is over.
  if (firstPaymentMonth !== null && (year < thisYear || firstPaymentMonth < lastMonth)) {
    await books.periods.close(bendahara, kelurahanCode, year, firstPaymentMonth);
    result.closedMonth = firstPaymentMonth;
  }
  return result;
}

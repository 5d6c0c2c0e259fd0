import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { RegionScopeService } from '../regions/region-scope.service';
import { MutationRunner } from '../../database/mutation-runner';
import { todayIso } from './spending-date';
import { SpendingService } from './spending.service';
import { SpendingBooks } from './spending-books';
import { createBooksServices } from '../books/books.module';
import { RegionsService } from '../regions/regions.service';

interface DemoEntry {
  line: string; // key in the plans step's approvedLineIds
  at: number; // how far into the year so far (0..1], so every date is on or before today
  day: number;
  amount: number;
  description: string;
  payee: string;
  reverse?: string; // a reason: this entry was a mistake and is reversed
}

// A bendahara's first months on the Balearjosari plan: termins, honoraria, PMT, and one duplicated nota undone.
const ENTRIES: DemoEntry[] = [
  { line: 'drainase', at: 0.1, day: 14, amount: 68_250_000, description: 'Uang muka 30% pekerjaan saluran drainase RW 03', payee: 'CV Tirta Mandiri' },
  { line: 'rapatLpm', at: 0.15, day: 20, amount: 1_800_000, description: 'Makan dan minum rapat koordinasi LPM (60 orang)', payee: 'Katering Bu Sumiati' },
  { line: 'pmt', at: 0.25, day: 5, amount: 4_500_000, description: 'PMT balita Posyandu Melati (300 porsi)', payee: 'Kelompok PKK RW 02' },
  { line: 'penerangan', at: 0.35, day: 11, amount: 45_000_000, description: 'Pengadaan 12 titik lampu jalan tenaga surya', payee: 'CV Surya Terang Abadi' },
  { line: 'umkm', at: 0.45, day: 8, amount: 6_800_000, description: 'Honor narasumber pelatihan olahan pangan UMKM', payee: 'Dra. Endang Lestari' },
  { line: 'pmt', at: 0.55, day: 6, amount: 4_500_000, description: 'PMT balita Posyandu Melati (300 porsi)', payee: 'Kelompok PKK RW 02' },
  {
    line: 'pmt', at: 0.55, day: 6, amount: 4_500_000, description: 'PMT balita Posyandu Melati (300 porsi)', payee: 'Kelompok PKK RW 02',
    reverse: 'Nota PMT yang sama tercatat dua kali',
  },
  { line: 'drainase', at: 0.7, day: 18, amount: 91_000_000, description: 'Termin II (40%) pekerjaan saluran drainase RW 03', payee: 'CV Tirta Mandiri' },
  { line: 'linmas', at: 0.85, day: 9, amount: 9_750_000, description: 'Pelatihan linmas: konsumsi dan perlengkapan peserta', payee: 'Toko Sinar Jaya' },
  { line: 'posyandu', at: 1, day: 25, amount: 37_500_000, description: 'Rehabilitasi Posyandu Melati: material bangunan tahap I', payee: 'TB Maju Makmur' },
];

export interface SpendingDemoSeed {
  entries: number;
  reversals: number;
}

/**
 * Realisasi on the demo's approved plan, recorded through SpendingService as the demo bendahara (row locks, totals
 * and audit events exactly as over HTTP). Skipped when the plans step left no approved plan.
 */
export async function seedSpendingDemo(
  db: DataSource,
  bendahara: AuthUser | undefined,
  budget: { year: number; approvedPlanId?: string; approvedLineIds?: Record<string, string> } | undefined,
): Promise<SpendingDemoSeed> {
  const none = { entries: 0, reversals: 0 };
  if (!bendahara || !budget?.approvedPlanId || !budget.approvedLineIds) return none;
  const [plan] = await db.query('SELECT year, in_force_version FROM plan WHERE id = $1', [budget.approvedPlanId]);
  if (!plan || plan.in_force_version === null) return none;

  const audit = new AuditService();
  const runner = new MutationRunner(db, audit);
  const books = createBooksServices(db, runner, new RegionsService(db, audit));
  const spending = new SpendingService(db, new RegionScopeService(), runner, new SpendingBooks(books.periods, books.cash, books.taxes), books.taxes, books.cash);
  const today = todayIso();
  const year: number = plan.year;
  const thisYear = Number(today.slice(0, 4));
  if (year > thisYear) return none;
  const lastMonth = year === thisYear ? Number(today.slice(5, 7)) : 12;
  const dateAt = (at: number, day: number) => {
    const month = Math.max(1, Math.ceil(at * lastMonth));
    const lastDay = year === thisYear && month === lastMonth ? Number(today.slice(8, 10)) : 28;
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
  };

  const result = { ...none };
  for (const [i, e] of ENTRIES.entries()) {
    const planLineId = budget.approvedLineIds[e.line];
    if (!planLineId) continue;
    const { body } = await spending.record(bendahara, {
      planLineId,
      date: dateAt(e.at, e.day),
      amount: e.amount,
      description: e.description,
      payee: e.payee,
      evidenceNo: `${String(101 + i).padStart(3, '0')}/TBP/KEL.BLJ/${year}`,
    });
    result.entries++;
    if (e.reverse) {
      await spending.reverse(bendahara, body.id, { reason: e.reverse });
      result.reversals++;
    }
  }
  return result;
}

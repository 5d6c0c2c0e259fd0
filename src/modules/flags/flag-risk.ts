import { EVIDENCE_KINDS } from '../books/books-settings';
import type { CloseTimeliness } from '../books/close-timeliness';
import type { EvidenceGaps } from '../evidence/evidence.service';
import type { AbsorptionCheck } from './flag-rules';
import type { FlagKind, FlagsConfig } from './flags-config';

export interface RiskPart {
  part: 'openFlags' | 'absorptionLag' | 'missingEvidence' | 'lateMonthClose';
  points: number;
  /** how the points came about, in words */
  explanation: string;
  /** false when the data it needs is not recorded (no plan in force, no payment, nothing in the cash book) */
  available: boolean;
}

export interface RiskRow {
  rank: number;
  kelurahanCode: string;
  name: string | null;
  score: number;
  parts: RiskPart[];
  openFlags: Partial<Record<FlagKind, number>>;
}

/** What the books and the evidence say per kelurahan (from their modules' services). */
export interface RiskBooks {
  evidence: Map<string, EvidenceGaps>;
  closes: Map<string, CloseTimeliness>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
const num = (n: number) => n.toLocaleString('id-ID', { maximumFractionDigits: 2 });
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Points for payments lacking the evidence their checklist requires: per payment, capped. */
export function evidencePart(g: EvidenceGaps | undefined, cfg: FlagsConfig['risk']): RiskPart {
  if (!g) return { part: 'missingEvidence', points: 0, available: false, explanation: 'belum ada pembayaran' };
  if (!g.lacking) return { part: 'missingEvidence', points: 0, available: true, explanation: `${g.payments} pembayaran, semua bukti wajib lengkap` };
  const raw = g.lacking * cfg.missingEvidencePerPayment;
  const points = round2(Math.min(raw, cfg.missingEvidenceMax));
  const kinds = EVIDENCE_KINDS.filter((k) => g.missingKinds[k]).map((k) => `${k} ${g.missingKinds[k]}`).join(', ');
  return {
    part: 'missingEvidence', points, available: true,
    explanation: `${g.lacking} dari ${g.payments} pembayaran tanpa bukti wajib (${kinds}) × ${num(cfg.missingEvidencePerPayment)}` +
      (raw > cfg.missingEvidenceMax ? `, dibatasi ${num(cfg.missingEvidenceMax)}` : '') + ` = ${num(points)}`,
  };
}

/** Points for due months not closed and months closed after their deadline. */
export function closePart(c: CloseTimeliness | undefined, cfg: FlagsConfig['risk']): RiskPart {
  if (!c) return { part: 'lateMonthClose', points: 0, available: false, explanation: 'buku kas belum digunakan tahun ini' };
  const rule = `batas tutup buku tanggal ${c.deadlineDay} bulan berikutnya`;
  if (!c.notClosed.length && !c.closedLate.length) {
    return { part: 'lateMonthClose', points: 0, available: true, explanation: c.due.length ? `${c.due.length} bulan ditutup tepat waktu (${rule})` : `belum ada bulan yang jatuh tempo (${rule})` };
  }
  const points = round2(c.notClosed.length * cfg.notClosedPerMonth + c.closedLate.length * cfg.closedLatePerMonth);
  const bits: string[] = [];
  if (c.notClosed.length) bits.push(`${c.notClosed.length} bulan belum ditutup lewat batas (${c.notClosed.map((m) => MONTHS[m.month - 1]).join(', ')}) × ${num(cfg.notClosedPerMonth)}`);
  if (c.closedLate.length) bits.push(`${c.closedLate.length} bulan ditutup terlambat (${c.closedLate.map((m) => `${MONTHS[m.month - 1]} ${m.daysLate} hari`).join(', ')}) × ${num(cfg.closedLatePerMonth)}`);
  return { part: 'lateMonthClose', points, available: true, explanation: `${bits.join(' + ')} = ${num(points)}; ${rule}` };
}

/**
 * The risk ranking for the Inspektorat. score = Σ over open (not resolved) flags of weights[kind]
 * + absorptionPerPoint × percentage points the kelurahan lags its absorption schedule
 * + missingEvidencePerPayment × payments lacking required evidence (at most missingEvidenceMax)
 * + notClosedPerMonth × due months not closed + closedLatePerMonth × months closed after the deadline.
 * Highest score first; ties by kelurahan code.
 */
export function rankRisk(
  kelurahan: Map<string, string | null>,
  openFlags: Array<{ regionCode: string; kind: FlagKind }>,
  absorption: AbsorptionCheck[],
  cfg: FlagsConfig['risk'],
  books: RiskBooks = { evidence: new Map(), closes: new Map() },
): RiskRow[] {
  const lag = new Map(absorption.map((a) => [a.kelurahanCode, a]));
  const counts = new Map<string, Partial<Record<FlagKind, number>>>();
  for (const f of openFlags) {
    const c = counts.get(f.regionCode) ?? {};
    c[f.kind] = (c[f.kind] ?? 0) + 1;
    counts.set(f.regionCode, c);
  }
  const codes = new Set([...kelurahan.keys(), ...counts.keys(), ...books.evidence.keys(), ...books.closes.keys()]);
  const rows = [...codes].map((code) => {
    const c = counts.get(code) ?? {};
    const flagPoints = (Object.entries(c) as Array<[FlagKind, number]>).reduce((s, [k, n]) => s + n * cfg.weights[k], 0);
    const a = lag.get(code);
    const lagPoints = a?.atRisk ? a.lagPoints : 0;
    const parts: RiskPart[] = [
      {
        part: 'openFlags', points: round2(flagPoints), available: true,
        explanation: Object.keys(c).length
          ? (Object.entries(c) as Array<[FlagKind, number]>).map(([k, n]) => `${n} × ${k} (bobot ${cfg.weights[k]})`).join(' + ')
          : 'tidak ada peringatan terbuka',
      },
      {
        part: 'absorptionLag', points: round2(lagPoints * cfg.absorptionPerPoint), available: a !== undefined,
        explanation: a === undefined
          ? 'belum ada rencana yang berlaku'
          : lagPoints > 0 ? `tertinggal ${lagPoints} poin persentase × ${cfg.absorptionPerPoint}` : 'penyerapan sesuai jadwal',
      },
      evidencePart(books.evidence.get(code), cfg),
      closePart(books.closes.get(code), cfg),
    ];
    return { rank: 0, kelurahanCode: code, name: kelurahan.get(code) ?? a?.name ?? null, score: round2(parts.reduce((s, p) => s + p.points, 0)), parts, openFlags: c };
  });
  rows.sort((x, y) => y.score - x.score || x.kelurahanCode.localeCompare(y.kelurahanCode));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

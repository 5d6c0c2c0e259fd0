import type { AbsorptionCheck } from './flag-rules';
import type { FlagKind, FlagsConfig } from './flags-config';

export interface RiskPart {
  part: 'openFlags' | 'absorptionLag' | 'missingEvidence' | 'lateMonthClose';
  points: number;
  /** how the points came about, in words */
  explanation: string;
  /** false when the data it needs is not recorded yet */
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

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The risk ranking for the Inspektorat. score = Σ over open (not resolved) flags of weights[kind]
 * + absorptionPerPoint × percentage points the kelurahan lags its absorption schedule. Missing evidence and late
 * month closes are listed as parts with 0 points and available=false until the bendahara's books record them.
 * Highest score first; ties by kelurahan code.
 */
export function rankRisk(
  kelurahan: Map<string, string | null>,
  openFlags: Array<{ regionCode: string; kind: FlagKind }>,
  absorption: AbsorptionCheck[],
  cfg: FlagsConfig['risk'],
): RiskRow[] {
  const lag = new Map(absorption.map((a) => [a.kelurahanCode, a]));
  const counts = new Map<string, Partial<Record<FlagKind, number>>>();
  for (const f of openFlags) {
    const c = counts.get(f.regionCode) ?? {};
    c[f.kind] = (c[f.kind] ?? 0) + 1;
    counts.set(f.regionCode, c);
  }
  const codes = new Set([...kelurahan.keys(), ...counts.keys()]);
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
      { part: 'missingEvidence', points: 0, available: false, explanation: 'bukti pendukung belum dicatat dalam sistem (buku bendahara)' },
      { part: 'lateMonthClose', points: 0, available: false, explanation: 'tutup buku bulanan belum dicatat dalam sistem (buku bendahara)' },
    ];
    return { rank: 0, kelurahanCode: code, name: kelurahan.get(code) ?? a?.name ?? null, score: round2(parts.reduce((s, p) => s + p.points, 0)), parts, openFlags: c };
  });
  rows.sort((x, y) => y.score - x.score || x.kelurahanCode.localeCompare(y.kelurahanCode));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

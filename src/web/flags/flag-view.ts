import type { FlagKind } from '../../modules/flags/flags-config';
import type { FlagStatus, FlagView } from '../../modules/flags/flags.service';
import type { RiskPart } from '../../modules/flags/flag-risk';
import { formatRupiah } from '../../common/money/rupiah';

import { FLAG_KIND_LABEL, FLAG_STATUS_LABEL } from '../../modules/flags/flag-labels';

// The flags module's words for kinds and statuses, so the pages and the auditor's workbook say the same.
export const KIND_LABEL = FLAG_KIND_LABEL;
export const STATUS_LABEL = FLAG_STATUS_LABEL;
export const STATUS_TONE: Record<FlagStatus, string> = { open: 'danger', explained: 'warning', resolved: 'success' };

export const PART_LABEL: Record<RiskPart['part'], string> = {
  openFlags: 'Peringatan terbuka',
  absorptionLag: 'Penyerapan tertinggal',
  missingEvidence: 'Bukti belum lengkap',
  lateMonthClose: 'Tutup buku terlambat',
};

/** Where an outlier's unit price sits among the lines it was compared with, for a <meter> and a sentence. */
export interface PricePosition {
  min: number;
  max: number;
  median: number;
  value: number;
  text: string;
}

export interface FlagCard {
  id: string;
  kind: FlagKind;
  kindLabel: string;
  message: string;
  status: FlagStatus;
  statusLabel: string;
  statusTone: string;
  regionCode: string;
  planId?: string;
  lineId?: string;
  lineDescription: string | null;
  position: PricePosition | null;
  /** the lurah's reason (asked for above an estimate) */
  reason: string | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
  needsReason: boolean;
}

const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function pricePosition(f: Pick<FlagView, 'kind' | 'details'>): PricePosition | null {
  if (f.kind !== 'PRICE_OUTLIER') return null;
  const d = f.details;
  const [min, max, median, value, size, pct, z, limit] = [d.min, d.max, d.median, d.unitPrice, d.groupSize, d.percentile, d.robustZ, d.threshold].map(n);
  if (min === null || max === null || median === null || value === null) return null;
  const pctText = pct === null ? '' : `persentil ${Math.round(pct * 100)} `;
  return {
    min, max, median: Math.round(median), value,
    text: `${formatRupiah(value)}: ${pctText}dari ${size ?? '?'} rincian sejenis di kab/kota; median ${formatRupiah(Math.round(median))}, ` +
      `rentang ${formatRupiah(min)} – ${formatRupiah(max)}` + (z !== null && limit !== null ? `; skor-z robust ${z.toLocaleString('id-ID')} (batas ${limit.toLocaleString('id-ID')})` : ''),
  };
}

export function flagCard(f: FlagView, lineDescriptions: Map<string, string> = new Map()): FlagCard {
  return {
    id: f.id, kind: f.kind, kindLabel: KIND_LABEL[f.kind] ?? f.kind, message: f.message,
    status: f.status, statusLabel: STATUS_LABEL[f.status], statusTone: STATUS_TONE[f.status],
    regionCode: f.regionCode, planId: f.planId, lineId: f.planLineId,
    lineDescription: f.planLineId ? lineDescriptions.get(f.planLineId) ?? null : null,
    position: pricePosition(f), reason: f.reason, resolutionNote: f.resolutionNote, resolvedAt: f.resolvedAt,
    needsReason: f.kind === 'PRICE_ABOVE_ESTIMATE' && !f.reason && f.status !== 'resolved',
  };
}

/** The flags of one plan as the plan pages show them: cards in line order, and per line the badges that link to them. */
export function planFlags(flags: FlagView[], lines: Array<{ id: string; description: string }>) {
  const descriptions = new Map(lines.map((l) => [l.id, l.description]));
  const order = new Map(lines.map((l, i) => [l.id, i]));
  const cards = flags.map((f) => flagCard(f, descriptions)).sort((a, b) => (order.get(a.lineId ?? '') ?? 1e9) - (order.get(b.lineId ?? '') ?? 1e9));
  const byLine: Record<string, FlagCard[]> = {};
  for (const c of cards) if (c.lineId) (byLine[c.lineId] ??= []).push(c);
  return { cards, byLine, open: cards.filter((c) => c.status !== 'resolved').length, needReason: cards.filter((c) => c.needsReason).length };
}

import { createHash } from 'node:crypto';
import { formatPercent, formatRupiah } from '../../common/money/rupiah';
import type { FlagKind, FlagsConfig, QuestionableUseRule } from './flags-config';
import { robustPosition } from './robust-stats';

/** A flag as detection finds it; its review state (reason, resolution) is joined on by id. */
export interface DetectedFlag {
  id: string;
  kind: FlagKind;
  regionCode: string;
  year: number;
  planId?: string;
  planLineId?: string;
  spendingId?: string;
  message: string;
  details: Record<string, unknown>;
}

/** Stable across runs: the kelurahan and year (so a flag's scope is known from its id alone) and a hash of what it is about. */
export function flagId(kelurahanCode: string, year: number, kind: FlagKind, key: string): string {
  return `${kelurahanCode}-${year}-${createHash('sha256').update(`${kind}|${key}`).digest('hex').slice(0, 16)}`;
}

const FLAG_ID = /^(\d{2}\.\d{2}\.\d{2}\.1\d{3})-(\d{4})-[0-9a-f]{16}$/;
export function parseFlagId(id: string): { kelurahanCode: string; year: number } | null {
  const m = FLAG_ID.exec(id);
  return m ? { kelurahanCode: m[1], year: Number(m[2]) } : null;
}

/** The text a line and a standard price item are matched by: lower case, spaces collapsed, trimmed. */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
export const priceMatchKey = (description: string, unit: string) => `${normalizeText(description)}|${normalizeText(unit)}`;

export interface LineInput {
  lineId: string;
  planId: string;
  kelurahanCode: string;
  description: string;
  accountCode: string;
  unit: string;
  unitPrice: number;
}

export interface StandardPriceItem {
  code: string;
  description: string;
  unit: string;
  price: number;
  kind: 'ceiling' | 'estimate';
}

/** Lines matched (description and unit) to a standard price item whose price they exceed. */
export function priceFlags(lines: LineInput[], items: Map<string, StandardPriceItem>, year: number): DetectedFlag[] {
  const out: DetectedFlag[] = [];
  for (const l of lines) {
    const item = items.get(priceMatchKey(l.description, l.unit));
    if (!item || l.unitPrice <= item.price) continue;
    const hard = item.kind === 'ceiling';
    const kind: FlagKind = hard ? 'PRICE_ABOVE_CEILING' : 'PRICE_ABOVE_ESTIMATE';
    out.push({
      id: flagId(l.kelurahanCode, year, kind, l.lineId),
      kind, regionCode: l.kelurahanCode, year, planId: l.planId, planLineId: l.lineId,
      message: hard
        ? `Harga satuan "${l.description}" ${formatRupiah(l.unitPrice)} melebihi batas tertinggi ${item.code} ${formatRupiah(item.price)}`
        : `Harga satuan "${l.description}" ${formatRupiah(l.unitPrice)} di atas estimasi standar ${item.code} ${formatRupiah(item.price)}; lurah perlu memberi alasan`,
      details: { standardCode: item.code, standardPrice: item.price, standardKind: item.kind, unitPrice: l.unitPrice, excess: l.unitPrice - item.price },
    });
  }
  return out;
}

/** Unit prices far from the others of the same kode rekening and unit (robust z over the kab/kota and year). */
export function outlierFlags(lines: LineInput[], cfg: FlagsConfig['priceOutlier'], year: number): DetectedFlag[] {
  const groups = new Map<string, LineInput[]>();
  for (const l of lines) {
    const k = `${l.accountCode}|${normalizeText(l.unit)}`;
    const g = groups.get(k);
    if (g) g.push(l);
    else groups.set(k, [l]);
  }
  const out: DetectedFlag[] = [];
  for (const group of groups.values()) {
    if (group.length < cfg.minGroupSize) continue;
    const prices = group.map((l) => l.unitPrice);
    for (const l of group) {
      const p = robustPosition(l.unitPrice, prices, cfg.minRelativeSpread);
      if (!(Math.abs(p.z) > cfg.maxRobustZ)) continue;
      const side = p.z > 0 ? 'di atas' : 'di bawah';
      out.push({
        id: flagId(l.kelurahanCode, year, 'PRICE_OUTLIER', l.lineId),
        kind: 'PRICE_OUTLIER', regionCode: l.kelurahanCode, year, planId: l.planId, planLineId: l.lineId,
        message:
          `Harga satuan "${l.description}" ${formatRupiah(l.unitPrice)} per ${l.unit} jauh ${side} median ${formatRupiah(Math.round(p.median))} ` +
          `untuk kode rekening ${l.accountCode} di kab/kota ini (${group.length} rincian; persentil ${formatPercent(p.percentile * 100)}%)`,
        details: {
          accountCode: l.accountCode, unit: l.unit, unitPrice: l.unitPrice, groupSize: group.length,
          median: p.median, mad: p.mad, scale: p.scale, robustZ: Number(p.z.toFixed(2)), percentile: p.percentile,
          min: Math.min(...prices), max: Math.max(...prices), threshold: cfg.maxRobustZ,
        },
      });
    }
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The questionable-use rule a line matches (by phrase in its description, or by kode rekening prefix), if any. */
export function matchQuestionable(description: string, accountCode: string, rules: QuestionableUseRule[]): { rule: QuestionableUseRule; matched: string } | null {
  const text = normalizeText(description);
  for (const rule of rules) {
    for (const phrase of rule.phrases) {
      if (new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(normalizeText(phrase))}($|[^\\p{L}\\p{N}])`, 'u').test(text)) return { rule, matched: phrase };
    }
    for (const prefix of rule.accountCodes) {
      if (accountCode === prefix || accountCode.startsWith(`${prefix}.`)) return { rule, matched: prefix };
    }
  }
  return null;
}

export function questionableFlags(lines: LineInput[], rules: QuestionableUseRule[], year: number): DetectedFlag[] {
  const out: DetectedFlag[] = [];
  for (const l of lines) {
    const hit = matchQuestionable(l.description, l.accountCode, rules);
    if (!hit) continue;
    out.push({
      id: flagId(l.kelurahanCode, year, 'QUESTIONABLE_USE', l.lineId),
      kind: 'QUESTIONABLE_USE', regionCode: l.kelurahanCode, year, planId: l.planId, planLineId: l.lineId,
      message: `Rincian "${l.description}" cocok dengan penggunaan yang dipertanyakan (${hit.rule.id}: "${hit.matched}"); perlu diperiksa camat`,
      details: { rule: hit.rule.id, matched: hit.matched, basis: hit.rule.basis, citation: hit.rule.citation },
    });
  }
  return out;
}

export interface AbsorptionInput {
  kelurahanCode: string;
  name: string | null;
  planId: string;
  budget: number;
  /** realisasi per month 1–12 (index 0 = January) */
  monthly: number[];
}

export interface AbsorptionCheck {
  kelurahanCode: string;
  name: string | null;
  planId: string;
  budget: number;
  realised: number;
  /** the tahap whose condition was due by asOf, with the realisasi required and found at its due month */
  tahap: { name: string; dueMonth: number; required: number; realised: number } | null;
  /** straight-line plan to the end of the last full month, and the share of it required */
  monthPlan: { throughMonth: number; planned: number; required: number; realised: number } | null;
  atRisk: boolean;
  /** largest shortfall, in percentage points of the budget (0 when on track) */
  lagPoints: number;
}

/** The last day counted for `year` as of `asOf`: the whole year once it is over, nothing before it starts. */
export function monthsElapsed(year: number, asOf: Date): number {
  const y = asOf.getUTCFullYear();
  if (y > year) return 12;
  if (y < year) return 0;
  return asOf.getUTCMonth() + 1;
}

export function checkAbsorption(k: AbsorptionInput, cfg: FlagsConfig['absorption'], year: number, asOf: Date): AbsorptionCheck {
  const cumulative = (throughMonth: number) => k.monthly.slice(0, Math.max(0, throughMonth)).reduce((a, b) => a + b, 0);
  const month = monthsElapsed(year, asOf);
  const realised = cumulative(month);
  let tahap: AbsorptionCheck['tahap'] = null;
  let share = 0;
  cfg.tahap.forEach((t, i) => {
    if (i > 0 && t.month <= month) {
      const required = Math.ceil(cfg.minShareOfPrevious * share * k.budget);
      tahap = { name: t.name, dueMonth: t.month, required, realised: cumulative(t.month - 1) };
    }
    share += t.share;
  });
  const through = month === 12 && asOf.getUTCFullYear() > year ? 12 : month - 1;
  const monthPlan = through >= 1
    ? (() => {
        const planned = Math.round((k.budget * through) / 12);
        return { throughMonth: through, planned, required: Math.ceil(planned * cfg.minShareOfMonthPlan), realised: cumulative(through) };
      })()
    : null;
  const shortfalls = [tahap, monthPlan].filter((c): c is NonNullable<typeof c> => c !== null).map((c) => c.required - c.realised);
  const worst = Math.max(0, ...shortfalls);
  return {
    kelurahanCode: k.kelurahanCode, name: k.name, planId: k.planId, budget: k.budget, realised, tahap, monthPlan,
    atRisk: k.budget > 0 && worst > 0,
    lagPoints: k.budget > 0 ? Number(((worst / k.budget) * 100).toFixed(2)) : 0,
  };
}

export function absorptionFlag(c: AbsorptionCheck, year: number): DetectedFlag | null {
  if (!c.atRisk) return null;
  const parts: string[] = [];
  if (c.tahap && c.tahap.realised < c.tahap.required) {
    parts.push(`syarat tahap ${c.tahap.name}: realisasi ${formatRupiah(c.tahap.realised)} < ${formatRupiah(c.tahap.required)}`);
  }
  if (c.monthPlan && c.monthPlan.realised < c.monthPlan.required) {
    parts.push(`rencana s.d. bulan ${c.monthPlan.throughMonth}: realisasi ${formatRupiah(c.monthPlan.realised)} < ${formatRupiah(c.monthPlan.required)}`);
  }
  return {
    id: flagId(c.kelurahanCode, year, 'ABSORPTION_LAG', c.planId),
    kind: 'ABSORPTION_LAG', regionCode: c.kelurahanCode, year, planId: c.planId,
    message: `Penyerapan tertinggal (${c.lagPoints} poin dari anggaran ${formatRupiah(c.budget)}): ${parts.join('; ')}`,
    details: { budget: c.budget, realised: c.realised, tahap: c.tahap, monthPlan: c.monthPlan, lagPoints: c.lagPoints },
  };
}

import { monthsOf, periodLabel, type Period } from '../../../common/period/period';
import { displayUnit } from '../../reference/taxonomy';
import { modelFingerprint } from './fingerprint';
import {
  assertCategory,
  assertFiniteNumber,
  assertRupiah,
  PROGRAM_KEGIATAN,
  buildDocumentFooter,
  buildSignatureSection,
  CATEGORY_LETTER,
  CHILD_LEVEL,
  compareLines,
  normalizeRegion,
  percentOf,
  REALISASI_TITLE,
  regionTitle,
  SUB_KEGIATAN,
  totalInWords,
} from './model-common';
import {
  SPENDING_CATEGORIES,
  type AggregateFigures,
  type AggregateRealisasiInput,
  type AggregateRealisasiModel,
  type AggregateReportRow,
  type CategoryTotal,
  type KelurahanRealisasiInput,
  type KelurahanRealisasiModel,
  type RealisasiFigures,
  type RealisasiGroup,
  type RealisasiLine,
  type SpendingCategory,
  type AmountInWords,
} from './report.types';

/**
 * The period's realisasi in words, then the cumulative; a period that starts in January has nothing before it, so
 * the two are the same figure and only the cumulative is spelled.
 */
export function realisasiInWords(period: Period, total: { realizedInPeriod: number; realizedToDate: number }): AmountInWords[] {
  const out: AmountInWords[] = [];
  if (monthsOf(period)[0] !== 1) {
    out.push({ figure: 'realizedInPeriod', amount: total.realizedInPeriod, words: totalInWords(total.realizedInPeriod) });
  }
  out.push({ figure: 'realizedToDate', amount: total.realizedToDate, words: totalInWords(total.realizedToDate) });
  return out;
}

const blankToNull = (s: string | null | undefined) => (s == null || s.trim() === '' ? null : s.trim());

/** Distinct funding-source codes of the lines, sorted, so the identity block can name them. */
export function distinctFundingSources(lines: ReadonlyArray<{ fundingSource: string | null }>): string[] {
  return [...new Set(lines.map((l) => l.fundingSource).filter((f): f is string => !!f))].sort();
}

/** Derived columns from the three stored ones; money stays integer, only the percentage has decimals. */
export function realisasiFigures(budget: number, realizedBefore: number, realizedInPeriod: number): RealisasiFigures {
  const realizedToDate = realizedBefore + realizedInPeriod;
  return {
    budget,
    realizedBefore,
    realizedInPeriod,
    realizedToDate,
    remaining: budget - realizedToDate,
    percent: percentOf(realizedToDate, budget),
  };
}

function sumFigures(items: readonly RealisasiFigures[]): RealisasiFigures {
  let budget = 0;
  let before = 0;
  let inPeriod = 0;
  for (const f of items) {
    budget += f.budget;
    before += f.realizedBefore;
    inPeriod += f.realizedInPeriod;
  }
  return realisasiFigures(budget, before, inPeriod);
}

function aggregateFigures(allocation: number, planned: number, before: number, inPeriod: number): AggregateFigures {
  const realizedToDate = before + inPeriod;
  return {
    allocation,
    planned,
    realizedBefore: before,
    realizedInPeriod: inPeriod,
    realizedToDate,
    remaining: planned - realizedToDate,
    percent: percentOf(realizedToDate, planned),
  };
}

function header(input: KelurahanRealisasiInput | AggregateRealisasiInput) {
  if (!Number.isInteger(input.year)) throw new RangeError(`year must be an integer, got ${String(input.year)}`);
  const region = normalizeRegion(input.region);
  const title = regionTitle(region);
  const label = periodLabel(input.period, input.year);
  return {
    schema: 'realisasi/v1' as const,
    kind: 'realisasi' as const,
    year: input.year,
    period: input.period,
    periodLabel: label,
    region,
    regionTitle: title,
    titleLines: [REALISASI_TITLE, title, label.toUpperCase()],
    programKegiatan: PROGRAM_KEGIATAN,
    signature: buildSignatureSection(input.signature),
  };
}

function categoryTotal(category: SpendingCategory, figures: RealisasiFigures): CategoryTotal {
  return { letter: CATEGORY_LETTER[category], category, subKegiatan: SUB_KEGIATAN[category], ...figures };
}

/** Kelurahan report: plan lines grouped by sub-kegiatan, sorted by kode rekening then uraian. */
export function buildKelurahanRealisasiModel(input: KelurahanRealisasiInput): KelurahanRealisasiModel {
  if (input.region.level !== 'kelurahan') throw new RangeError(`region.level must be 'kelurahan'`);
  const allocation = assertRupiah(input.allocation, 'allocation');

  // One object per line, numbered in place once sorted: a report of thousands of lines builds no copies of them.
  const byCategory = new Map<SpendingCategory, RealisasiLine[]>(SPENDING_CATEGORIES.map((c) => [c, []]));
  input.lines.forEach((row, i) => {
    const at = `lines[${i}]`;
    const figures = realisasiFigures(
      assertRupiah(row.budget, `${at}.budget`),
      assertRupiah(row.realizedBefore, `${at}.realizedBefore`),
      assertRupiah(row.realizedInPeriod, `${at}.realizedInPeriod`),
    );
    const category = assertCategory(row.category, `${at}.category`);
    byCategory.get(category)!.push({
      no: 0,
      lineId: String(row.lineId),
      category,
      subType: row.subType,
      accountCode: row.accountCode,
      description: row.description,
      volume: assertFiniteNumber(row.volume, `${at}.volume`),
      unit: displayUnit(row.unit),
      location: blankToNull(row.location),
      fundingSource: blankToNull(row.fundingSource),
      ...figures,
    });
  });

  const groups: RealisasiGroup[] = SPENDING_CATEGORIES.map((category) => {
    const lines = byCategory.get(category)!.sort(compareLines);
    lines.forEach((line, i) => (line.no = i + 1));
    return {
      letter: CATEGORY_LETTER[category],
      category,
      subKegiatan: SUB_KEGIATAN[category],
      lines,
      subtotal: sumFigures(lines),
    };
  });
  const total = sumFigures(groups.map((g) => g.subtotal));

  const base = {
    ...header(input),
    level: 'kelurahan' as const,
    allocation,
    groups,
    total,
    plannedOfAllocationPercent: percentOf(total.budget, allocation),
    realizedOfAllocationPercent: percentOf(total.realizedToDate, allocation),
    byCategory: groups.map((g) => categoryTotal(g.category, g.subtotal)),
    hasCategorySplit: true,
    totalInWords: totalInWords(total.realizedToDate),
    amountsInWords: realisasiInWords(input.period, total),
    fundingSources: distinctFundingSources(groups.flatMap((g) => g.lines)),
  };
  return { ...base, document: buildDocumentFooter(input.document, modelFingerprint(base)) };
}

/** Kecamatan (rows = kelurahan), kab/kota (rows = kecamatan) or provinsi (rows = kab/kota) report. */
export function buildAggregateRealisasiModel(input: AggregateRealisasiInput): AggregateRealisasiModel {
  const level = input.region.level;
  if (level === 'kelurahan') throw new RangeError('use buildKelurahanRealisasiModel for a kelurahan');

  const split = new Map<SpendingCategory, [number, number, number]>(SPENDING_CATEGORIES.map((c) => [c, [0, 0, 0]]));
  let hasCategorySplit = false;
  const rows: AggregateReportRow[] = input.rows
    .map((row, i) => {
      const at = `rows[${i}]`;
      for (const [key, fig] of Object.entries(row.byCategory ?? {})) {
        if (!fig) continue;
        const acc = split.get(assertCategory(key, `${at}.byCategory key`))!;
        acc[0] += assertRupiah(fig.planned, `${at}.byCategory.${key}.planned`);
        acc[1] += assertRupiah(fig.realizedBefore, `${at}.byCategory.${key}.realizedBefore`);
        acc[2] += assertRupiah(fig.realizedInPeriod, `${at}.byCategory.${key}.realizedInPeriod`);
        hasCategorySplit = true;
      }
      return {
        code: row.code,
        name: row.name,
        ...aggregateFigures(
          assertRupiah(row.allocation, `${at}.allocation`),
          assertRupiah(row.planned, `${at}.planned`),
          assertRupiah(row.realizedBefore, `${at}.realizedBefore`),
          assertRupiah(row.realizedInPeriod, `${at}.realizedInPeriod`),
        ),
      };
    })
    // Kemendagri codes are zero-padded, so plain code-point order is code order.
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((row, i) => ({ no: i + 1, ...row }));

  const sum = (key: 'allocation' | 'planned' | 'realizedBefore' | 'realizedInPeriod') =>
    rows.reduce((acc, r) => acc + r[key], 0);
  const total = aggregateFigures(sum('allocation'), sum('planned'), sum('realizedBefore'), sum('realizedInPeriod'));

  const base = {
    ...header(input),
    level,
    childLevel: CHILD_LEVEL[level],
    rows,
    total,
    byCategory: SPENDING_CATEGORIES.map((c) => categoryTotal(c, realisasiFigures(...split.get(c)!))),
    hasCategorySplit,
    totalInWords: totalInWords(total.realizedToDate),
    amountsInWords: realisasiInWords(input.period, total),
    fundingSources: [] as string[],
  };
  return { ...base, document: buildDocumentFooter(input.document, modelFingerprint(base)) };
}

/** One entry point for the service: a kelurahan gets line detail, every other level one row per child. */
export function buildRealisasiReportModel(
  input: KelurahanRealisasiInput | AggregateRealisasiInput,
): KelurahanRealisasiModel | AggregateRealisasiModel {
  return 'lines' in input ? buildKelurahanRealisasiModel(input) : buildAggregateRealisasiModel(input);
}

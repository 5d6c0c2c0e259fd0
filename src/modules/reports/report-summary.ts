import { percent } from '../../common/money/rupiah';
import type { Period } from '../../common/period/period';
import type { RegionLevel } from '../regions/region.entity';
import { compareLines } from './model/model-common';
import type { SpendingCategory } from './model/report.types';
import { SPENDING_CATEGORIES } from './model/report.types';
import type { LineFiguresRow, RegionFiguresRow, RollUp, RollUpFigures } from './report.repository';

export type SummaryLevel = RegionLevel | 'nasional';

export interface SummaryFigures {
  allocation: number;
  planned: number;
  /** Cumulative to the end of the period. */
  realized: number;
  /** Within the period only. */
  realizedInPeriod: number;
  /** Up to the day before the period starts. */
  realizedBefore: number;
  /** planned − realized. */
  remaining: number;
  /** realized / planned × 100, two decimals; 0 when planned is 0. */
  absorption: number;
}

export interface SummaryCategory extends Omit<SummaryFigures, 'allocation'> {
  category: SpendingCategory;
}

export interface SummaryChild extends SummaryFigures {
  code: string;
  name: string;
  level?: RegionLevel;
  // Kelurahan lines only.
  lineId?: string;
  accountCode?: string;
  description?: string;
  category?: SpendingCategory;
  subType?: string;
  volume?: number;
  unit?: string;
}

export interface ReportSummary {
  region: { code: string | null; name: string; level: SummaryLevel };
  year: number;
  period: Period;
  childLevel: RegionLevel | 'line';
  totals: SummaryFigures;
  byCategory: SummaryCategory[];
  children: SummaryChild[];
}

export const CHILD_LENGTH: Record<SummaryLevel, number | null> = {
  nasional: 2,
  provinsi: 5,
  kabkota: 8,
  kecamatan: 13,
  kelurahan: null,
};

export const CHILD_LEVEL_OF: Record<SummaryLevel, RegionLevel | 'line'> = {
  nasional: 'provinsi',
  provinsi: 'kabkota',
  kabkota: 'kecamatan',
  kecamatan: 'kelurahan',
  kelurahan: 'line',
};

const absorption = (realized: number, planned: number) => (planned === 0 ? 0 : percent(realized, planned));

export function summaryFigures(allocation: number, planned: number, before: number, inPeriod: number): SummaryFigures {
  const realized = before + inPeriod;
  return {
    allocation,
    planned,
    realized,
    realizedInPeriod: inPeriod,
    realizedBefore: before,
    remaining: planned - realized,
    absorption: absorption(realized, planned),
  };
}

const ofRollUp = (f: RollUpFigures) => summaryFigures(f.allocation, f.planned, f.realizedBefore, f.realizedInPeriod);

export function regionChild(r: RegionFiguresRow): SummaryChild {
  return { code: r.code, name: r.name, level: r.level, ...ofRollUp(r) };
}

/** A line's "allocation" is its own budget (pagu of the line), so the children table keeps one shape. */
export function lineChild(l: LineFiguresRow): SummaryChild {
  return {
    code: l.accountCode,
    name: l.description,
    lineId: l.lineId,
    accountCode: l.accountCode,
    description: l.description,
    category: l.category,
    subType: l.subType,
    volume: l.volume,
    unit: l.unit,
    ...summaryFigures(l.planned, l.planned, l.realizedBefore, l.realizedInPeriod),
  };
}

/** Lines in the PDF's order: sarpras then pemberdayaan, each by kode rekening, then uraian. */
export function sortLines(lines: LineFiguresRow[]): LineFiguresRow[] {
  const order = (c: SpendingCategory) => SPENDING_CATEGORIES.indexOf(c);
  return [...lines].sort((a, b) => order(a.category) - order(b.category) || compareLines(a, b));
}

export function buildSummary(rollUp: RollUp, level: SummaryLevel, year: number, period: Period): ReportSummary {
  const t = rollUp.total;
  const childLength = CHILD_LENGTH[level];
  const children =
    level === 'kelurahan'
      ? sortLines(rollUp.lines).map(lineChild)
      : rollUp.regions.filter((r) => r.code.length === childLength).map(regionChild);
  return {
    region: rollUp.self
      ? { code: rollUp.self.code, name: rollUp.self.name, level: rollUp.self.level }
      : { code: null, name: 'Indonesia', level: 'nasional' },
    year,
    period,
    childLevel: CHILD_LEVEL_OF[level],
    totals: ofRollUp(t),
    byCategory: SPENDING_CATEGORIES.map((category) => {
      const c = t.byCategory[category];
      const realized = c.realizedBefore + c.realizedInPeriod;
      return {
        category,
        planned: c.planned,
        realized,
        realizedInPeriod: c.realizedInPeriod,
        realizedBefore: c.realizedBefore,
        remaining: c.planned - realized,
        absorption: absorption(realized, c.planned),
      };
    }),
    children,
  };
}

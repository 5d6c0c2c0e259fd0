export const PERIODS = ['Q1', 'Q2', 'Q3', 'Q4', 'S1', 'S2', 'FY'] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodRange {
  start: string;
  end: string;
  // Day before start; for a period starting 1 January this is 31 December of the previous year.
  previousEnd: string;
}

interface PeriodSpec {
  firstMonth: number;
  lastMonth: number;
  short: (year: number) => string;
}

const SPECS: Record<Period, PeriodSpec> = {
  Q1: { firstMonth: 1, lastMonth: 3, short: () => 'Triwulan I' },
  Q2: { firstMonth: 4, lastMonth: 6, short: () => 'Triwulan II' },
  Q3: { firstMonth: 7, lastMonth: 9, short: () => 'Triwulan III' },
  Q4: { firstMonth: 10, lastMonth: 12, short: () => 'Triwulan IV' },
  S1: { firstMonth: 1, lastMonth: 6, short: () => 'Semester I' },
  S2: { firstMonth: 7, lastMonth: 12, short: () => 'Semester II' },
  FY: { firstMonth: 1, lastMonth: 12, short: (year) => `Tahun Anggaran ${year}` },
};

// Every period ends in a month of 30 or 31 days, so February never needs a leap-year rule here.
const LAST_DAY: Record<number, number> = { 3: 31, 6: 30, 9: 30, 12: 31 };
const DAY_BEFORE_FIRST: Record<number, string> = { 4: '03-31', 7: '06-30', 10: '09-30' };

export function isPeriod(s: unknown): s is Period {
  return typeof s === 'string' && (PERIODS as readonly string[]).includes(s);
}

function spec(period: Period): PeriodSpec {
  if (!isPeriod(period)) throw new RangeError(`Unknown period: ${String(period)}`);
  return SPECS[period];
}

// Four-digit years (previousEnd included), so YYYY-MM-DD strings compare correctly as text.
function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new RangeError(`Not a fiscal year: ${year}`);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function periodRange(year: number, period: Period): PeriodRange {
  assertYear(year);
  const { firstMonth, lastMonth } = spec(period);
  return {
    start: `${year}-${pad2(firstMonth)}-01`,
    end: `${year}-${pad2(lastMonth)}-${LAST_DAY[lastMonth]}`,
    previousEnd: firstMonth === 1 ? `${year - 1}-12-31` : `${year}-${DAY_BEFORE_FIRST[firstMonth]}`,
  };
}

export function periodShortLabel(period: Period, year: number): string {
  assertYear(year);
  return spec(period).short(year);
}

export function periodLabel(period: Period, year: number): string {
  assertYear(year);
  return period === 'FY' ? periodShortLabel(period, year) : `${periodShortLabel(period, year)} Tahun Anggaran ${year}`;
}

export function monthsOf(period: Period): number[] {
  const { firstMonth, lastMonth } = spec(period);
  return Array.from({ length: lastMonth - firstMonth + 1 }, (_, i) => firstMonth + i);
}

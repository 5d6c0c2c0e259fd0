export const MONTH_PERIODS = ['M01', 'M02', 'M03', 'M04', 'M05', 'M06', 'M07', 'M08', 'M09', 'M10', 'M11', 'M12'] as const;
export const PERIODS = ['Q1', 'Q2', 'Q3', 'Q4', 'S1', 'S2', 'FY', ...MONTH_PERIODS] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodRange {
  start: string;
  end: string;
  // Day before start; for a period starting 1 January this is 31 December of the previous year.
  previousEnd: string;
}

export const MONTH_NAMES = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

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
  ...(Object.fromEntries(
    MONTH_PERIODS.map((p, i) => [p, { firstMonth: i + 1, lastMonth: i + 1, short: () => `Bulan ${MONTH_NAMES[i]}` }]),
  ) as unknown as Record<(typeof MONTH_PERIODS)[number], PeriodSpec>),
};

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
// Day 0 of the next month is the last day of this one (29 February in a leap year).
const lastDayOf = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function monthPeriod(month: number): (typeof MONTH_PERIODS)[number] {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Not a month: ${month}`);
  return MONTH_PERIODS[month - 1];
}

export function periodRange(year: number, period: Period): PeriodRange {
  assertYear(year);
  const { firstMonth, lastMonth } = spec(period);
  return {
    start: `${year}-${pad2(firstMonth)}-01`,
    end: `${year}-${pad2(lastMonth)}-${pad2(lastDayOf(year, lastMonth))}`,
    previousEnd: firstMonth === 1 ? `${year - 1}-12-31` : `${year}-${pad2(firstMonth - 1)}-${pad2(lastDayOf(year, firstMonth - 1))}`,
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

import { PERIODS, type Period, isPeriod, monthsOf, periodLabel, periodRange, periodShortLabel } from './period';

describe('PERIODS and isPeriod', () => {
  it('lists the seven reporting periods and the twelve months', () => {
    expect(PERIODS).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'S1', 'S2', 'FY', 'M01', 'M02', 'M03', 'M04', 'M05', 'M06', 'M07', 'M08', 'M09', 'M10', 'M11', 'M12']);
  });

  it.each<[Period, number, string, string, string]>([
    ['M01', 2026, '2026-01-01', '2026-01-31', '2025-12-31'],
    ['M02', 2026, '2026-02-01', '2026-02-28', '2026-01-31'],
    ['M02', 2024, '2024-02-01', '2024-02-29', '2024-01-31'],
    ['M03', 2024, '2024-03-01', '2024-03-31', '2024-02-29'],
    ['M04', 2026, '2026-04-01', '2026-04-30', '2026-03-31'],
    ['M12', 2026, '2026-12-01', '2026-12-31', '2026-11-30'],
  ])('month %s %d', (period, year, start, end, previousEnd) => {
    expect(periodRange(year, period)).toEqual({ start, end, previousEnd });
    expect(monthsOf(period)).toEqual([Number(period.slice(1))]);
  });

  it('labels a month', () => {
    expect(periodLabel('M03', 2026)).toBe('Bulan Maret Tahun Anggaran 2026');
    expect(periodShortLabel('M12', 2026)).toBe('Bulan Desember');
  });

  it.each(PERIODS)('accepts %s', (p) => {
    expect(isPeriod(p)).toBe(true);
  });

  it.each(['q1', 'Q5', 'S3', 'fy', 'TW1', '', ' Q1', 'M1', 'M13', 'M00', 'm01', null, undefined, 1, {}])('refuses %p', (p) => {
    expect(isPeriod(p)).toBe(false);
  });
});

describe('periodRange', () => {
  it.each<[Period, string, string, string]>([
    ['Q1', '2026-01-01', '2026-03-31', '2025-12-31'],
    ['Q2', '2026-04-01', '2026-06-30', '2026-03-31'],
    ['Q3', '2026-07-01', '2026-09-30', '2026-06-30'],
    ['Q4', '2026-10-01', '2026-12-31', '2026-09-30'],
    ['S1', '2026-01-01', '2026-06-30', '2025-12-31'],
    ['S2', '2026-07-01', '2026-12-31', '2026-06-30'],
    ['FY', '2026-01-01', '2026-12-31', '2025-12-31'],
  ])('%s 2026', (period, start, end, previousEnd) => {
    expect(periodRange(2026, period)).toEqual({ start, end, previousEnd });
  });

  it('has a real calendar date for every boundary', () => {
    for (const p of PERIODS) {
      const { start, end, previousEnd } = periodRange(2024, p);
      for (const d of [start, end, previousEnd]) {
        expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
      }
      // previousEnd is exactly the day before start.
      const dayBefore = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      expect(previousEnd).toBe(dayBefore);
    }
  });

  it('quarters tile the year and the semesters', () => {
    const q = ['Q1', 'Q2', 'Q3', 'Q4'].map((p) => periodRange(2026, p as Period));
    for (let i = 1; i < 4; i++) expect(q[i].previousEnd).toBe(q[i - 1].end);
    expect(periodRange(2026, 'S1')).toMatchObject({ start: q[0].start, end: q[1].end });
    expect(periodRange(2026, 'S2')).toMatchObject({ start: q[2].start, end: q[3].end });
    expect(periodRange(2026, 'FY')).toMatchObject({ start: q[0].start, end: q[3].end });
  });

  it.each([2026.5, NaN, 999, 1899, 10_000, -2026])('refuses year %p', (year) => {
    expect(() => periodRange(year, 'Q1')).toThrow(RangeError);
  });

  it('refuses an unknown period', () => {
    expect(() => periodRange(2026, 'Q5' as Period)).toThrow(RangeError);
  });
});

describe('periodLabel and periodShortLabel', () => {
  it.each<[Period, string, string]>([
    ['Q1', 'Triwulan I Tahun Anggaran 2026', 'Triwulan I'],
    ['Q2', 'Triwulan II Tahun Anggaran 2026', 'Triwulan II'],
    ['Q3', 'Triwulan III Tahun Anggaran 2026', 'Triwulan III'],
    ['Q4', 'Triwulan IV Tahun Anggaran 2026', 'Triwulan IV'],
    ['S1', 'Semester I Tahun Anggaran 2026', 'Semester I'],
    ['S2', 'Semester II Tahun Anggaran 2026', 'Semester II'],
    ['FY', 'Tahun Anggaran 2026', 'Tahun Anggaran 2026'],
  ])('%s', (period, label, short) => {
    expect(periodLabel(period, 2026)).toBe(label);
    expect(periodShortLabel(period, 2026)).toBe(short);
  });

  it('refuses an unknown period or a bad year', () => {
    expect(() => periodLabel('H1' as Period, 2026)).toThrow(RangeError);
    expect(() => periodShortLabel('Q1', 26.5)).toThrow(RangeError);
  });
});

describe('monthsOf', () => {
  it.each<[Period, number[]]>([
    ['Q1', [1, 2, 3]],
    ['Q2', [4, 5, 6]],
    ['Q3', [7, 8, 9]],
    ['Q4', [10, 11, 12]],
    ['S1', [1, 2, 3, 4, 5, 6]],
    ['S2', [7, 8, 9, 10, 11, 12]],
    ['FY', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
  ])('%s → %p', (period, months) => {
    expect(monthsOf(period)).toEqual(months);
  });

  it('returns a fresh array each time', () => {
    const a = monthsOf('Q1');
    a.push(99);
    expect(monthsOf('Q1')).toEqual([1, 2, 3]);
  });

  it('refuses an unknown period', () => {
    expect(() => monthsOf('X' as Period)).toThrow(RangeError);
  });
});

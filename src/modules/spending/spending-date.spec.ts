import { isCalendarDate, monthOf, reversalDate, spendingDateProblem, todayIso } from './spending-date';

describe('spending dates', () => {
  it('takes today in WIB, not UTC', () => {
    // 2026-03-31 18:30 UTC is already 1 April 01:30 in Jakarta.
    expect(todayIso(new Date('2026-03-31T18:30:00Z'))).toBe('2026-04-01');
    expect(todayIso(new Date('2026-03-31T16:59:00Z'))).toBe('2026-03-31');
  });

  it('accepts only real calendar days written YYYY-MM-DD', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-1-01')).toBe(false);
    expect(isCalendarDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(isCalendarDate(20250101)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });

  it('refuses a date in the future or outside the plan year', () => {
    expect(spendingDateProblem('2026-05-01', 2026, '2026-05-01')).toBeNull();
    expect(spendingDateProblem('2026-05-02', 2026, '2026-05-01')).toMatch(/hari ini/);
    expect(spendingDateProblem('2025-12-31', 2026, '2026-05-01')).toMatch(/tahun anggaran 2026/);
    expect(spendingDateProblem('2025-12-31', 2025, '2026-05-01')).toBeNull();
  });

  it('dates a reversal today, clamped into the plan year', () => {
    expect(reversalDate('2026-05-01', 2026)).toBe('2026-05-01');
    expect(reversalDate('2027-01-10', 2026)).toBe('2026-12-31');
    expect(reversalDate('2025-12-31', 2026)).toBe('2026-01-01');
  });

  it('reads the month of a date', () => {
    expect(monthOf('2026-01-31')).toBe(1);
    expect(monthOf('2026-12-01')).toBe(12);
  });
});

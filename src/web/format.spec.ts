import { date, number, percent, period, rupiah, status, volume } from './format';

describe('web formatting', () => {
  it('prints rupiah with dots and a plain space', () => {
    expect(rupiah(1_000_000_000)).toBe('Rp 1.000.000.000');
    expect(rupiah('2500')).toBe('Rp 2.500');
    expect(rupiah(0)).toBe('Rp 0');
    expect(rupiah(-75_000)).toBe('-Rp 75.000');
    expect(rupiah(null)).toBe('–');
    expect(number(12345)).toBe('12.345');
    expect(volume(1200)).toBe('1.200');
    expect(volume(2.5)).toBe('2,5');
    expect(volume('0.75')).toBe('0,75');
  });

  it('prints dates in Indonesian, timestamps in WIB', () => {
    expect(date('2026-12-01')).toBe('1 Desember 2026');
    expect(date(new Date('2026-12-31T18:00:00Z'))).toBe('1 Januari 2027');
    expect(date('2026-06-30T16:59:00Z')).toBe('30 Juni 2026');
    expect(date(null)).toBe('–');
  });

  it('names periods', () => {
    expect(period('Q1')).toBe('Triwulan I');
    expect(period('Q4')).toBe('Triwulan IV');
    expect(period('S2')).toBe('Semester II');
    expect(period('FY', 2026)).toBe('Tahun Anggaran 2026');
    expect(period('M12')).toBe('Desember');
  });

  it('names statuses, an unapproved later version as a Perubahan', () => {
    expect(status('draft')).toBe('Draf');
    expect(status('submitted')).toBe('Diajukan');
    expect(status('returned')).toBe('Dikembalikan');
    expect(status('approved')).toBe('Disetujui');
    expect(status('submitted', { amendment: true })).toBe('Perubahan (Diajukan)');
    expect(status('approved', { amendment: true })).toBe('Disetujui');
    expect(status(null)).toBe('Belum ada');
  });

  it('prints percentages with a decimal comma', () => {
    expect(percent(1, 8)).toBe('12,5 %');
    expect(percent(5, 0)).toBe('0 %');
    expect(percent(2, 3)).toBe('66,7 %');
  });
});

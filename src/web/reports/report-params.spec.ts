import type { AuthUser } from '../../common/auth/auth-user';
import { monthParam, parentInScope, reportParams, reportUrl } from './report-params';

const user = (role: AuthUser['role'], regionCode: string | null): AuthUser => ({ id: 'u', username: 'u', fullName: 'U', role, regionCode });
const camat = user('camat', '35.73.01');

describe('report page parameters', () => {
  it('defaults to the own region, this year and the whole year', () => {
    const now = new Date();
    const p = reportParams(camat, {});
    expect(p).toMatchObject({ region: '35.73.01', level: 'kecamatan', period: 'FY' });
    expect(p.year).toBe(new Date(now.getTime() + 7 * 3_600_000).getUTCFullYear());
    expect(reportParams(user('admin', null), { tahun: '2026' })).toEqual({ region: null, level: 'nasional', year: 2026, period: 'FY' });
    expect(reportParams(camat, { wilayah: '35.73.01.1001', tahun: '2026', periode: 'm04' })).toEqual({ region: '35.73.01.1001', level: 'kelurahan', year: 2026, period: 'M04' });
  });

  it('a value that names nothing is the 404 page', () => {
    for (const q of [{ wilayah: 'bukan' }, { wilayah: '35.73.01.2001' }, { tahun: '26' }, { tahun: '1800' }, { periode: 'Q5' }]) {
      expect(() => reportParams(camat, q)).toThrow(expect.objectContaining({ status: 404 }));
    }
    const p = reportParams(camat, { tahun: '2026', periode: 'Q2' });
    for (const bulan of ['0', '13', 'April', '4.5']) expect(() => monthParam({ bulan }, p)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('the month of the books: asked for, else the last of the period, else (this year) the current one', () => {
    const now = new Date('2026-08-10T03:00:00Z');
    expect(monthParam({ bulan: '04' }, reportParams(camat, { tahun: '2026', periode: 'Q3' }), now)).toBe(4);
    expect(monthParam({}, reportParams(camat, { tahun: '2026', periode: 'Q2' }), now)).toBe(6);
    expect(monthParam({}, reportParams(camat, { tahun: '2026', periode: 'M03' }), now)).toBe(3);
    expect(monthParam({}, reportParams(camat, { tahun: '2026', periode: 'FY' }), now)).toBe(8);
    expect(monthParam({}, reportParams(camat, { tahun: '2025', periode: 'FY' }), now)).toBe(12);
  });

  it('goes one level up only while it stays in scope', () => {
    expect(parentInScope(camat, '35.73.01.1001')).toEqual({ code: '35.73.01' });
    expect(parentInScope(camat, '35.73.01')).toBeNull();
    expect(parentInScope(user('admin', '35.73'), '35.73.01')).toEqual({ code: '35.73' });
    expect(parentInScope(user('admin', null), '35')).toEqual({ code: null });
    expect(parentInScope(user('admin', null), null)).toBeNull();
  });

  it('builds the URLs the pages link to', () => {
    expect(reportUrl('/laporan', { region: '35.73.01', year: 2026, period: 'Q2' })).toBe('/laporan?wilayah=35.73.01&tahun=2026&periode=Q2');
    expect(reportUrl('/laporan/bku.pdf', { region: '35.73.01.1001', year: 2026, month: 4 })).toBe('/laporan/bku.pdf?wilayah=35.73.01.1001&tahun=2026&bulan=4');
    expect(reportUrl('/laporan', { region: null, year: 2026 })).toBe('/laporan?tahun=2026');
  });
});

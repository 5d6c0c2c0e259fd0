import { dashboardHref, headerOf, jsonBlock, readParams, reportHref, COLUMNS, statusText } from './dashboard-view';

describe('dashboard view helpers', () => {
  it('reads the query leniently: unknown values fall back to the whole year, sorted by name', () => {
    const p = readParams({ tahun: '2025', periode: 'Q2', urut: 'serapan', hal: '3', wilayah: '35.73' });
    expect(p).toEqual({ region: '35.73', year: 2025, period: 'Q2', sort: 'serapan', direction: 'desc', page: 3, level: 'provinsi' });
    const d = readParams({ tahun: 'x', periode: 'Q9', urut: 'DROP TABLE', arah: 'sideways', hal: '-1' });
    expect(d.period).toBe('FY');
    expect(d.sort).toBe('nama');
    expect(d.direction).toBe('asc');
    expect(d.page).toBe(1);
    expect(readParams({ tingkat: 'kabkota' }).level).toBe('kabkota');
  });

  it('builds links that keep the filter, and the Laporan link of a level', () => {
    expect(dashboardHref({ region: '35.73.01', year: 2026, period: 'Q2', sort: 'serapan', direction: 'desc', page: 2 })).toBe(
      '/dasbor?wilayah=35.73.01&tahun=2026&periode=Q2&urut=serapan&arah=desc&hal=2',
    );
    expect(dashboardHref({ year: 2026, period: 'FY', level: 'kabkota' })).toBe('/dasbor?tahun=2026&periode=FY&tingkat=kabkota');
    expect(reportHref('35.73', 2026, 'S1')).toBe('/laporan?wilayah=35.73&tahun=2026&periode=S1');
  });

  it('makes a column header a link to the other direction, with aria-sort on the current one', () => {
    const p = readParams({ tahun: '2026', urut: 'serapan', arah: 'desc' });
    const serapan = headerOf(COLUMNS.find((c) => c.key === 'serapan')!, p, '35.73.01');
    expect(serapan.ariaSort).toBe('descending');
    expect(serapan.href).toContain('urut=serapan&arah=asc');
    const pagu = headerOf(COLUMNS.find((c) => c.key === 'pagu')!, p, '35.73.01');
    expect(pagu.ariaSort).toBe('none');
    expect(pagu.href).toContain('urut=pagu&arah=desc');
  });

  it('says a region row status as a count, a kelurahan as its own status', () => {
    const row = { allocation: 0, planned: 0, realized: 0, remaining: 0, absorption: 0, kelurahan: 11, approved: 3, planStatus: null, amendment: false, lastEntry: null, monthsClosed: 0 };
    expect(statusText(row, 'kecamatan')).toBe('3 dari 11 disetujui');
    expect(statusText({ ...row, planStatus: 'submitted', amendment: true }, 'kelurahan')).toBe('Perubahan (Diajukan)');
  });

  it('escapes a JSON data block so no text can close the script element', () => {
    expect(jsonBlock({ label: '</script><b>&' })).toBe('{"label":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}');
    expect(JSON.parse(jsonBlock({ label: '</script>' })).label).toBe('</script>');
  });
});

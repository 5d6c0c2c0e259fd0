import { buildCompleteness, monthsEnded } from './completeness';

describe('completeness matrix', () => {
  const now = new Date('2026-05-02T01:00:00Z'); // 2 Mei 2026 WIB: January to April have ended
  const rows = buildCompleteness({
    year: 2026,
    now,
    kelurahan: [{ code: '35.73.01.1001', name: 'Balearjosari' }, { code: '35.73.01.1002', name: 'Arjosari' }],
    closed: [{ kelurahanCode: '35.73.01.1001', month: 1 }, { kelurahanCode: '35.73.01.1001', month: 2 }],
    lpj: [{ regionCode: '35.73.01.1001', period: 'M01', number: 'DK/35.73.01.1001/2026/000004' }],
    evidence: [
      { kelurahanCode: '35.73.01.1001', month: 2, payments: 3, incomplete: 1 },
      { kelurahanCode: '35.73.01.1002', month: 1, payments: 2, incomplete: 0 },
    ],
  });

  it('counts the ended months from the date in WIB', () => {
    expect(monthsEnded(2026, now)).toBe(4);
    expect(monthsEnded(2026, new Date('2026-04-30T17:30:00Z'))).toBe(4); // already 1 May in WIB
    expect(monthsEnded(2026, new Date('2026-04-30T16:30:00Z'))).toBe(3);
    expect(monthsEnded(2025, now)).toBe(12);
    expect(monthsEnded(2027, now)).toBe(0);
  });

  it('marks each cell: closed, LPJ, evidence, and whether the month is due', () => {
    const [k1, k2] = rows;
    expect(k1.cells).toHaveLength(12);
    expect(k1.cells[0]).toMatchObject({ month: 1, monthName: 'Januari', due: true, closed: true, lpjNumber: 'DK/35.73.01.1001/2026/000004' });
    expect(k1.cells[0].book).toEqual({ mark: 'ok', text: 'Ditutup' });
    expect(k1.cells[0].lpj).toEqual({ mark: 'ok', text: 'LPJ terbit' });
    expect(k1.cells[0].proof).toEqual({ mark: 'none', text: 'Tanpa pembayaran' });
    expect(k1.cells[1].lpj).toEqual({ mark: 'missing', text: 'LPJ belum' });
    expect(k1.cells[1].proof).toEqual({ mark: 'warning', text: 'Bukti kurang 1 dari 3' });
    expect(k1.cells[2].book).toEqual({ mark: 'missing', text: 'Belum ditutup' });
    expect(k1.cells[4]).toMatchObject({ due: false, book: { mark: 'notDue', text: 'Belum berakhir' } });
    expect(k2.cells[0].proof).toEqual({ mark: 'ok', text: 'Bukti lengkap' });
    expect(k2.cells[0].book.mark).toBe('missing');
  });

  it('sums up who is late', () => {
    expect(rows.map((r) => [r.name, r.lateMonths, r.incompleteMonths])).toEqual([
      ['Balearjosari', 2, 1],
      ['Arjosari', 4, 0],
    ]);
  });
});

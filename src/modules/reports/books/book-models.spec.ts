import { buildBkuModel, type BkuInput } from './bku.model';
import { buildLpjModel } from './lpj.model';
import { buildPajakModel } from './pajak.model';

const region = {
  level: 'kelurahan' as const,
  kelurahan: { code: '35.73.01.1001', name: 'Balearjosari' },
  kecamatan: { code: '35.73.01', name: 'Blimbing' },
  kabkota: { code: '35.73', name: 'Kota Malang' },
};
const signature = { place: 'Malang', date: '2026-03-31', signatories: [] };
const document = { documentNumber: 'DK/35.73.01.1001/2026/000001', verifyUrl: 'http://x/v', issuedAt: '2026-04-01T00:00:00Z' };

const bku: BkuInput = {
  region, year: 2026, month: 3, opening: 10_000_000, before: { receipts: 25_000_000, payments: 15_000_000 },
  rows: [
    { date: '2026-03-02', kind: 'FUND_IN', account: 'BANK', amount: 150_000_000, referenceNo: 'SP2D/1', accountCode: null, description: 'Penerimaan TU' },
    { date: '2026-03-05', kind: 'PAYMENT', account: 'BANK', amount: -11_100_000, referenceNo: '001/TBP', accountCode: '5.1.02.01.01.0024', description: 'Belanja ATK' },
    { date: '2026-03-05', kind: 'TAX_WITHHELD', account: 'BANK', amount: 150_000, referenceNo: '001/TBP', accountCode: '5.1.02.01.01.0024', description: 'Pungutan PPh 22' },
    { date: '2026-03-09', kind: 'TAX_DEPOSIT', account: 'BANK', amount: -150_000, referenceNo: 'NTPN 0A1B', accountCode: null, description: 'Setor PPh 22' },
  ],
  closingByAccount: { TUNAI: 10_000_000, BANK: 138_900_000, LS: 0 }, taxHeld: 0, closed: false, signature, document,
};

describe('BKU model', () => {
  it('runs the saldo from the previous month and totals the month and the year', () => {
    const m = buildBkuModel(bku);
    expect(m.lines.map((l) => [l.no, l.receipt, l.payment, l.balance])).toEqual([
      [1, 150_000_000, 0, 160_000_000], [2, 0, 11_100_000, 148_900_000], [3, 150_000, 0, 149_050_000], [4, 0, 150_000, 148_900_000],
    ]);
    expect(m.lines[1].description).toBe('Belanja ATK (No. bukti 001/TBP)');
    expect(m.lines[3].description).toBe('Setor PPh 22 (NTPN 0A1B)');
    expect([m.thisMonth, m.before, m.toDate, m.closing, m.period, m.periodLabel]).toEqual([
      { receipts: 150_150_000, payments: 11_250_000 }, { receipts: 25_000_000, payments: 15_000_000 }, { receipts: 175_150_000, payments: 26_250_000 },
      148_900_000, 'M03', 'Bulan Maret 2026',
    ]);
    expect(m.document.dataSha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses books that do not add up, rows out of order or outside the month', () => {
    expect(() => buildBkuModel({ ...bku, closingByAccount: { TUNAI: 0, BANK: 0, LS: 0 } })).toThrow(/does not balance/);
    expect(() => buildBkuModel({ ...bku, opening: 1 })).toThrow();
    expect(() => buildBkuModel({ ...bku, rows: [...bku.rows].reverse() })).toThrow(/order/);
    expect(() => buildBkuModel({ ...bku, rows: [{ ...bku.rows[0], date: '2026-04-01' }] })).toThrow(/not in/);
    expect(() => buildBkuModel({ ...bku, rows: [{ ...bku.rows[0], amount: 1.5 }] })).toThrow(/whole rupiah/);
  });
});

describe('Buku Pembantu Pajak model', () => {
  const input = {
    region, year: 2026, month: 3, layout: 'recap' as const, signature, document,
    before: { PPN: { withheld: 1_000_000, deposited: 600_000 } },
    rows: [
      { date: '2026-03-05', type: 'PPH22' as const, side: 'PUNGUT' as const, amount: 150_000, referenceNo: '001/TBP', description: 'Belanja ATK' },
      { date: '2026-03-09', type: 'PPN' as const, side: 'SETOR' as const, amount: 400_000, referenceNo: 'NTPN X', description: 'Setor PPN' },
    ],
  };
  it('gives the chronological book and the recap with the same sisa', () => {
    const m = buildPajakModel(input);
    expect(m.opening).toBe(400_000);
    expect(m.lines.map((l) => [l.withheld, l.deposited, l.balance])).toEqual([[150_000, 0, 550_000], [0, 400_000, 150_000]]);
    expect(m.recap.find((r) => r.type === 'PPN')).toMatchObject({ withheld: { before: 1_000_000, thisMonth: 0, toDate: 1_000_000 }, deposited: { before: 600_000, thisMonth: 400_000, toDate: 1_000_000 }, outstanding: 0 });
    expect(m.recap.find((r) => r.type === 'PPH22')).toMatchObject({ outstanding: 150_000 });
    expect(m.total).toEqual({ before: 1_000_000, thisMonth: 150_000, toDate: 1_150_000, depositedBefore: 600_000, depositedThisMonth: 400_000, depositedToDate: 1_000_000, outstanding: 150_000 });
    expect(m.titleLines[0]).toBe('REKAPITULASI BUKU PEMBANTU PAJAK');
    expect(buildPajakModel({ ...input, layout: 'chronological' }).titleLines[0]).toBe('BUKU PEMBANTU PAJAK');
  });
});

describe('LPJ model', () => {
  const input = {
    region, year: 2026, month: 3, signature, document,
    spending: [
      { accountCode: '5.2.04.02.01.0006', ls: { before: 0, thisMonth: 50_000_000 }, up: { before: 0, thisMonth: 0 } },
      { accountCode: '5.1.02.01.01.0052', ls: { before: 0, thisMonth: 0 }, up: { before: 1_800_000, thisMonth: 2_000_000 } },
    ],
    fundsIn: { before: 25_000_000, thisMonth: 0 }, lsIn: { before: 0, thisMonth: 50_000_000 }, returns: { before: 0, thisMonth: 1_000_000 },
    taxes: { PPH22: { withheld: { before: 0, thisMonth: 30_000 }, deposited: { before: 0, thisMonth: 0 } } },
    closing: 25_000_000 + 50_000_000 + 30_000 - 50_000_000 - 3_800_000 - 1_000_000,
  };
  it('sorts SPJ by kode rekening and reproduces the ledger’s cash', () => {
    const m = buildLpjModel(input);
    expect(m.spending.map((s) => [s.accountCode, s.total])).toEqual([['5.1.02.01.01.0052', 3_800_000], ['5.2.04.02.01.0006', 50_000_000]]);
    expect(m.receiptsTotal).toEqual({ before: 25_000_000, thisMonth: 50_030_000, toDate: 75_030_000 });
    expect(m.paymentsTotal).toEqual({ before: 1_800_000, thisMonth: 53_000_000, toDate: 54_800_000 });
    expect(m.closing).toBe(20_230_000);
    expect(() => buildLpjModel({ ...input, closing: 0 })).toThrow(/does not balance/);
  });
});

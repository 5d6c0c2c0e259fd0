import {
  allowedRates, checkTaxLine, PURCHASE_KINDS, rateUnits, rulesInForce, suggestTaxes, TAX_RULES, TAX_TYPES, taxAmount,
} from './tax-rules';

describe('tax rule table', () => {
  it('has unique ids, known types, ordered dates and no two rules of one type and rate overlapping in time', () => {
    expect(new Set(TAX_RULES.map((r) => r.id)).size).toBe(TAX_RULES.length);
    for (const r of TAX_RULES) {
      expect(TAX_TYPES).toContain(r.type);
      expect(r.to === null || r.from <= r.to).toBe(true);
      expect(rateUnits(r.rate)).not.toBeNull();
    }
    for (const a of TAX_RULES) {
      for (const b of TAX_RULES) {
        if (a === b || a.type !== b.type) continue;
        const overlap = a.from <= (b.to ?? '9999') && b.from <= (a.to ?? '9999');
        // Two rules of one type in force together must apply to different purchases (else the table is ambiguous).
        if (overlap) {
          for (const kind of PURCHASE_KINDS) {
            for (const golongan of ['I', 'II', 'III', 'IV'] as const) {
              for (const qualification of ['KECIL', 'MENENGAH_BESAR', 'TIDAK_BERSERTIFIKAT'] as const) {
                const input = { kind, golongan, qualification };
                expect([a.id, a.applies(input) && b.applies(input)]).toEqual([a.id, false]);
              }
            }
          }
        }
      }
    }
  });

  // Every tax type on each side of every boundary date in the table.
  const cases: Array<[string, string, number[]]> = [
    ['PPN', '2022-03-31', [10]],
    ['PPN', '2022-04-01', [11]],
    ['PPN', '2024-12-31', [11]],
    ['PPN', '2025-01-01', [12]],
    ['PPN', '2026-06-30', [12]],
    ['PPH22', '2019-01-01', [1.5]],
    ['PPH22', '2026-06-30', [1.5]],
    ['PPH23', '2026-06-30', [2]],
    ['PPH21', '2026-06-30', [0, 5, 15]],
    ['PPH4_2', '2022-02-20', [2, 3, 4, 6]],
    ['PPH4_2', '2022-02-21', [1.75, 2.65, 3.5, 4, 6]],
    ['LAINNYA', '2026-06-30', []],
  ];
  it.each(cases)('%s on %s allows exactly %j', (type, date, rates) => {
    expect(allowedRates(type as never, date)).toEqual(rates);
  });

  it('switches PPN to 12 % on DPP nilai lain 11/12 from 2025', () => {
    expect(rulesInForce('2024-12-31').find((r) => r.type === 'PPN')).toMatchObject({ rate: 11, baseFactor: [1, 1] });
    expect(rulesInForce('2025-01-01').find((r) => r.type === 'PPN')).toMatchObject({ rate: 12, baseFactor: [11, 12] });
  });
});

describe('taxAmount and rateUnits', () => {
  it('computes base × rate in integers, rounded down', () => {
    expect(taxAmount(10_000_000, 1.5)).toBe(150_000);
    expect(taxAmount(9_166_666, 12)).toBe(1_099_999);
    expect(taxAmount(1_000_001, 1.75)).toBe(17_500);
    expect(taxAmount(333, 2)).toBe(6);
    expect(taxAmount(0, 15)).toBe(0);
    expect(taxAmount(9_999_999_999_999, 2.65)).toBe(264_999_999_999);
  });
  it('refuses rates with more than four decimals or outside 0..100', () => {
    expect(rateUnits(1.5)).toBe(15_000);
    expect(rateUnits(2.6543)).toBe(26_543);
    expect(rateUnits(2.65432)).toBeNull();
    expect(rateUnits(-1)).toBeNull();
    expect(rateUnits(100.5)).toBeNull();
    expect(() => taxAmount(-1, 2)).toThrow(RangeError);
    expect(() => taxAmount(1.5, 2)).toThrow(RangeError);
  });
});

describe('suggestTaxes', () => {
  const pick = (s: ReturnType<typeof suggestTaxes>) => s.map(({ type, base, rate, amount, ruleId }) => ({ type, base, rate, amount, ruleId }));

  it('goods in 2026 above Rp 2.000.000, price including PPN: PPN 12 % on 11/12 and PPh 22 1,5 % on the price', () => {
    expect(pick(suggestTaxes({ date: '2026-03-10', amount: 11_100_000, kind: 'BARANG' }))).toEqual([
      { type: 'PPN', base: 9_166_666, rate: 12, amount: 1_099_999, ruleId: 'PPN-2025' },
      { type: 'PPH22', base: 10_000_000, rate: 1.5, amount: 150_000, ruleId: 'PPH22-1.5' },
    ]);
  });
  it('goods in 2024: PPN 11 % on the price', () => {
    expect(pick(suggestTaxes({ date: '2024-07-01', amount: 11_100_000, kind: 'BARANG' }))).toEqual([
      { type: 'PPN', base: 10_000_000, rate: 11, amount: 1_100_000, ruleId: 'PPN-2022' },
      { type: 'PPH22', base: 10_000_000, rate: 1.5, amount: 150_000, ruleId: 'PPH22-1.5' },
    ]);
  });
  it('a price without PPN is the base as it is', () => {
    expect(pick(suggestTaxes({ date: '2026-03-10', amount: 12_000_000, kind: 'BARANG', ppnIncluded: false }))[0]).toEqual({
      type: 'PPN', base: 11_000_000, rate: 12, amount: 1_320_000, ruleId: 'PPN-2025',
    });
  });
  it('no PPN and no PPh 22 up to Rp 2.000.000 unless split; exactly the limit is still small', () => {
    expect(suggestTaxes({ date: '2026-03-10', amount: 2_000_000, kind: 'BARANG' })).toEqual([]);
    expect(suggestTaxes({ date: '2026-03-10', amount: 2_000_001, kind: 'BARANG' }).map((t) => t.type)).toEqual(['PPN', 'PPH22']);
    expect(suggestTaxes({ date: '2026-03-10', amount: 1_500_000, kind: 'BARANG', split: true }).map((t) => t.type)).toEqual(['PPN', 'PPH22']);
  });
  it('a payee that is not a PKP: no PPN, PPh 22 on the whole amount', () => {
    expect(pick(suggestTaxes({ date: '2026-03-10', amount: 5_000_000, kind: 'BARANG', pkp: false }))).toEqual([
      { type: 'PPH22', base: 5_000_000, rate: 1.5, amount: 75_000, ruleId: 'PPH22-1.5' },
    ]);
  });
  it('services: PPN and PPh 23 2 %; small services still carry PPh 23', () => {
    expect(suggestTaxes({ date: '2026-03-10', amount: 5_550_000, kind: 'JASA' }).map((t) => [t.type, t.amount])).toEqual([
      ['PPN', 549_999],
      ['PPH23', 100_000],
    ]);
    expect(suggestTaxes({ date: '2026-03-10', amount: 1_000_000, kind: 'SEWA' }).map((t) => [t.type, t.amount])).toEqual([['PPH23', 20_000]]);
  });
  it('construction by qualification under PP 9/2022 and before it', () => {
    const at = (date: string, q: 'KECIL' | 'MENENGAH_BESAR' | 'TIDAK_BERSERTIFIKAT') =>
      suggestTaxes({ date, amount: 100_000_000, kind: 'KONSTRUKSI', ppnIncluded: false, qualification: q }).find((t) => t.type === 'PPH4_2')!.rate;
    expect([at('2026-01-05', 'KECIL'), at('2026-01-05', 'MENENGAH_BESAR'), at('2026-01-05', 'TIDAK_BERSERTIFIKAT')]).toEqual([1.75, 2.65, 4]);
    expect([at('2021-01-05', 'KECIL'), at('2021-01-05', 'MENENGAH_BESAR'), at('2021-01-05', 'TIDAK_BERSERTIFIKAT')]).toEqual([2, 3, 4]);
  });
  it.each([
    ['I', 0],
    ['II', 0],
    ['III', 5],
    ['IV', 15],
  ] as const)('PPh 21 on an ASN honorarium, golongan %s: %d %%', (golongan, rate) => {
    expect(pick(suggestTaxes({ date: '2026-03-10', amount: 1_000_000, kind: 'HONOR_ASN', golongan }))).toEqual([
      { type: 'PPH21', base: 1_000_000, rate, amount: 10_000 * rate, ruleId: expect.stringMatching(/^PPH21-ASN/) },
    ]);
  });
  it('an ASN honorarium without golongan or an other purchase suggests nothing', () => {
    expect(suggestTaxes({ date: '2026-03-10', amount: 1_000_000, kind: 'HONOR_ASN' })).toEqual([]);
    expect(suggestTaxes({ date: '2026-03-10', amount: 10_000_000, kind: 'LAINNYA' })).toEqual([]);
  });
});

describe('checkTaxLine', () => {
  const date = '2026-03-10';
  it('accepts a line that follows the table and names its rule', () => {
    expect(checkTaxLine({ type: 'PPH22', base: 10_000_000, rate: 1.5, amount: 150_000 }, date)).toEqual({ ruleId: 'PPH22-1.5' });
  });
  it.each([
    [{ type: 'PPH99', base: 1, rate: 1, amount: 0 }, 'type'],
    [{ type: 'PPH22', base: -1, rate: 1.5, amount: 0 }, 'base'],
    [{ type: 'PPH22', base: 1.5, rate: 1.5, amount: 0 }, 'base'],
    [{ type: 'PPH22', base: 100, rate: 101, amount: 0 }, 'rate'],
    [{ type: 'PPH22', base: 100, rate: 1.23456, amount: 0 }, 'rate'],
    [{ type: 'PPH22', base: 100, rate: 1.5, amount: -1 }, 'amount'],
    [{ type: 'PPH22', base: 100, rate: 1.5, amount: 101 }, 'amount'],
    [{ type: 'PPH22', base: 10_000_000, rate: 2, amount: 200_000 }, 'rate'],
    [{ type: 'LAINNYA', base: 10_000_000, rate: 10, amount: 1_000_000 }, 'rate'],
    [{ type: 'PPH22', base: 10_000_000, rate: 1.5, amount: 150_001 }, 'amount'],
    [{ type: 'PPN', base: 10_000_000, rate: 11, amount: 1_100_000 }, 'rate'],
  ])('refuses %j on field %s', (line, field) => {
    expect(checkTaxLine(line, date)).toEqual({ problem: expect.objectContaining({ field }) });
  });
  it('accepts a rate or an amount outside the table when a reason is given', () => {
    expect(checkTaxLine({ type: 'PPH22', base: 10_000_000, rate: 3, amount: 300_000, reason: 'Penerima tidak ber-NPWP (tarif 100% lebih tinggi)' }, date)).toEqual({ ruleId: null });
    expect(checkTaxLine({ type: 'LAINNYA', base: 1_000_000, rate: 10, amount: 100_000, reason: 'Pajak daerah restoran' }, date)).toEqual({ ruleId: null });
    expect(checkTaxLine({ type: 'PPH22', base: 10_000_000, rate: 1.5, amount: 149_000, reason: 'Pembulatan sesuai faktur' }, date)).toEqual({ ruleId: 'PPH22-1.5' });
  });
});

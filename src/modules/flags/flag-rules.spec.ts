import { checkAbsorption, matchQuestionable, monthsElapsed, outlierFlags, parseFlagId, flagId, priceFlags, type LineInput } from './flag-rules';
import { loadFlagsConfig } from './flags-config';

const cfg = loadFlagsConfig(null);
const line = (i: number, unitPrice: number, extra: Partial<LineInput> = {}): LineInput => ({
  lineId: `l${i}`, planId: `p${i}`, kelurahanCode: '35.73.01.1001', description: 'Makan minum rapat', accountCode: '5.1.02.01.01.0052', unit: 'OK', unitPrice, ...extra,
});

describe('flag rules', () => {
  it('flag ids carry kelurahan and year, and are stable', () => {
    const id = flagId('35.73.01.1001', 2025, 'PRICE_OUTLIER', 'x');
    expect(id).toBe(flagId('35.73.01.1001', 2025, 'PRICE_OUTLIER', 'x'));
    expect(id).not.toBe(flagId('35.73.01.1001', 2025, 'QUESTIONABLE_USE', 'x'));
    expect(parseFlagId(id)).toEqual({ kelurahanCode: '35.73.01.1001', year: 2025 });
    expect(parseFlagId('35.73.01-2025-0000000000000000')).toBeNull();
  });

  it('matches questionable uses by whole phrase or kode rekening prefix, not inside other words', () => {
    expect(matchQuestionable('Festival seni budaya dan karnaval', '5.1.02.02.01.0003', cfg.questionableUses)?.rule.id).toBe('festival-karnaval');
    expect(matchQuestionable('Pengadaan MOBIL  Operasional kantor kelurahan', '5.1.02.01.01.0001', cfg.questionableUses)?.rule.id).toBe('mobil-operasional');
    expect(matchQuestionable('Belanja modal kendaraan', '5.2.02.01.01.0002', cfg.questionableUses)).toMatchObject({ matched: '5.2.02.01' });
    expect(matchQuestionable('Pelatihan muralis? tidak: muralnya', '5.1.02.01.01.0052', cfg.questionableUses)).toBeNull();
    expect(matchQuestionable('Pembangunan saluran drainase', '5.2.04.01.01.0001', cfg.questionableUses)).toBeNull();
  });

  it('flags a price above a ceiling or an estimate, not at it', () => {
    const items = new Map([
      ['makan minum rapat|ok', { code: 'S1', description: 'Makan minum rapat', unit: 'OK', price: 40_000, kind: 'ceiling' as const }],
    ]);
    expect(priceFlags([line(1, 40_000), line(2, 40_001)], items, 2025).map((f) => [f.planLineId, f.kind, f.details.excess])).toEqual([['l2', 'PRICE_ABOVE_CEILING', 1]]);
  });

  it('flags the outlier only, with where it sits', () => {
    const lines = [30_000, 31_000, 32_000, 33_000, 34_000, 120_000].map((p, i) => line(i, p));
    const flags = outlierFlags(lines, cfg.priceOutlier, 2025);
    expect(flags.map((f) => f.planLineId)).toEqual(['l5']);
    // median 32500; MAD 1500 → 1.4826 × 1500 = 2223.9 < 0.1 × 32500 = 3250 → z = 87500 / 3250
    expect(flags[0].details).toMatchObject({ median: 32_500, mad: 1_500, scale: 3_250, robustZ: 26.92, percentile: 1, groupSize: 6 });
    expect(outlierFlags(lines.slice(0, 4).concat(line(9, 500_000)), cfg.priceOutlier, 2025)).toHaveLength(1);
    expect(outlierFlags(lines.slice(0, 4), cfg.priceOutlier, 2025)).toEqual([]); // below the minimum group size
  });

  it('judges absorption against the tahap due and the month plan', () => {
    expect(monthsElapsed(2025, new Date('2026-01-05T00:00:00Z'))).toBe(12);
    expect(monthsElapsed(2026, new Date('2026-08-05T00:00:00Z'))).toBe(8);
    expect(monthsElapsed(2027, new Date('2026-08-05T00:00:00Z'))).toBe(0);
    const monthly = [0, 10, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0].map((x) => x * 1_000_000);
    const k = { kelurahanCode: '35.73.01.1001', name: 'A', planId: 'p', budget: 100_000_000, monthly };
    // 5 Aug: tahap II (month 7) is due: 0.5 × 50 % of the budget = 25 juta realised by end of June; found 30 juta.
    // Month plan to end of July: 7/12 × 100 juta = 58.333.333; 40 % of it = 23.333.334; found 30 juta.
    const aug = checkAbsorption(k, cfg.absorption, 2026, new Date('2026-08-05T00:00:00Z'));
    expect(aug).toMatchObject({
      realised: 30_000_000, atRisk: false, lagPoints: 0,
      tahap: { name: 'II', dueMonth: 7, required: 25_000_000, realised: 30_000_000 },
      monthPlan: { throughMonth: 7, planned: 58_333_333, required: 23_333_334, realised: 30_000_000 },
    });
    // Whole year: tahap III (month 10) needs 0.5 × 80 % = 40 juta by end of September; found 30 juta → 10 points behind.
    const year = checkAbsorption(k, cfg.absorption, 2025, new Date('2026-01-05T00:00:00Z'));
    expect(year.tahap).toEqual({ name: 'III', dueMonth: 10, required: 40_000_000, realised: 30_000_000 });
    expect(year.monthPlan).toEqual({ throughMonth: 12, planned: 100_000_000, required: 40_000_000, realised: 30_000_000 });
    expect(year).toMatchObject({ atRisk: true, lagPoints: 10 });
  });
});

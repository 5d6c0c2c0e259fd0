import type { FlagView } from '../../modules/flags/flags.service';
import { planFlags, pricePosition } from './flag-view';

const flag = (over: Partial<FlagView>): FlagView => ({
  id: 'x', kind: 'PRICE_OUTLIER', regionCode: '35.73.01.1007', year: 2026, message: 'm', status: 'open', details: {},
  reason: null, resolutionNote: null, resolvedAt: null, ...over,
});

describe('flags as the plan pages show them', () => {
  it("says where an outlier's unit price sits in the distribution it was compared with", () => {
    const p = pricePosition(flag({ details: { unitPrice: 95_000, min: 30_500, max: 95_000, median: 32_000, groupSize: 7, percentile: 1, robustZ: 19.69, threshold: 3.5 } }));
    expect(p).toEqual({
      min: 30_500, max: 95_000, median: 32_000, value: 95_000,
      text: 'Rp 95.000: persentil 100 dari 7 rincian sejenis di kab/kota; median Rp 32.000, rentang Rp 30.500 – Rp 95.000; skor-z robust 19,69 (batas 3,5)',
    });
    expect(pricePosition(flag({ kind: 'QUESTIONABLE_USE', details: { unitPrice: 1 } }))).toBeNull();
  });

  it('orders cards by line, links them per line, and counts what is not resolved and what still needs a reason', () => {
    const lines = [{ id: 'a', description: 'Cat tembok' }, { id: 'b', description: 'Makan minum' }];
    const v = planFlags([
      flag({ id: 'f1', planLineId: 'b' }),
      flag({ id: 'f2', kind: 'PRICE_ABOVE_ESTIMATE', planLineId: 'a' }),
      flag({ id: 'f3', kind: 'DUPLICATE_RECEIPT', status: 'resolved' }),
      flag({ id: 'f4', kind: 'PRICE_ABOVE_ESTIMATE', planLineId: 'a', reason: 'tiga penawaran', status: 'explained' }),
    ], lines);
    expect(v.cards.map((c) => c.id)).toEqual(['f2', 'f4', 'f1', 'f3']);
    expect(Object.fromEntries(Object.entries(v.byLine).map(([k, cs]) => [k, cs.map((c) => c.id)]))).toEqual({ a: ['f2', 'f4'], b: ['f1'] });
    expect(v.cards[0]).toMatchObject({ kindLabel: 'Harga di atas estimasi standar', lineDescription: 'Cat tembok', needsReason: true, statusLabel: 'Terbuka' });
    expect(v.open).toBe(3);
    expect(v.needReason).toBe(1);
  });
});

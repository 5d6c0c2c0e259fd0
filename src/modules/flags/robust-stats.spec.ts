import { MAD_TO_SIGMA, mad, median, robustPosition } from './robust-stats';

describe('robust statistics', () => {
  it('median of odd and even counts, unsorted input, input left alone', () => {
    const xs = [9, 1, 5];
    expect(median(xs)).toBe(5);
    expect(xs).toEqual([9, 1, 5]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('MAD is the median of absolute deviations from the median', () => {
    // median 2; deviations 1 1 0 0 2 4 7 → sorted 0 0 1 1 2 4 7 → 1
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(mad([5, 5, 5, 5])).toBe(0);
  });

  it('one inflated price does not move the median or the MAD much, but stands far out', () => {
    const prices = [10_000, 10_500, 9_500, 10_200, 9_800, 95_000];
    // sorted 9500 9800 10000 10200 10500 95000 → median 10100; deviations 600 300 100 100 400 84900 → sorted 100 100 300 400 600 84900 → 350
    const p = robustPosition(95_000, prices, 0.05);
    expect(p.median).toBe(10_100);
    expect(p.mad).toBe(350);
    // 1.4826 × 350 = 518.91 beats the floor 0.05 × 10100 = 505; z = (95000 − 10100) / 518.91
    expect(p.scale).toBeCloseTo(518.91, 10);
    expect(p.z).toBeCloseTo(84_900 / 518.91, 10);
    expect(p.percentile).toBe(1);
  });

  it('uses the larger of 1.4826 × MAD and the relative floor as the scale', () => {
    const a = robustPosition(110, [100, 100, 100, 110], 0.05);
    // median 100, MAD 0 → scale is the floor 5, z = 2
    expect(a).toEqual({ median: 100, mad: 0, scale: 5, z: 2, percentile: 1 });
    const b = robustPosition(130, [100, 110, 120, 130, 90], 0);
    // median 110; deviations 10 0 10 20 20 → MAD 10 → scale 14.826, z = 20 / 14.826
    expect(b.scale).toBeCloseTo(MAD_TO_SIGMA * 10, 10);
    expect(b.z).toBeCloseTo(20 / 14.826, 10);
    expect(b.percentile).toBe(1);
    expect(robustPosition(90, [100, 110, 120, 130, 90], 0).percentile).toBe(0.2);
  });
});

import { lineAmount, volumeHundredths } from './plan-line-amount';

describe('plan line amount', () => {
  it.each([
    [245, 30_000, 7_350_000n],
    [1, 150_000_000, 150_000_000n],
    [2.5, 3, 8n], // 7.5 rounds half up
    [0.01, 49, 0n], // 0.49 rounds down
    [0.01, 50, 1n], // 0.50 rounds up
    [12.25, 1_000_001, 12_250_012n], // 12_250_012.25
    [0.1, 3, 0n],
    [333.33, 3, 1_000n], // 999.99 → 1000
    [999_999_999_999.99, 10, 10_000_000_000_000n], // 9_999_999_999_999.9
  ])('%p × %p = %p', (v, p, expected) => {
    expect(lineAmount(v, p)).toBe(expected);
  });

  it('is exact where floating point is not', () => {
    expect(0.07 * 100_000_000).not.toBe(7_000_000); // 7000000.000000001
    expect(lineAmount(0.07, 100_000_000)).toBe(7_000_000n);
    expect(lineAmount(1.15, 100)).toBe(115n);
  });

  it.each([0, -1, 1.234, NaN, Infinity, 1e-7, 1e15, '1,5', 'abc', null, undefined, {}])('refuses volume %p', (v) => {
    expect(volumeHundredths(v)).toBeNull();
  });

  it('accepts up to two decimals and numeric strings', () => {
    expect(volumeHundredths(1.5)).toBe(150n);
    expect(volumeHundredths('12.50')).toBe(1250n);
    expect(volumeHundredths(100)).toBe(10000n);
  });
});

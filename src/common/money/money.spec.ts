import { money, moneyOrNull } from './rupiah';

describe('money() reading database values', () => {
  it('reads int8 strings and safe integers as whole rupiah', () => {
    expect(money('1000000000')).toBe(1_000_000_000);
    expect(money('-5')).toBe(-5);
    expect(money(0)).toBe(0);
  });

  it('refuses null, fractions and anything beyond the safe integer range', () => {
    expect(() => money(null)).toThrow('money value is null');
    expect(() => money(undefined)).toThrow(RangeError);
    expect(() => money('1.5')).toThrow(RangeError);
    expect(() => money(1.5)).toThrow(RangeError);
    expect(() => money('9007199254740993')).toThrow(/safe integer/);
  });

  it('moneyOrNull keeps null and reads the rest like money()', () => {
    expect(moneyOrNull(null)).toBeNull();
    expect(moneyOrNull(undefined)).toBeNull();
    expect(moneyOrNull('42')).toBe(42);
    expect(() => moneyOrNull('x')).toThrow(RangeError);
  });
});

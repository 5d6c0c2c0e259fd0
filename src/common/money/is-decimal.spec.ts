import { hasDecimalPlaces } from './is-decimal.decorator';

describe('hasDecimalPlaces', () => {
  it('takes rates as typed, with up to the places allowed', () => {
    for (const v of [0, 1, 1.5, 2.65, 0.125, 0.0001, 100, -3.25]) expect(hasDecimalPlaces(v, 4)).toBe(true);
  });
  it('refuses more places, exponent forms, non-finite values and what is not a number, without throwing', () => {
    for (const v of [0.00001, 1.23456, 2e-323, -2.4788092085888405e-303, 1e21, 1.5e21, NaN, Infinity, -Infinity, '1.5', null, undefined, true, [1]]) {
      expect(hasDecimalPlaces(v, 4)).toBe(false);
    }
  });
});

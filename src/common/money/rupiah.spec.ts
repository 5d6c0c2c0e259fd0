import {
  MAX_RUPIAH,
  bigintMoneyTransformer,
  capitalizeFirst,
  formatNumberId,
  formatPercent,
  formatRupiah,
  isRupiah,
  percent,
  terbilang,
  terbilangRupiah,
} from './rupiah';

describe('formatNumberId', () => {
  it.each<[number | bigint | string, string]>([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1.000'],
    [1_000_000, '1.000.000'],
    [1_234_567_890, '1.234.567.890'],
    [-5000, '-5.000'],
    [10n ** 15n, '1.000.000.000.000.000'],
    ['7350000', '7.350.000'],
    [' 42 ', '42'],
  ])('%p → %s', (input, expected) => {
    expect(formatNumberId(input)).toBe(expected);
  });

  it.each([1.5, NaN, Infinity, 2 ** 53, '1.000', '12a', '', '1e6'])('refuses %p', (input) => {
    expect(() => formatNumberId(input as never)).toThrow(RangeError);
  });
});

describe('formatRupiah', () => {
  it.each<[number | bigint | string, string]>([
    [0, 'Rp 0'],
    [500, 'Rp 500'],
    [7_350_000, 'Rp 7.350.000'],
    [1_000_000_000, 'Rp 1.000.000.000'],
    [-5000, '-Rp 5.000'],
    [-1n, '-Rp 1'],
    ['200000000', 'Rp 200.000.000'],
    [MAX_RUPIAH, 'Rp 10.000.000.000.000'],
  ])('%p → %s', (input, expected) => {
    expect(formatRupiah(input)).toBe(expected);
  });

  it('uses a plain space, not NBSP, after Rp', () => {
    const s = formatRupiah(1000);
    expect(s.charCodeAt(2)).toBe(0x20);
    expect(s).not.toMatch(/\u00a0|\u202f/);
  });

  it('refuses fractions', () => {
    expect(() => formatRupiah(0.1 + 0.2)).toThrow(RangeError);
  });

  it('refuses non-numeric types', () => {
    expect(() => formatRupiah(null as never)).toThrow(TypeError);
    expect(() => formatRupiah({} as never)).toThrow(TypeError);
  });
});

describe('terbilang', () => {
  it.each<[number | bigint | string, string]>([
    [0, 'nol'],
    [1, 'satu'],
    [9, 'sembilan'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [19, 'sembilan belas'],
    [20, 'dua puluh'],
    [21, 'dua puluh satu'],
    [99, 'sembilan puluh sembilan'],
    [100, 'seratus'],
    [101, 'seratus satu'],
    [110, 'seratus sepuluh'],
    [111, 'seratus sebelas'],
    [115, 'seratus lima belas'],
    [200, 'dua ratus'],
    [999, 'sembilan ratus sembilan puluh sembilan'],
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [1100, 'seribu seratus'],
    [1111, 'seribu seratus sebelas'],
    [2000, 'dua ribu'],
    [11_000, 'sebelas ribu'],
    [100_000, 'seratus ribu'],
    [101_000, 'seratus satu ribu'],
    [110_000, 'seratus sepuluh ribu'],
    [1_000_000, 'satu juta'],
    [1_001_000, 'satu juta seribu'],
    [1_000_001, 'satu juta satu'],
    [7_350_000, 'tujuh juta tiga ratus lima puluh ribu'],
    [200_000_000, 'dua ratus juta'],
    [352_900_000, 'tiga ratus lima puluh dua juta sembilan ratus ribu'],
    [1_000_000_000, 'satu miliar'],
    [
      1_234_567_890,
      'satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu delapan ratus sembilan puluh',
    ],
    [1_000_001_000, 'satu miliar seribu'],
    [10 ** 12, 'satu triliun'],
    [3 * 10 ** 12, 'tiga triliun'],
    [MAX_RUPIAH, 'sepuluh triliun'],
    [10n ** 15n, 'satu kuadriliun'],
    [-5000, 'minus lima ribu'],
    [-1, 'minus satu'],
    ['1000', 'seribu'],
  ])('%p → %s', (input, expected) => {
    expect(terbilang(input)).toBe(expected);
  });

  it('is exact in bigint up to 10^15', () => {
    expect(terbilang(999_999_999_999_999n)).toBe(
      'sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh sembilan miliar ' +
        'sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu ' +
        'sembilan ratus sembilan puluh sembilan',
    );
    expect(terbilang('1000000000000001')).toBe('satu kuadriliun satu');
  });

  it('says "miliar" (KBBI), never "milyar"', () => {
    expect(terbilang(2_500_000_000)).toBe('dua miliar lima ratus juta');
    expect(terbilang(2_500_000_000)).not.toContain('milyar');
  });

  it('never doubles or leaves stray spaces', () => {
    for (const n of [1, 10, 100, 1000, 10_000, 1_000_000, 1_000_000_000, 1_000_000_001, 1_010_101_010]) {
      expect(terbilang(n)).toMatch(/^\S+( \S+)*$/);
    }
  });

  it('refuses fractions and amounts of 10^18 or more', () => {
    expect(() => terbilang(1.5)).toThrow(RangeError);
    expect(() => terbilang(10n ** 18n)).toThrow(RangeError);
  });
});

describe('terbilangRupiah and capitalizeFirst', () => {
  it('appends rupiah', () => {
    expect(terbilangRupiah(0)).toBe('nol rupiah');
    expect(terbilangRupiah(1_000_000_000)).toBe('satu miliar rupiah');
    expect(terbilangRupiah(-2000)).toBe('minus dua ribu rupiah');
  });

  it('capitalises for printing', () => {
    expect(capitalizeFirst(terbilangRupiah(1_000_000_000))).toBe('Satu miliar rupiah');
    expect(capitalizeFirst('')).toBe('');
    expect(capitalizeFirst('A')).toBe('A');
  });
});

describe('isRupiah', () => {
  it('accepts safe integers within ±10^13', () => {
    expect(isRupiah(1)).toBe(true);
    expect(isRupiah(7_350_000)).toBe(true);
    expect(isRupiah(MAX_RUPIAH)).toBe(true);
  });

  it('accepts zero by default, refuses it when allowZero is false', () => {
    expect(isRupiah(0)).toBe(true);
    expect(isRupiah(-0)).toBe(true);
    expect(isRupiah(0, { allowZero: false })).toBe(false);
    expect(isRupiah(1, { allowZero: false })).toBe(true);
  });

  it('refuses negatives unless allowNegative', () => {
    expect(isRupiah(-1)).toBe(false);
    expect(isRupiah(-1, { allowNegative: true })).toBe(true);
    expect(isRupiah(-MAX_RUPIAH, { allowNegative: true })).toBe(true);
    expect(isRupiah(-MAX_RUPIAH - 1, { allowNegative: true })).toBe(false);
  });

  it.each([MAX_RUPIAH + 1, 1.5, 0.1 + 0.2, NaN, Infinity, -Infinity, '1000', 1000n, null, undefined, {}, [1000], true])(
    'refuses %p',
    (v) => {
      expect(isRupiah(v, { allowNegative: true })).toBe(false);
    },
  );
});

describe('bigintMoneyTransformer', () => {
  const { from, to } = bigintMoneyTransformer;

  it('turns pg int8 strings into numbers', () => {
    expect(from('0')).toBe(0);
    expect(from('7350000')).toBe(7_350_000);
    expect(from('-5000')).toBe(-5000);
    expect(from(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('passes null through (nullable columns)', () => {
    expect(from(null)).toBeNull();
    expect(to(null)).toBeNull();
    expect(to(undefined)).toBeUndefined();
  });

  it('throws on values beyond the safe integer range instead of rounding', () => {
    expect(() => from('9007199254740993')).toThrow(RangeError);
    expect(() => from('-9007199254740993')).toThrow(RangeError);
  });

  it('throws on anything that is not an integer string', () => {
    for (const bad of ['1.5', '', 'abc', '1e3', ' 1', {}, true]) {
      expect(() => from(bad)).toThrow(RangeError);
    }
    expect(() => from(1.5)).toThrow(RangeError);
    expect(from(42)).toBe(42);
  });

  it('passes integers through on write', () => {
    expect(to(0)).toBe(0);
    expect(to(7_350_000)).toBe(7_350_000);
    expect(to(-1)).toBe(-1);
  });

  it('refuses non-integers on write', () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, '1000', 1000n, {}]) {
      expect(() => to(bad)).toThrow(RangeError);
    }
  });
});

describe('percent', () => {
  it.each<[number | bigint | string, number | bigint | string, number]>([
    [0, 0, 0],
    [100, 0, 0],
    [0, 1000, 0],
    [4567, 10_000, 45.67],
    [1, 3, 33.33],
    [2, 3, 66.67],
    [1, 1, 100],
    [3, 2, 150],
    [1, 8, 12.5],
    // 0.125% exactly: the half rounds up.
    [1, 800, 0.13],
    [7_350_000, 200_000_000, 3.68],
    [MAX_RUPIAH - 1, MAX_RUPIAH, 100],
    [2, MAX_RUPIAH, 0],
    [MAX_RUPIAH / 2, MAX_RUPIAH, 50],
    ['150000', '200000', 75],
    [-1, 3, -33.33],
    [1, 200_000, 0],
  ])('percent(%p, %p) = %p', (part, whole, expected) => {
    expect(percent(part, whole)).toBe(expected);
  });

  it('rounds halves away from zero, symmetric for negatives', () => {
    expect(percent(1, 800)).toBe(0.13);
    expect(percent(-1, 800)).toBe(-0.13); // Math.round(-12.5) would give -0.12
    expect(percent(1005, 100_000)).toBe(1.01);
    expect(percent(285, 100_000)).toBe(0.29);
  });

  it('stays exact where part * 10000 exceeds the safe integer range', () => {
    const t = 100_000_001;
    expect(percent(12_345 * t, 20_000 * t)).toBe(61.73);
    expect(percent(123_456_789_012_345n, 1_000_000_000_000_000n)).toBe(12.35);
  });

  it('never returns -0', () => {
    expect(Object.is(percent(-1, 1_000_000), 0)).toBe(true);
  });

  it('refuses fractional inputs', () => {
    expect(() => percent(1.5, 3)).toThrow(RangeError);
  });
});

describe('formatPercent', () => {
  it.each<[number, string]>([
    [45.67, '45,67'],
    [0, '0,00'],
    [100, '100,00'],
    [12.5, '12,50'],
    [0.13, '0,13'],
    [1234.5, '1.234,50'],
    [-33.33, '-33,33'],
    [-0, '0,00'],
    [-0.001, '0,00'],
  ])('%p → %s', (p, expected) => {
    expect(formatPercent(p)).toBe(expected);
  });

  it('refuses NaN and Infinity', () => {
    expect(() => formatPercent(NaN)).toThrow(RangeError);
    expect(() => formatPercent(Infinity)).toThrow(RangeError);
  });
});

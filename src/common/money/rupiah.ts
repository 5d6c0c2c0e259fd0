import type { ValueTransformer } from 'typeorm';

export type RupiahInput = number | bigint | string;

// 10^13 rupiah: far above any kelurahan or city budget, far below Number.MAX_SAFE_INTEGER.
export const MAX_RUPIAH = 10_000_000_000_000;

const INTEGER_STRING = /^-?\d+$/;

// Every public helper funnels through here so a float or a malformed string never reaches the arithmetic.
function toBigInt(n: RupiahInput): bigint {
  if (typeof n === 'bigint') return n;
  if (typeof n === 'number') {
    if (!Number.isSafeInteger(n)) throw new RangeError(`Not a whole rupiah amount: ${n}`);
    return BigInt(n);
  }
  if (typeof n === 'string') {
    const s = n.trim();
    if (!INTEGER_STRING.test(s)) throw new RangeError(`Not a whole rupiah amount: "${n}"`);
    return BigInt(s);
  }
  throw new TypeError(`Not a whole rupiah amount: ${String(n)}`);
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

// Grouped by hand (not Intl) so output is identical on every ICU build and exact for bigint.
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function formatNumberId(n: RupiahInput): string {
  const v = toBigInt(n);
  return (v < 0n ? '-' : '') + groupThousands(abs(v).toString());
}

export function formatRupiah(n: RupiahInput): string {
  const v = toBigInt(n);
  // Plain U+0020 after "Rp", never NBSP, so PDF text extraction matches what tests expect.
  return (v < 0n ? '-' : '') + 'Rp ' + groupThousands(abs(v).toString());
}

const DIGIT_WORDS = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'];
// Index i names 1000^i; stops at kuadriliun (10^15), so anything below 10^18 has words.
const SCALE_WORDS = ['', 'ribu', 'juta', 'miliar', 'triliun', 'kuadriliun'];
const TERBILANG_LIMIT = 10n ** 18n;

function wordsBelowThousand(n: number): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 1) words.push('seratus');
  else if (hundreds > 1) words.push(DIGIT_WORDS[hundreds], 'ratus');

  if (rest === 0) return words;
  if (rest < 10) words.push(DIGIT_WORDS[rest]);
  else if (rest === 10) words.push('sepuluh');
  else if (rest === 11) words.push('sebelas');
  else if (rest < 20) words.push(DIGIT_WORDS[rest - 10], 'belas');
  else {
    words.push(DIGIT_WORDS[Math.floor(rest / 10)], 'puluh');
    if (rest % 10 > 0) words.push(DIGIT_WORDS[rest % 10]);
  }
  return words;
}

export function terbilang(n: RupiahInput): string {
  const v = toBigInt(n);
  if (v === 0n) return 'nol';
  let rest = abs(v);
  if (rest >= TERBILANG_LIMIT) throw new RangeError(`Amount too large for terbilang: ${v}`);

  const groups: number[] = [];
  while (rest > 0n) {
    groups.push(Number(rest % 1000n));
    rest /= 1000n;
  }

  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === 0) continue;
    // "seribu", not "satu ribu"; but "satu juta", "satu miliar".
    if (i === 1 && g === 1) words.push('seribu');
    else words.push(...wordsBelowThousand(g), ...(SCALE_WORDS[i] ? [SCALE_WORDS[i]] : []));
  }
  return (v < 0n ? 'minus ' : '') + words.join(' ');
}

export function terbilangRupiah(n: RupiahInput): string {
  return `${terbilang(n)} rupiah`;
}

export function capitalizeFirst(s: string): string {
  return s.length === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

export interface RupiahRangeOptions {
  allowZero?: boolean;
  allowNegative?: boolean;
}

// Only a JS number counts: DTOs must carry amounts as JSON numbers, never strings or floats.
export function isRupiah(v: unknown, options: RupiahRangeOptions = {}): v is number {
  const { allowZero = true, allowNegative = false } = options;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
  if (Math.abs(v) > MAX_RUPIAH) return false;
  if (v === 0) return allowZero;
  if (v < 0) return allowNegative;
  return true;
}

// pg returns int8 as a string; a number is only safe below 2^53, so anything beyond is an error, not a rounding.
export const bigintMoneyTransformer: ValueTransformer = {
  from(value: unknown): number | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`bigint money column holds a non-integer: ${value}`);
      return value;
    }
    if (typeof value !== 'string' || !INTEGER_STRING.test(value)) {
      throw new RangeError(`bigint money column holds a non-integer: ${String(value)}`);
    }
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint money column exceeds the safe integer range: ${value}`);
    return n;
  },
  to(value: unknown): number | null | undefined {
    if (value === null || value === undefined) return value;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new RangeError(`Refusing to store a non-integer rupiah amount: ${String(value)}`);
    }
    return value;
  },
};

// Half away from zero, computed in bigint so large sums and x.xx5 boundaries round exactly.
export function percent(part: RupiahInput, whole: RupiahInput): number {
  const p = toBigInt(part);
  const w = toBigInt(whole);
  if (w === 0n) return 0;
  const num = abs(p) * 10000n;
  const den = abs(w);
  const hundredths = (2n * num + den) / (2n * den);
  const negative = p < 0n !== w < 0n;
  if (hundredths === 0n) return 0;
  return (negative ? -Number(hundredths) : Number(hundredths)) / 100;
}

export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) throw new RangeError(`Not a finite percentage: ${p}`);
  const hundredths = Math.round(Math.abs(p) * 100);
  const sign = p < 0 && hundredths > 0 ? '-' : '';
  const whole = Math.floor(hundredths / 100);
  const frac = String(hundredths % 100).padStart(2, '0');
  return `${sign}${groupThousands(String(whole))},${frac}`;
}

/**
 * A money value read from PostgreSQL (int8 arrives as a string) as a safe whole-rupiah number. NULL is refused:
 * a column or sum that may be NULL is read with `moneyOrNull`, or coalesced in SQL.
 */
export function money(value: unknown): number {
  const n = bigintMoneyTransformer.from(value);
  if (n === null) throw new RangeError('money value is null');
  return n as number;
}

/** Like `money`, but NULL (no allocation, no version in force …) stays null. */
export function moneyOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : money(value);
}

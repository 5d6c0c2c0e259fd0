// volume × unit price in whole rupiah, exactly: volume has at most 2 decimals, so work in hundredths with bigint.

// numeric(14, 2): at most 12 integer digits.
export const MAX_VOLUME_HUNDREDTHS = 10n ** 14n - 1n;

/** The volume in hundredths, or null when it is not a positive number with at most 2 decimals in range. */
export function volumeHundredths(v: unknown): bigint | null {
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= 0) return null;
    s = String(v);
  } else if (typeof v === 'string') {
    s = v.trim();
  } else return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null; // also refuses exponent forms such as 1e-7 and more than 2 decimals
  const h = BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  if (h <= 0n || h > MAX_VOLUME_HUNDREDTHS) return null;
  return h;
}

/** Half up (amounts are never negative): 2.5 × 3 = 7.5 → 8. */
export function lineAmount(volume: unknown, unitPrice: number): bigint {
  const h = volumeHundredths(volume);
  if (h === null) throw new RangeError(`Not a plan line volume: ${String(volume)}`);
  if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) throw new RangeError(`Not a unit price: ${unitPrice}`);
  return (h * BigInt(unitPrice) + 50n) / 100n;
}

/** numeric(14,2) as pg returns it ("12.50") → a JSON number (12.5). */
export function volumeToNumber(s: string | number): number {
  return typeof s === 'number' ? s : Number(s);
}

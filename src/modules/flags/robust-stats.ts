/**
 * Robust statistics for unit prices: the median and the median absolute deviation (MAD) are not moved by the
 * very outlier they are meant to find, unlike the mean and the standard deviation.
 */

/** The median of the values (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median absolute deviation from the median: median(|x − median(x)|). */
export function mad(values: readonly number[]): number {
  const med = median(values);
  return median(values.map((v) => Math.abs(v - med)));
}

/** 1 / Φ⁻¹(3/4): scales the MAD to the standard deviation of a normal distribution. */
export const MAD_TO_SIGMA = 1.4826;

export interface RobustPosition {
  median: number;
  mad: number;
  /** the spread used: max(1.4826 × MAD, minRelativeSpread × median), so identical prices do not make every change infinite */
  scale: number;
  /** (x − median) / scale */
  z: number;
  /** share of the group at or below x, 0…1 */
  percentile: number;
}

/** Where `x` sits in `group` (which includes x). */
export function robustPosition(x: number, group: readonly number[], minRelativeSpread: number): RobustPosition {
  const med = median(group);
  const d = mad(group);
  const scale = Math.max(MAD_TO_SIGMA * d, minRelativeSpread * Math.abs(med));
  const z = scale > 0 ? (x - med) / scale : x === med ? 0 : Infinity * Math.sign(x - med);
  const percentile = group.filter((v) => v <= x).length / group.length;
  return { median: med, mad: d, scale, z, percentile };
}

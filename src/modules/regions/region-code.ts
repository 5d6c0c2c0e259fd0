import type { RegionLevel } from './region.entity';

// Kemendagri codes: PP, PP.KK, PP.KK.CC, PP.KK.CC.1NNN (1 = kelurahan, 2 = desa).
const SHAPES: Array<[RegExp, RegionLevel]> = [
  [/^\d{2}$/, 'provinsi'],
  [/^\d{2}\.\d{2}$/, 'kabkota'],
  [/^\d{2}\.\d{2}\.\d{2}$/, 'kecamatan'],
  [/^\d{2}\.\d{2}\.\d{2}\.1\d{3}$/, 'kelurahan'],
];

export const REGION_CODE_PATTERN = /^\d{2}(\.\d{2}(\.\d{2}(\.1\d{3})?)?)?$/;

export function levelOfCode(code: string): RegionLevel | null {
  for (const [re, level] of SHAPES) if (re.test(code)) return level;
  return null;
}

export function parentOfCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

/** The code itself and every ancestor, nearest first. */
export function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c; c = parentOfCode(c)) out.push(c);
  return out;
}

/** True when `code` is `scope` or lies beneath it: a dotted-prefix test. */
export function isWithin(code: string, scope: string): boolean {
  return code === scope || code.startsWith(scope + '.');
}

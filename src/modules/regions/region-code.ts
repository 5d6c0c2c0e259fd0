import { ValidateBy, ValidationOptions } from 'class-validator';
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

/**
 * The one region-code validator: a Kemendagri code of one of `levels` (any level when none is given).
 * A desa code (PP.KK.CC.2NNN) is no kelurahan and is never accepted.
 */
export function isRegionCode(v: unknown, ...levels: RegionLevel[]): v is string {
  if (typeof v !== 'string') return false;
  const level = levelOfCode(v);
  return level !== null && (levels.length === 0 || levels.includes(level));
}

const EXAMPLE: Record<RegionLevel, string> = { provinsi: '35', kabkota: '35.73', kecamatan: '35.73.01', kelurahan: '35.73.01.1001' };
const LEVEL_NAME: Record<RegionLevel, string> = { provinsi: 'provinsi', kabkota: 'kab/kota', kecamatan: 'kecamatan', kelurahan: 'kelurahan' };

/** The validator as a DTO decorator: `@IsRegionCode('kelurahan')`, or `@IsRegionCode()` for any level. */
export function IsRegionCode(levels: RegionLevel | RegionLevel[] = [], options?: ValidationOptions): PropertyDecorator {
  const wanted = Array.isArray(levels) ? levels : [levels];
  return ValidateBy(
    {
      name: 'isRegionCode',
      validator: {
        validate: (v) => isRegionCode(v, ...wanted),
        defaultMessage: (args) => {
          const field = args?.property ?? 'kode';
          if (wanted.length !== 1) return `${field} harus kode wilayah Kemendagri, mis. 35.73.01`;
          return `${field} harus kode ${LEVEL_NAME[wanted[0]]}, mis. ${EXAMPLE[wanted[0]]}`;
        },
      },
    },
    options,
  );
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

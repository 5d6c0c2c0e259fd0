import { REGION_CODE_PATTERN } from '../regions/region-code';

/** What the registry issues: the kinds of PDF the system serves. */
export const DOCUMENT_KINDS = ['realisasi', 'plan', 'bku', 'pajak', 'lpj'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const NUMBER_PATTERN = /^DK\/(\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.1\d{3})?)?)?)\/(\d{4})\/(\d{6,})$/;

/** 'DK/35.73.01.1001/2026/000123': region, year, and the region's running number in that year (zero-padded to 6). */
export function formatDocumentNumber(regionCode: string, year: number, no: number): string {
  if (!REGION_CODE_PATTERN.test(regionCode)) throw new RangeError(`bad region code ${regionCode}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`bad year ${year}`);
  if (!Number.isSafeInteger(no) || no < 1) throw new RangeError(`bad running number ${no}`);
  return `DK/${regionCode}/${year}/${String(no).padStart(6, '0')}`;
}

export function parseDocumentNumber(number: string): { regionCode: string; year: number; no: number } | null {
  const m = NUMBER_PATTERN.exec(number);
  if (!m) return null;
  const no = Number(m[3]);
  // One spelling per number: no extra leading zeros beyond the 6-digit padding.
  if (!Number.isSafeInteger(no) || formatDocumentNumber(m[1], Number(m[2]), no) !== number) return null;
  return { regionCode: m[1], year: Number(m[2]), no };
}

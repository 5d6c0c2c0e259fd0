import { badRequest } from '../../common/errors/app-error';

// Dana kelurahan began with TA 2019; a plan or pagu may be prepared at most one year ahead.
export const FIRST_FISCAL_YEAR = 2019;

export function lastFiscalYear(now = new Date()): number {
  return now.getFullYear() + 1;
}

export function isFiscalYear(v: unknown, now = new Date()): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= FIRST_FISCAL_YEAR && v <= lastFiscalYear(now);
}

/** A year from a path, query or body: 400 YEAR_OUT_OF_RANGE naming the field when it is not 2019..next year. */
export function parseFiscalYear(raw: unknown, field = 'year'): number {
  const n = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : raw;
  if (isFiscalYear(n)) return n;
  const message = `Tahun anggaran harus antara ${FIRST_FISCAL_YEAR} dan ${lastFiscalYear()}`;
  throw badRequest('YEAR_OUT_OF_RANGE', message, [{ field, message }]);
}

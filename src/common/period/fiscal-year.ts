import { ValidateBy, ValidationOptions } from 'class-validator';
import { COMMON_ERRORS } from '../errors/common.errors';

// Dana kelurahan began with TA 2019; a plan or pagu may be prepared at most one year ahead. Reading (reports,
// lists) may ask for any year a record could carry, up to 2100 as the database CHECKs say: it is simply empty.
export const FIRST_FISCAL_YEAR = 2019;
export const LAST_READABLE_YEAR = 2100;

/** 'plan': a year something may be planned or budgeted for; 'read': a year a report or list may ask about. */
export type FiscalYearUse = 'plan' | 'read';

export function lastFiscalYear(now = new Date(), use: FiscalYearUse = 'plan'): number {
  return use === 'read' ? LAST_READABLE_YEAR : now.getFullYear() + 1;
}

/** The one fiscal-year rule: a whole year from 2019 to next year (to plan) or to 2100 (to read). */
export function isFiscalYear(v: unknown, now = new Date(), use: FiscalYearUse = 'plan'): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= FIRST_FISCAL_YEAR && v <= lastFiscalYear(now, use);
}

/** A year from a path, query or body: 400 YEAR_OUT_OF_RANGE naming the field when it is not 2019..next year. */
export function parseFiscalYear(raw: unknown, field = 'year'): number {
  const n = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : raw;
  if (isFiscalYear(n)) return n;
  const e = COMMON_ERRORS.error('YEAR_OUT_OF_RANGE', FIRST_FISCAL_YEAR, lastFiscalYear());
  throw e.with([{ field, message: e.message }]);
}

/** DTO form of the same rule (use after `@Type(() => Number)`): a 400 VALIDATION_FAILED naming the field. */
export function IsFiscalYear(use: FiscalYearUse = 'read', options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFiscalYear',
      validator: {
        validate: (v) => isFiscalYear(v, new Date(), use),
        defaultMessage: (args) => `${args?.property ?? 'year'} harus antara ${FIRST_FISCAL_YEAR} dan ${lastFiscalYear(new Date(), use)}`,
      },
    },
    options,
  );
}

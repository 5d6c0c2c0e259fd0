import { plainToInstance, Type } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppError } from '../errors/app-error';
import { FIRST_FISCAL_YEAR, IsFiscalYear, isFiscalYear, lastFiscalYear, parseFiscalYear } from './fiscal-year';

class Q {
  @Type(() => Number)
  @IsFiscalYear('plan')
  year!: number;
}

class ReportQ {
  @Type(() => Number)
  @IsFiscalYear()
  year!: number;
}

describe('the fiscal-year rule', () => {
  const next = new Date().getFullYear() + 1;

  it('is 2019 to next year, whole years only', () => {
    expect(FIRST_FISCAL_YEAR).toBe(2019);
    expect(lastFiscalYear(new Date('2026-12-31T12:00:00Z'))).toBe(2027);
    expect(isFiscalYear(2019)).toBe(true);
    expect(isFiscalYear(next)).toBe(true);
    for (const bad of [2018, next + 1, 2100, 2026.5, '2026', null]) expect(isFiscalYear(bad)).toBe(false);
  });

  it('parses path and query text, refusing with YEAR_OUT_OF_RANGE naming the field', () => {
    expect(parseFiscalYear('2026')).toBe(2026);
    expect(parseFiscalYear(2026)).toBe(2026);
    for (const bad of ['2018', '20266', '2026a', String(next + 1), ' 2026']) {
      let caught: unknown;
      try {
        parseFiscalYear(bad, 'tahun');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect(caught).toMatchObject({ status: 400, code: 'YEAR_OUT_OF_RANGE', message: `Tahun anggaran harus antara 2019 dan ${next}`, details: [{ field: 'tahun' }] });
    }
  });

  it('is the same rule as a DTO decorator', () => {
    expect(validateSync(plainToInstance(Q, { year: '2026' }))).toEqual([]);
    const [e] = validateSync(plainToInstance(Q, { year: '2100' }));
    expect(e.property).toBe('year');
    expect(e.constraints).toEqual({ isFiscalYear: `year harus antara 2019 dan ${next}` });
  });

  it('lets a report or list read any year a record may carry, 2019 to 2100', () => {
    expect(isFiscalYear(2100, new Date(), 'read')).toBe(true);
    expect(isFiscalYear(2101, new Date(), 'read')).toBe(false);
    expect(isFiscalYear(2018, new Date(), 'read')).toBe(false);
    expect(validateSync(plainToInstance(ReportQ, { year: '2031' }))).toEqual([]);
    const [e] = validateSync(plainToInstance(ReportQ, { year: '2101' }));
    expect(e.constraints).toEqual({ isFiscalYear: 'year harus antara 2019 dan 2100' });
  });
});

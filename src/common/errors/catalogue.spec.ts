import { AppError } from './app-error';
import { defineErrors, statusTable } from './catalogue';
import { HttpExceptionFilter } from './http-exception.filter';

const A = defineErrors({
  A_MISSING: { status: 404, message: 'A tidak ditemukan' },
  A_TOO_MUCH: { status: 422, message: (amount: number, limit: number) => `Jumlah ${amount} melebihi ${limit}` },
});
const B = defineErrors({ B_TAKEN: { status: 409, message: 'B sudah ada' } });

describe('error catalogues', () => {
  it('build AppErrors with the declared status and message, arguments typed per code', () => {
    const e = A.error('A_TOO_MUCH', 5, 3);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 422, code: 'A_TOO_MUCH', message: 'Jumlah 5 melebihi 3', details: [] });
    expect(A.error('A_MISSING')).toMatchObject({ status: 404, code: 'A_MISSING', message: 'A tidak ditemukan' });
    // @ts-expect-error a code the catalogue does not declare does not compile
    expect(() => A.error('A_UNKNOWN')).toThrow(TypeError);
    // @ts-expect-error a message's values are required
    expect(A.error('A_TOO_MUCH').message).toBe('Jumlah undefined melebihi undefined');
  });

  it('do not compile a code declared without a status', () => {
    // @ts-expect-error status is required
    const loose = defineErrors({ C_NO_STATUS: { message: 'tanpa status' } });
    expect(statusTable(loose)).toEqual({ C_NO_STATUS: undefined });
  });

  it('attach details naming the field', () => {
    const e = B.error('B_TAKEN').with([{ field: 'username', message: 'sudah dipakai' }]);
    expect(e.details).toEqual([{ field: 'username', message: 'sudah dipakai' }]);
  });

  it('make one code → status table, refusing a code declared twice or not UPPER_SNAKE', () => {
    expect(statusTable(A, B)).toEqual({ A_MISSING: 404, A_TOO_MUCH: 422, B_TAKEN: 409 });
    expect(() => statusTable(A, defineErrors({ A_MISSING: { status: 400, message: 'x' } }))).toThrow('error code A_MISSING is declared twice');
    expect(() => statusTable(defineErrors({ lower: { status: 400, message: 'x' } }))).toThrow(/UPPER_SNAKE/);
  });

  it('are what the global filter answers with: the status comes from the table', () => {
    const filter = new HttpExceptionFilter(statusTable(A, B));
    expect(filter.toBody(A.error('A_TOO_MUCH', 2, 1))).toEqual({ statusCode: 422, code: 'A_TOO_MUCH', message: 'Jumlah 2 melebihi 1', details: [] });
    // A stored refusal replayed with a stale status still answers with the table's.
    expect(filter.toBody(new AppError(400, 'B_TAKEN', 'B sudah ada')).statusCode).toBe(409);
  });
});

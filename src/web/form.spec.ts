import { IsInt, IsString, MaxLength } from 'class-validator';
import { AppError } from '../common/errors/app-error';
import { IsRupiah } from '../common/money/is-rupiah.decorator';
import { formErrorsFrom, parseForm, parseIdNumber } from './form';

class SampleDto {
  @IsString()
  @MaxLength(5)
  name: string;

  @IsRupiah({ positive: true })
  unitPrice: number;

  @IsInt()
  year: number;
}

describe('web forms', () => {
  it('reads Indonesian numbers', () => {
    expect(parseIdNumber('1.250.000')).toBe(1250000);
    expect(parseIdNumber('Rp 30.000')).toBe(30000);
    expect(parseIdNumber('2,5')).toBe(2.5);
    expect(parseIdNumber('12')).toBe(12);
    expect(parseIdNumber('abc')).toBe('abc');
    expect(parseIdNumber('1,2,3')).toBe('1,2,3');
  });

  it('validates with the DTO and names the field by its label', async () => {
    const r = await parseForm(SampleDto, { name: 'terlalu panjang', unitPrice: '0', year: '2026' }, { labels: { unitPrice: 'Harga satuan', name: 'Nama' }, numbers: ['unitPrice', 'year'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['name', 'unitPrice']);
    expect(r.errors.unitPrice).toMatch(/^Harga satuan harus berupa bilangan bulat rupiah/);
    expect(r.errors.name).toMatch(/^Nama/);
  });

  it('accepts a good form and refuses unknown fields like the API', async () => {
    const ok = await parseForm(SampleDto, { name: 'Jalan', unitPrice: '1.500.000', year: '2026' }, { numbers: ['unitPrice', 'year'] });
    expect(ok).toEqual({ ok: true, value: expect.objectContaining({ name: 'Jalan', unitPrice: 1500000, year: 2026 }) });
    const extra = await parseForm(SampleDto, { name: 'Jalan', unitPrice: '1', year: '2026', hacker: 'x' }, { numbers: ['unitPrice', 'year'] });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.errors.hacker).toBeDefined();
  });

  it('puts a service refusal next to its field, rethrows what is not a form error', () => {
    const e = new AppError(400, 'VALIDATION_FAILED', 'Data tidak valid', [{ field: 'unitPrice', message: 'unitPrice terlalu besar' }]);
    expect(formErrorsFrom(e, { labels: { unitPrice: 'Harga satuan' } })).toEqual({ unitPrice: 'Harga satuan terlalu besar' });
    expect(formErrorsFrom(new AppError(409, 'PLAN_NOT_EDITABLE', 'Rencana tidak dapat diubah'))).toEqual({ _form: 'Rencana tidak dapat diubah' });
    expect(() => formErrorsFrom(new AppError(404, 'PLAN_NOT_FOUND', 'x'))).toThrow(AppError);
    expect(() => formErrorsFrom(new Error('boom'))).toThrow('boom');
  });
});

import { plainToInstance } from 'class-transformer';
import { IsOptional, validate } from 'class-validator';
import { IS_RUPIAH, IsRupiah } from './is-rupiah.decorator';

class PaguDto {
  @IsRupiah()
  amount: number;
}

class SpendingDto {
  @IsRupiah({ positive: true })
  amount: number;

  @IsRupiah({ allowZero: false })
  unitPrice: number;

  @IsOptional()
  @IsRupiah()
  taxAmount?: number;
}

class EachDto {
  @IsRupiah({}, { each: true, message: 'rincian tidak valid' })
  amounts: number[];
}

async function errorsOf<T extends object>(cls: new () => T, plain: object) {
  return validate(plainToInstance(cls, plain));
}

describe('@IsRupiah', () => {
  it.each([0, 1, 7_350_000, 10_000_000_000_000])('accepts %p by default', async (amount) => {
    expect(await errorsOf(PaguDto, { amount })).toHaveLength(0);
  });

  it.each([-1, 1.5, 10_000_000_000_001, NaN, Infinity, '1000', null, undefined, true, [1000]])(
    'refuses %p',
    async (amount) => {
      const errors = await errorsOf(PaguDto, { amount });
      expect(errors).toHaveLength(1);
      expect(errors[0].property).toBe('amount');
      expect(Object.keys(errors[0].constraints ?? {})).toEqual([IS_RUPIAH]);
    },
  );

  it('explains the rule in Bahasa Indonesia', async () => {
    const [error] = await errorsOf(PaguDto, { amount: 12.5 });
    expect(error.constraints?.[IS_RUPIAH]).toBe(
      'amount harus berupa bilangan bulat rupiah (tanpa pecahan) antara 0 dan 10.000.000.000.000',
    );
  });

  it('refuses zero when positive or allowZero: false, and says the minimum is 1', async () => {
    const errors = await errorsOf(SpendingDto, { amount: 0, unitPrice: 0 });
    expect(errors.map((e) => e.property).sort()).toEqual(['amount', 'unitPrice']);
    for (const e of errors) {
      expect(e.constraints?.[IS_RUPIAH]).toBe(
        `${e.property} harus berupa bilangan bulat rupiah (tanpa pecahan) antara 1 dan 10.000.000.000.000`,
      );
    }
  });

  it('positive wins over allowZero: true', async () => {
    class Dto {
      @IsRupiah({ positive: true, allowZero: true })
      amount: number;
    }
    expect(await errorsOf(Dto, { amount: 0 })).toHaveLength(1);
    expect(await errorsOf(Dto, { amount: 1 })).toHaveLength(0);
  });

  it('accepts positive amounts and leaves optional fields alone', async () => {
    expect(await errorsOf(SpendingDto, { amount: 476_000, unitPrice: 30_000 })).toHaveLength(0);
    expect(await errorsOf(SpendingDto, { amount: 476_000, unitPrice: 30_000, taxAmount: 0 })).toHaveLength(0);
    expect(await errorsOf(SpendingDto, { amount: 476_000, unitPrice: 30_000, taxAmount: -1 })).toHaveLength(1);
  });

  it('does not coerce numeric strings, even through class-transformer', async () => {
    const dto = plainToInstance(PaguDto, { amount: '200000000' });
    expect(await validate(dto)).toHaveLength(1);
  });

  it('honours validation options such as each and message', async () => {
    expect(await errorsOf(EachDto, { amounts: [1, 2, 0] })).toHaveLength(0);
    const [error] = await errorsOf(EachDto, { amounts: [1, 2.5] });
    expect(error.constraints?.[IS_RUPIAH]).toBe('rincian tidak valid');
  });
});

import { registerDecorator, type ValidationOptions } from 'class-validator';
import { MAX_RUPIAH, formatNumberId, isRupiah } from './rupiah';

export interface IsRupiahOptions {
  allowZero?: boolean;
  positive?: boolean;
}

export const IS_RUPIAH = 'isRupiah';

// Amounts from clients are whole, non-negative rupiah as JSON numbers; zero only when the field allows it.
export function IsRupiah(options: IsRupiahOptions = {}, validationOptions?: ValidationOptions) {
  const allowZero = !options.positive && options.allowZero !== false;
  const min = allowZero ? 0 : 1;
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: IS_RUPIAH,
      target: target.constructor,
      propertyName,
      constraints: [{ allowZero }],
      options: {
        message: `$property harus berupa bilangan bulat rupiah (tanpa pecahan) antara ${min} dan ${formatNumberId(MAX_RUPIAH)}`,
        ...validationOptions,
      },
      validator: {
        validate: (value: unknown) => isRupiah(value, { allowZero, allowNegative: false }),
      },
    });
  };
}

import { registerDecorator, type ValidationOptions } from 'class-validator';

export const IS_DECIMAL = 'isDecimal';

/**
 * A finite JSON number written with at most `places` decimals, as a person types a tax rate (1,5 or 0,125).
 * class-validator's IsNumber({ maxDecimalPlaces }) throws on a number JavaScript prints in exponent form (2e-323),
 * which a client can send; such a number has more decimals than any rate, so it is refused here like any other.
 */
export function hasDecimalPlaces(value: unknown, places: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && new RegExp(`^-?\\d+(\\.\\d{1,${places}})?$`).test(String(value));
}

export function IsDecimal(places: number, validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: IS_DECIMAL,
      target: target.constructor,
      propertyName,
      constraints: [places],
      options: { message: `$property harus angka dengan paling banyak ${places} desimal`, ...validationOptions },
      validator: { validate: (value: unknown) => hasDecimalPlaces(value, places) },
    });
  };
}

import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { AppError, ErrorDetail } from './app-error';
import { COMMON_ERRORS } from './common.errors';
import { fieldLabel } from './field-labels';

// Indonesian wording for the class-validator constraints we use; anything else keeps the library's text.
const MESSAGES: Partial<Record<string, (field: string) => string>> = {
  whitelistValidation: (f) => `kolom ${f} tidak dikenal`,
  isDefined: (f) => `${f} wajib diisi`,
  isNotEmpty: (f) => `${f} wajib diisi`,
  isString: (f) => `${f} harus berupa teks`,
  isInt: (f) => `${f} harus berupa bilangan bulat`,
  isNumber: (f) => `${f} harus berupa angka`,
  isPositive: (f) => `${f} harus lebih besar dari nol`,
  min: (f) => `${f} terlalu kecil`,
  max: (f) => `${f} terlalu besar`,
  isIn: (f) => `${f} berisi nilai yang tidak dikenal`,
  isEnum: (f) => `${f} berisi nilai yang tidak dikenal`,
  matches: (f) => `${f} tidak sesuai format`,
  maxLength: (f) => `${f} terlalu panjang`,
  minLength: (f) => `${f} terlalu pendek`,
  isDateString: (f) => `${f} harus berupa tanggal YYYY-MM-DD`,
  isISO8601: (f) => `${f} harus berupa tanggal YYYY-MM-DD`,
  isBoolean: (f) => `${f} harus true atau false`,
  isUUID: (f) => `${f} harus berupa UUID`,
};

// Our own DTO messages are already Indonesian; only the library's English defaults are replaced.
const isLibraryDefault = (text: string) => /\b(should|must)\b/.test(text);

export function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const label = fieldLabel(field);
    const constraints = Object.entries(e.constraints ?? {});
    if (constraints.length && (e.value === undefined || e.value === null) && !('whitelistValidation' in (e.constraints ?? {}))) {
      // A missing value fails every rule of its field; "too long" or "not a string" would only mislead.
      out.push({ field, constraint: 'isDefined', message: `${label} wajib diisi` });
    } else {
      for (const [name, text] of constraints) {
        const custom = MESSAGES[name];
        const message = custom && isLibraryDefault(text) ? custom(name === 'whitelistValidation' ? field : label) : withLabel(text, e.property, label);
        out.push({ field, constraint: name, message });
      }
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

// Our own messages start with the API name of the field ("fullName wajib diisi"); a person reads its label.
const withLabel = (text: string, property: string, label: string) =>
  text.startsWith(`${property} `) ? `${label}${text.slice(property.length)}` : text;

export function validationFailed(details: ErrorDetail[], summary?: string): AppError {
  const fields = [...new Set(details.map((d) => d.field).filter((f): f is string => !!f))];
  return COMMON_ERRORS.error('VALIDATION_FAILED', fields.map(fieldLabel), summary).with(details);
}

/** 400 VALIDATION_FAILED naming one field: `throw invalidField('date', 'date tidak boleh melewati hari ini')`. */
export function invalidField(field: string, message: string, summary?: string): AppError {
  return validationFailed([{ field, message }], summary);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

import { fieldLabel } from '../common/errors/field-labels';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError, ErrorDetail } from '../common/errors/app-error';
import { flatten } from '../common/errors/validation';

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface FormOptions {
  /** Field → label as the form shows it; messages name the label, not the DTO property. */
  labels?: Record<string, string>;
  /** Fields typed as Indonesian numbers: `1.250.000` or `2,5`. */
  numbers?: string[];
}

/** `1.250.000` → 1250000, `2,5` → 2.5; anything else stays a string for the validator to refuse. */
export function parseIdNumber(raw: string): number | string {
  const s = raw.trim().replace(/\s|Rp/gi, '');
  if (!/^-?[\d.]*(,\d+)?$/.test(s) || !/\d/.test(s)) return raw;
  const n = Number(s.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : raw;
}

function relabel(message: string, field: string, labels: Record<string, string>): string {
  const label = labels[field];
  if (!label) return message;
  // The API names a field by its general label ("Jumlah"); a form names it as the person sees it ("Pagu").
  const general = fieldLabel(field);
  const named = message.startsWith(general) ? label + message.slice(general.length) : message;
  return named.split(field).join(label.toLowerCase()).replace(/^./, (c) => c.toUpperCase());
}

/** One message per field, the first the validator gave, in the form's words. */
export function fieldErrors(details: ErrorDetail[], opts: FormOptions = {}): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const field = d.field ?? '_form';
    if (field in out) continue;
    const label = opts.labels?.[field.split('.')[0]];
    // A value outside a picker's list: say what to do, not which codes exist.
    if ((d.constraint === 'isIn' || d.constraint === 'isEnum') && label) out[field] = `Pilih ${label.toLowerCase()} dari daftar`;
    else out[field] = relabel(d.message, field.split('.')[0], opts.labels ?? {});
  }
  return out;
}

/**
 * A posted form checked by the API's own DTO and rules (whitelist, no unknown fields): the same class-validator
 * pass the ValidationPipe makes, with blank fields left out and Indonesian numbers read as numbers.
 */
export async function parseForm<T extends object>(dto: new () => T, body: unknown, opts: FormOptions = {}): Promise<FormResult<T>> {
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && v.trim() === '') continue;
    plain[k] = typeof v === 'string' && opts.numbers?.includes(k) ? parseIdNumber(v) : v;
  }
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) return { ok: false, errors: fieldErrors(flatten(errors), opts) };
  return { ok: true, value };
}

/**
 * A service's refusal shown on the form: its field details next to their fields, the rest as the form's message.
 * Anything that is not a 4xx refusal is rethrown for the error page.
 */
export function formErrorsFrom(err: unknown, opts: FormOptions = {}): FieldErrors {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 403 || err.status === 401) throw err;
  const errors = fieldErrors(err.details.filter((d) => d.field), opts);
  if (!Object.keys(errors).length || err.details.some((d) => !d.field)) errors._form = err.message;
  return errors;
}

/** Errors of an action that has no fields of its own (submit, approve, delete): one message for the whole form. */
export function asFormError(errors: FieldErrors): FieldErrors {
  const messages = [...new Set(Object.values(errors))];
  return { _form: messages.join(' ') };
}

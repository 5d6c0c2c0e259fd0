import { registerDecorator, type ValidationOptions } from 'class-validator';

// The ledger's "today" is the civil date in WIB (Kota Malang, the demo Pemda); a UTC date would be a day behind
// every morning before 07:00.
export const LEDGER_TIME_ZONE = 'Asia/Jakarta';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today as YYYY-MM-DD in the ledger's time zone. */
export function todayIso(now: Date = new Date(), timeZone: string = LEDGER_TIME_ZONE): string {
  return dateFormat(timeZone).format(now);
}

// A formatter is costly to make (every write asks for today): one per time zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  // en-CA formats dates as YYYY-MM-DD.
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}

/** A real calendar day written YYYY-MM-DD (no 2025-02-30, no time part). */
export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !ISO_DATE.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

export function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}

/** Why a spending date is refused for a plan of `year`, or null when it is fine. */
export function spendingDateProblem(date: string, year: number, today: string): string | null {
  if (date > today) return `date tidak boleh melewati hari ini (${today})`;
  if (yearOf(date) !== year) return `date harus di dalam tahun anggaran ${year}`;
  return null;
}

/** A reversal is dated today, kept inside the plan's year (after the year is over it lands on 31 December). */
export function reversalDate(today: string, year: number): string {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return today < first ? first : today > last ? last : today;
}

export function IsCalendarDate(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: '$property harus berupa tanggal YYYY-MM-DD yang benar', ...validationOptions },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
  };
}

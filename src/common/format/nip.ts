// NIP PNS (Perka BKN 43/2007): YYYYMMDD birth, YYYYMM first appointment, gender 1/2, 3-digit sequence.
const NIP_PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{4})(\d{2})([12])(\d{3})$/;

const EARLIEST_BIRTH_YEAR = 1930;
const MIN_AGE_AT_APPOINTMENT = 17;
const MAX_AGE_AT_APPOINTMENT = 60;

export const MONTH_NAMES_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

// `today` bounds the dates from above; pass it in tests so they do not age.
export function isValidNip(s: unknown, today: Date = new Date()): s is string {
  if (typeof s !== 'string') return false;
  const m = NIP_PATTERN.exec(s);
  if (!m) return false;
  const [, by, bm, bd, ay, am, , seq] = m;
  const birthYear = Number(by);
  const birthMonth = Number(bm);
  const apptYear = Number(ay);
  const apptMonth = Number(am);
  const thisYear = today.getUTCFullYear();

  if (!isCalendarDate(birthYear, birthMonth, Number(bd)) || birthYear < EARLIEST_BIRTH_YEAR) return false;
  if (apptMonth < 1 || apptMonth > 12 || apptYear > thisYear + 1) return false;
  // Age in months, so someone born in December and appointed in January is not counted a year older.
  const ageMonths = (apptYear - birthYear) * 12 + (apptMonth - birthMonth);
  if (ageMonths < MIN_AGE_AT_APPOINTMENT * 12 || ageMonths > MAX_AGE_AT_APPOINTMENT * 12) return false;
  return seq !== '000';
}

// Groups 8-6-1-3 as printed under a signature; anything that is not 18 digits prints unchanged.
export function formatNip(s: string): string {
  const digits = s.replace(/\s+/g, '');
  if (!/^\d{18}$/.test(digits)) return s.trim();
  return `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`;
}

// Indonesia has no DST, so a fixed offset is exact; default WIB (UTC+7).
export const WIB_OFFSET_MINUTES = 7 * 60;

// A 'YYYY-MM-DD' string is a calendar date (pg `date`), never shifted by a time zone.
export function formatDateId(date: Date | string, utcOffsetMinutes: number = WIB_OFFSET_MINUTES): string {
  let year: number;
  let month: number;
  let day: number;
  if (typeof date === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m) throw new RangeError(`Not a YYYY-MM-DD date: "${date}"`);
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isCalendarDate(year, month, day)) throw new RangeError(`Not a calendar date: "${date}"`);
  } else {
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
    const shifted = new Date(date.getTime() + utcOffsetMinutes * 60_000);
    [year, month, day] = [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()];
  }
  return `${day} ${MONTH_NAMES_ID[month - 1]} ${year}`;
}

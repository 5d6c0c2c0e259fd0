import { MONTH_NAMES_ID, formatDateId, formatNip, isValidNip } from './nip';

const TODAY = new Date('2026-06-15T00:00:00Z');

describe('isValidNip', () => {
  it.each([
    '198409292010012006', // domain.md §8.2 example
    '199608182022041001',
    '197001011995031002',
    '200002292024012001', // born on a leap day
    '200012312018011001', // 17 years 1 month at appointment
    '196512312025121999', // exactly 60 at appointment
    '200201012027011001', // appointment next year (decree issued ahead)
  ])('accepts %s', (nip) => {
    expect(isValidNip(nip, TODAY)).toBe(true);
  });

  it.each([
    ['17 digits', '19840929201001200'],
    ['19 digits', '1984092920100120061'],
    ['spaces', '19840929 201001 2 006'],
    ['letters', '19840929201001200A'],
    ['empty', ''],
    ['birth month 13', '198413292010012006'],
    ['birth day 00', '198409002010012006'],
    ['30 February', '198402302010012006'],
    ['29 February in a common year', '198502292010012006'],
    ['birth year before 1930', '192901012010012006'],
    ['appointment month 00', '198409292010002006'],
    ['appointment month 13', '198409292010132006'],
    ['appointment month 21 (PPPK contract digits, not a PNS NIP)', '198409292021212006'],
    ['appointment two years ahead', '200001012028012001'],
    ['appointed before age 17', '200012012017112001'],
    ['appointed at over 60', '195001012011012001'],
    ['appointment before birth', '199001011985012001'],
    ['gender digit 0', '198409292010010006'],
    ['gender digit 3', '198409292010013006'],
    ['sequence 000', '198409292010012000'],
  ])('refuses %s', (_why, nip) => {
    expect(isValidNip(nip, TODAY)).toBe(false);
  });

  // eslint-disable-next-line no-loss-of-precision -- a NIP sent as a JSON number has already lost digits; that is the case tested
  it.each([198409292010012006, null, undefined, {}, ['198409292010012006']])('refuses non-string %p', (v) => {
    expect(isValidNip(v, TODAY)).toBe(false);
  });

  it('defaults today to the current date', () => {
    expect(isValidNip('198409292010012006')).toBe(true);
  });
});

describe('formatNip', () => {
  it('groups 8-6-1-3', () => {
    expect(formatNip('198409292010012006')).toBe('19840929 201001 2 006');
  });

  it('is idempotent on an already formatted NIP', () => {
    expect(formatNip('19840929 201001 2 006')).toBe('19840929 201001 2 006');
    expect(formatNip(' 198409292010012006 ')).toBe('19840929 201001 2 006');
  });

  it('prints anything that is not 18 digits unchanged (trimmed)', () => {
    expect(formatNip('-')).toBe('-');
    expect(formatNip(' 12345 ')).toBe('12345');
    expect(formatNip('')).toBe('');
  });
});

describe('formatDateId', () => {
  it.each<[string, string]>([
    ['2026-09-29', '29 September 2026'],
    ['2026-01-01', '1 Januari 2026'],
    ['2026-02-28', '28 Februari 2026'],
    ['2024-02-29', '29 Februari 2024'],
    ['2000-02-29', '29 Februari 2000'],
    ['2026-05-05', '5 Mei 2026'],
    ['2026-08-17', '17 Agustus 2026'],
    ['2026-12-31', '31 Desember 2026'],
  ])('treats %s as a calendar date', (input, expected) => {
    expect(formatDateId(input)).toBe(expected);
  });

  it.each(['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-04-00', '2026-4-1', '29-09-2026', '2026-09-29T00:00:00Z', ''])(
    'refuses %p',
    (input) => {
      expect(() => formatDateId(input)).toThrow(RangeError);
    },
  );

  it('reads a Date in WIB by default, whatever the process time zone', () => {
    // 17:00 UTC on the 28th is already 00:00 on the 29th in Jakarta.
    expect(formatDateId(new Date('2026-09-28T17:00:00Z'))).toBe('29 September 2026');
    expect(formatDateId(new Date('2026-09-28T16:59:59Z'))).toBe('28 September 2026');
    expect(formatDateId(new Date('2026-12-31T17:00:00Z'))).toBe('1 Januari 2027');
  });

  it('takes another fixed offset (WITA, WIT)', () => {
    expect(formatDateId(new Date('2026-09-28T15:00:00Z'), 9 * 60)).toBe('29 September 2026');
    expect(formatDateId(new Date('2026-09-28T15:00:00Z'), 8 * 60)).toBe('28 September 2026');
    expect(formatDateId(new Date('2026-09-28T23:59:59Z'), 0)).toBe('28 September 2026');
  });

  it('refuses an invalid Date', () => {
    expect(() => formatDateId(new Date('nope'))).toThrow(RangeError);
  });

  it('has the twelve Indonesian month names', () => {
    expect(MONTH_NAMES_ID).toHaveLength(12);
    expect(MONTH_NAMES_ID[4]).toBe('Mei');
  });
});

import { formatDocumentNumber, parseDocumentNumber } from './document-number';

describe('document numbers', () => {
  it('formats region, year and a zero-padded running number', () => {
    expect(formatDocumentNumber('35.73.01.1001', 2026, 123)).toBe('DK/35.73.01.1001/2026/000123');
    expect(formatDocumentNumber('35.73', 2026, 1)).toBe('DK/35.73/2026/000001');
    expect(formatDocumentNumber('35.73.01', 2026, 1234567)).toBe('DK/35.73.01/2026/1234567');
  });

  it('refuses what cannot be a number', () => {
    expect(() => formatDocumentNumber('35.7', 2026, 1)).toThrow(RangeError);
    expect(() => formatDocumentNumber('35.73', 26, 1)).toThrow(RangeError);
    expect(() => formatDocumentNumber('35.73', 2026, 0)).toThrow(RangeError);
    expect(() => formatDocumentNumber('35.73', 2026, 1.5)).toThrow(RangeError);
  });

  it('parses exactly what it formats, one spelling per number', () => {
    expect(parseDocumentNumber('DK/35.73.01.1001/2026/000123')).toEqual({ regionCode: '35.73.01.1001', year: 2026, no: 123 });
    expect(parseDocumentNumber('DK/35.73.01/2026/1234567')).toEqual({ regionCode: '35.73.01', year: 2026, no: 1234567 });
    for (const bad of ['DK/35.73.01.1001/2026/123', 'DK/35.73.01.1001/2026/0000123', 'dk/35.73/2026/000001', 'DK/35.73.01.2001/2026/000001', 'DK/35.73/2026/000001/x', '']) {
      expect(parseDocumentNumber(bad)).toBeNull();
    }
  });
});

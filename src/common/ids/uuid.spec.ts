import { isUuid, parseUuid } from './uuid';

describe('uuid', () => {
  it('accepts the hyphenated form in either case and nothing else', () => {
    expect(isUuid('0b7c4f6e-2a1d-4c3b-9e8f-1a2b3c4d5e6f')).toBe(true);
    expect(isUuid('0B7C4F6E-2A1D-4C3B-9E8F-1A2B3C4D5E6F')).toBe(true);
    for (const bad of ['', 'x', '0b7c4f6e2a1d4c3b9e8f1a2b3c4d5e6f', '0b7c4f6e-2a1d-4c3b-9e8f-1a2b3c4d5e6', ' 0b7c4f6e-2a1d-4c3b-9e8f-1a2b3c4d5e6f', 'g0000000-0000-0000-0000-000000000000', 42, null, undefined]) {
      expect(isUuid(bad)).toBe(false);
    }
  });

  it('parses to the lower-case form the database gives back', () => {
    expect(parseUuid('0B7C4F6E-2A1D-4C3B-9E8F-1A2B3C4D5E6F')).toBe('0b7c4f6e-2a1d-4c3b-9e8f-1a2b3c4d5e6f');
    expect(parseUuid('nope')).toBeNull();
  });
});

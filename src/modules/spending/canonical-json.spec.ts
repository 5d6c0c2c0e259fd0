import { canonicalJson, requestHash } from './canonical-json';

describe('canonical JSON and request hash', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
  });

  it('hashes equal bodies equally whatever the key order, and binds the route', () => {
    const a = requestHash('POST /api/spending', { amount: 1, date: '2026-01-01' });
    expect(requestHash('POST /api/spending', { date: '2026-01-01', amount: 1 })).toBe(a);
    expect(requestHash('POST /api/spending', { date: '2026-01-01', amount: 2 })).not.toBe(a);
    expect(requestHash('POST /api/spending/x/reverse', { amount: 1, date: '2026-01-01' })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

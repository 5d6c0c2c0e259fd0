import { createHash } from 'node:crypto';
import { canonicalHash, canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth in code-point order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, B: 2, é: 3 })).toBe('{"B":2,"a":1,"é":3}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('writes scalars as JSON does and undefined (top level or in an array) as null', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson([1, undefined, true])).toBe('[1,null,true]');
    expect(canonicalJson(0.1)).toBe('0.1');
  });

  it('keeps a key named __proto__ as a plain key', () => {
    const v = JSON.parse('{"__proto__":{"x":1}}');
    expect(canonicalJson(v)).toBe('{"__proto__":{"x":1}}');
  });

  it('refuses what JSON cannot say exactly, naming where it is', () => {
    expect(() => canonicalJson({ a: [1, NaN] })).toThrow('canonicalJson: $.a[1] is not a finite number');
    expect(() => canonicalJson({ a: Infinity })).toThrow(RangeError);
    expect(() => canonicalJson({ n: 1n })).toThrow('canonicalJson: $.n has unsupported type bigint');
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('hashes the canonical text, after an optional prefix line', () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(canonicalHash({ b: 1, a: 2 })).toBe(sha('{"a":2,"b":1}'));
    expect(canonicalHash({ b: 1, a: 2 }, 'POST /api/x')).toBe(sha('POST /api/x\n{"a":2,"b":1}'));
    expect(canonicalHash({ a: 1 }, 'POST /a')).not.toBe(canonicalHash({ a: 1 }, 'POST /b'));
  });
});

describe('canonicalHash as the request hash an Idempotency-Key is bound to', () => {
  it('hashes equal bodies equally whatever the key order, and binds the route', () => {
    const a = canonicalHash({ amount: 1, date: '2026-01-01' }, 'POST /api/spending');
    expect(canonicalHash({ date: '2026-01-01', amount: 1 }, 'POST /api/spending')).toBe(a);
    expect(canonicalHash({ date: '2026-01-01', amount: 2 }, 'POST /api/spending')).not.toBe(a);
    expect(canonicalHash({ amount: 1, date: '2026-01-01' }, 'POST /api/spending/x/reverse')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

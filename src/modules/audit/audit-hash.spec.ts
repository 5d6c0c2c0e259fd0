import { createHash } from 'node:crypto';
import { AuditContent, bodyOf, canonicalJson, GENESIS_HASH, hashEvent, hashLegacyEvent, partitionOf, storableJson, storableText } from './audit-hash';

const content = (over: Partial<AuditContent> = {}): AuditContent => ({
  seq: 1,
  at: '2026-03-01T02:15:00.123Z',
  actorId: null,
  actor: 'sistem',
  role: null,
  action: 'plan.submit',
  entity: 'plan',
  entityId: 'p1',
  regionCode: '35.73.01.1001',
  before: null,
  after: { total: 1000 },
  reason: null,
  ...over,
});

describe('audit hash', () => {
  it('serialises with keys sorted at every depth, whatever the insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('hashes the previous hash, partition, seq, time and content together', () => {
    const c = content();
    const h = hashEvent('35.73', 1, c.at, bodyOf(c), GENESIS_HASH);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(createHash('sha256').update(`${GENESIS_HASH}\n35.73\n1\n${c.at}\n${canonicalJson(bodyOf(c))}`).digest('hex'));
    expect(hashEvent('35.73', 1, c.at, bodyOf(c), GENESIS_HASH)).toBe(h);
    expect(hashEvent('35.73', 1, c.at, bodyOf(c), 'f'.repeat(64))).not.toBe(h);
    expect(hashEvent('35.71', 1, c.at, bodyOf(c), GENESIS_HASH)).not.toBe(h);
    expect(hashEvent('35.73', 2, c.at, bodyOf(c), GENESIS_HASH)).not.toBe(h);
    expect(hashEvent('35.73', 1, c.at, bodyOf(content({ after: { total: 1001 } })), GENESIS_HASH)).not.toBe(h);
    expect(hashEvent('35.73', 1, '2026-03-01T02:15:00.124Z', bodyOf(c), GENESIS_HASH)).not.toBe(h);
  });

  it('keeps the single chain hash for the events carried over from it', () => {
    const h = hashLegacyEvent(content(), GENESIS_HASH);
    expect(h).toBe(createHash('sha256').update(GENESIS_HASH).update('\n').update(canonicalJson(content())).digest('hex'));
    expect(hashLegacyEvent(content({ seq: 2 }), GENESIS_HASH)).not.toBe(h);
  });

  it('puts an event in the partition of its kab/kota, or the national one', () => {
    expect(partitionOf('35.73.01.1001')).toBe('35.73');
    expect(partitionOf('35.73.01')).toBe('35.73');
    expect(partitionOf('35.73')).toBe('35.73');
    expect(partitionOf('35')).toBe('nasional');
    expect(partitionOf(null)).toBe('nasional');
    expect(partitionOf(undefined)).toBe('nasional');
  });

  it('makes values what jsonb gives back: no Dates, undefined, bigint, NaN', () => {
    expect(storableJson(undefined)).toBeNull();
    expect(storableJson(() => 1)).toBeNull();
    expect(storableJson({ d: new Date('2026-01-02T03:04:05.006Z'), u: undefined, n: NaN, b: 5n, big: 2n ** 64n, a: [undefined] })).toEqual({
      d: '2026-01-02T03:04:05.006Z',
      n: null,
      b: 5,
      big: '18446744073709551616',
      a: [null],
    });
  });

  it('replaces what PostgreSQL cannot keep: NUL and lone surrogates', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD800y')).toBe('x\uFFFDy');
    expect(storableText('x\uDC00')).toBe('x\uFFFD');
    expect(storableText('😀 café')).toBe('😀 café');
    expect(storableJson({ 'k\u0000': ['\uD83D'] })).toEqual({ 'k\uFFFD': ['\uFFFD'] });
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const v = storableJson(JSON.parse('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(canonicalJson(v)).toBe('{"__proto__":{"x":1}}');
  });
});

import { Client } from 'pg';
import { canonicalJson } from '../../src/common/json/canonical-json';
import { hashEvent, type AuditBody } from '../../src/modules/audit/audit-hash';
import { createTestDatabase, TestDatabase } from '../helpers/test-db';

/**
 * audit_canonical (SQL, used by audit_append) must give the same text as canonicalJson (Node, used by AuditService.record
 * and the verifier) for every value the app can store, or /api/audit/verify would call a genuine event changed. The
 * values are generated with a fixed seed; each is sent as JSON.stringify gives it, as the app sends its parameters.
 */

// A small fixed-seed generator (mulberry32): the same values on every run, so a failure can be replayed.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that differ between orderings or escapings: ASCII case, Latin-1, CJK, the last BMP block (U+E000..U+FFFF,
// which UTF-16 puts after the surrogate pairs), non-BMP (emoji, U+10000, U+10FFFF), quotes, backslashes, control characters.
const CHARS = [
  'a', 'b', 'A', 'Z', '0', '_', ' ', '/', 'é', 'ß', 'Ā', '中', '\u00a0', '\u2028', '\u2029', '\ud7ff', '\ue000', '\uf8ff', '\uff01', '\ufffd', '\uffff',
  '😀', '𝄞', '\u{10000}', '\u{1f4a9}', '\u{10ffff}', '"', '\\', '\n', '\t', '\r', '\b', '\f', '\u0001', '\u001f', '\u007f', '\u0080', "'",
];
const KEYS = ['', 'a', 'A', 'aa', 'aA', 'ab', 'a😀', 'a\uff01', 'a\ue000', 'B', 'b', 'é', 'e', 'E', '😀', '\uff01', '\ue000', '\uffff', '\u{10000}',
  '\u{10ffff}', '\u{10ffff}\u0001', '\u{10ffff}a', 'id', 'Id', 'ID', 'amount', 'amountX', 'createdAt', 'created_at', 'key"q', 'back\\slash', 'tab\t'];
const NUMBERS = [
  0, -0, 1, -1, 7, 10, 100, 0.125, -0.125, 2.65, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 1e-7, -1e-7, 1e-6, 0.000001, 0.0000012, 1.5e21, -1.5e21, 1e21, 1e20,
  999999999999999, 1e15, 1e16, 123456789012345680, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 5e-324,
  1.7976931348623157e308, 2.2250738585072014e-308, 123e-20, 4.35, 0.11, 11.5, 12345.678, 1e300, 1.25e-300,
];

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const str = (max: number) => Array.from({ length: Math.floor(r() * max) }, () => pick(CHARS)).join('');
  const num = (): number => {
    switch (Math.floor(r() * 6)) {
      case 0: return pick(NUMBERS);
      case 1: return Math.floor((r() * 2 - 1) * Number.MAX_SAFE_INTEGER);
      case 2: return Math.floor((r() * 2 - 1) * 10 ** Math.floor(r() * 16));
      case 3: return Math.round((r() * 2 - 1) * 10 ** Math.floor(r() * 8)) / 10 ** Math.floor(r() * 6);
      case 4: return (r() * 2 - 1) * 10 ** Math.floor(r() * 60 - 30);
      default: return r();
    }
  };
  const value = (depth: number): unknown => {
    const kind = Math.floor(r() * (depth > 3 ? 5 : 8));
    switch (kind) {
      case 0: return null;
      case 1: return r() < 0.5;
      case 2: case 3: return num();
      case 4: return str(8);
      case 5: return Array.from({ length: Math.floor(r() * 5) }, () => value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = Math.floor(r() * 7); i > 0; i--) o[r() < 0.7 ? pick(KEYS) : str(4)] = value(depth + 1);
        return o;
      }
    }
  };
  return value;
}

describe('audit_canonical equals canonicalJson', () => {
  let db: TestDatabase;
  let c: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c?.end();
    await db?.drop();
  });

  // What SQL makes of each value's JSON text, and what the verifier reads back (jsonb as text, parsed by JSON.parse).
  async function inSql(values: unknown[]): Promise<Array<{ canonical: string; stored: string }>> {
    const { rows } = await c.query<{ canonical: string; stored: string }>(
      `SELECT audit_canonical(x::jsonb) AS canonical, x::jsonb::text AS stored FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n`,
      [values.map((v) => JSON.stringify(v))],
    );
    return rows;
  }

  function mismatches(values: unknown[], rows: Array<{ canonical: string; stored: string }>) {
    return values.flatMap((v, i) => {
      const node = canonicalJson(v);
      const verifier = canonicalJson(JSON.parse(rows[i].stored));
      return rows[i].canonical === node && verifier === node ? [] : [{ json: JSON.stringify(v), node, sql: rows[i].canonical, verifier }];
    });
  }

  it('for the edge cases one by one: key order, escapes, numbers, empty containers', async () => {
    const values: unknown[] = [
      ...NUMBERS, ...NUMBERS.map((n) => [n]), ...NUMBERS.map((n) => ({ n })),
      ...CHARS, ...CHARS.map((ch) => ({ [ch]: ch })), CHARS.join(''),
      Object.fromEntries(KEYS.map((k, i) => [k, i])),
      Object.fromEntries(CHARS.map((ch, i) => [`k${ch}`, i])),
      Object.fromEntries(CHARS.map((ch, i) => [ch, i])),
      { '\uff01': 1, '😀': 2 }, { '\ue000': 1, '\u{10000}': 2, '\ud7ff': 3 }, { '\u{10ffff}': 1, '\uffff': 2, '\u{10ffff}\u0001': 3 },
      { a: { b: { c: [1, { B: 2, a: 3 }, []] } }, '': {} }, {}, [], [{}], [[]], { x: [] }, { x: {} },
      true, false, null, [true, false, null], '', 'a"b\\c', 'line\nfeed\ttab\u0001\u001f\u007f',
      { amount: Number.MAX_SAFE_INTEGER, rate: 2.65, tiny: 1e-7, huge: 1.5e21, neg: -42, half: 0.125 },
    ];
    const rows = await inSql(values);
    expect(rows).toHaveLength(values.length);
    expect(mismatches(values, rows)).toEqual([]);
  });

  it('for 3,000 generated nested values', async () => {
    const value = generator(20261201);
    const values = Array.from({ length: 3000 }, () => value(0));
    const rows = [];
    for (let i = 0; i < values.length; i += 500) rows.push(...(await inSql(values.slice(i, i + 500))));
    expect(rows).toHaveLength(values.length);
    expect(mismatches(values, rows)).toEqual([]);
  });

  it('for numbers SQL itself puts in a body (numeric scale, bigint past 2^53) as the verifier reads them back', async () => {
    const texts = ['2.650', '1.0', '-0.10', '100.000', '9007199254740993', '-9007199254740993', '12345678901234567890', '0.12345678901234567890123',
      '1000000000000000000000', '79755027033388600', '{"b": 2.50, "a": [1.10, 9007199254740995]}'];
    const { rows } = await c.query<{ canonical: string; stored: string }>(
      `SELECT audit_canonical(x::jsonb) AS canonical, x::jsonb::text AS stored FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n`,
      [texts],
    );
    expect(rows.map((r) => r.canonical)).toEqual(rows.map((r) => canonicalJson(JSON.parse(r.stored))));
    expect(rows.map((r) => r.canonical)).toEqual(['2.65', '1', '-0.1', '100', '9007199254740992', '-9007199254740992', '12345678901234567000',
      '0.12345678901234568', '1e+21', '79755027033388600', '{"a":[1.1,9007199254740996],"b":2.5}']);
  });

  it('so an event audit_append writes with such a body verifies as the verifier hashes it', async () => {
    const value = generator(7);
    const afters = [{ '\uff01': 1.5e21, '😀': [1e-7, 'a\u0001"\\'], A: { a: 2.65 } }, ...Array.from({ length: 50 }, () => value(1))];
    for (const after of afters) {
      const { rows: [a] } = await c.query<{ partition: string; seq: string; hash: string }>(
        `SELECT * FROM audit_append(NULL, 'uji', 'admin', 'test.canonical', 'test', 'x', NULL, NULL, $1::jsonb, 'alasan')`,
        [JSON.stringify(after)],
      );
      const { rows: [e] } = await c.query<{ at: Date; prev_hash: string; hash: string; after: unknown }>(
        `SELECT at, prev_hash, hash, after FROM audit_event WHERE partition = $1 AND seq = $2`,
        [a.partition, a.seq],
      );
      const body: AuditBody = {
        actorId: null, actor: 'uji', role: 'admin', action: 'test.canonical', entity: 'test', entityId: 'x', regionCode: null,
        before: null, after: e.after, reason: 'alasan',
      };
      expect(hashEvent(a.partition, Number(a.seq), e.at.toISOString(), body, e.prev_hash)).toBe(e.hash);
    }
  });
});

import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/json/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: string; // ISO-8601 with milliseconds, UTC ('2026-01-31T10:00:00.123Z'), as formatAuditAt renders it
  actorId: string | null;
  actor: string;
  role: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

// The same content always hashes the same: keys sorted at every depth (the one canonical JSON of the project).
export { canonicalJson };

/** The single chain's hash, before partitions: kept to verify the events carried over from it (their legacy_* columns). */
export function hashLegacyEvent(content: AuditContent, prevHash: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** The partition of an event: the kab/kota of its region ('35.73'), or the national partition. */
export const NATIONAL_PARTITION = 'nasional';
export function partitionOf(regionCode: string | null | undefined): string {
  return regionCode && regionCode.length >= 5 ? regionCode.slice(0, 5) : NATIONAL_PARTITION;
}

/** What an event says, apart from where it sits in its chain (partition, seq) and when (at). */
export type AuditBody = Omit<AuditContent, 'seq' | 'at'>;

export function bodyOf(c: AuditContent): AuditBody {
  const { seq: _seq, at: _at, ...body } = c;
  return body;
}

/**
 * The hash of an event in its partition's chain. The same formula runs in SQL when appending (AUDIT_HASH_SQL),
 * so an append is one statement; verification recomputes it here.
 */
export function hashEvent(partition: string, seq: number, at: string, body: AuditBody, prevHash: string): string {
  return createHash('sha256').update(`${prevHash}\n${partition}\n${seq}\n${at}\n${canonicalJson(body)}`, 'utf8').digest('hex');
}

/** hashEvent in SQL, over text expressions for the previous hash, partition, seq, at and the canonical body. */
export const AUDIT_HASH_SQL = (prev: string, partition: string, seq: string, at: string, body: string) =>
  `encode(sha256(convert_to(${prev} || E'\\n' || ${partition} || E'\\n' || (${seq})::text || E'\\n' || ${at} || E'\\n' || ${body}, 'UTF8')), 'hex')`;

// A lone surrogate would be stored as U+FFFD by the UTF-8 encoder (or refused by jsonb), and PostgreSQL refuses
// NUL in text and jsonb: replace both before hashing so what is hashed is exactly what the database keeps.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string as PostgreSQL text/jsonb will give it back. */
export function storableText(s: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is exactly the character PostgreSQL refuses
  return s.replace(LONE_SURROGATE, '\uFFFD').replace(/\u0000/g, '\uFFFD');
}

export function storableTextOrNull(s: string | null | undefined): string | null {
  return s === null || s === undefined ? null : storableText(String(s));
}

/**
 * A value as jsonb will give it back: plain JSON (Dates → ISO strings, undefined dropped, NaN → null), bigint as a
 * number when it is safe and as a decimal string otherwise, strings made storable. jsonb reorders keys, which the
 * canonical form ignores; numbers round-trip because JSON.stringify writes the shortest exact form of a double.
 */
export function storableJson(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'bigint' ? (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()) : v,
  );
  if (text === undefined) return null; // a function or a symbol: nothing JSON can say
  return sanitize(JSON.parse(text));
}

function sanitize(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (Array.isArray(v)) return v.map(sanitize);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty, so a key named "__proto__" stays a plain key as it is in JSON
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, storableText(k), { value: sanitize(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** SQL rendering `at` exactly as it was hashed: UTC with milliseconds, microseconds shown only when present. */
export const AUDIT_AT_SQL = (column: string) =>
  `regexp_replace(to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '000$', '') || 'Z'`;

// Any RFC 4122 layout (the database's gen_random_uuid gives v4, but a uuid column takes every version).
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `v` can be compared with a uuid column without PostgreSQL refusing the cast (22P02). */
export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_PATTERN.test(v);
}

/** The id in the canonical lower-case form the database gives back, or null when it is not a UUID. */
export function parseUuid(v: unknown): string | null {
  return isUuid(v) ? v.toLowerCase() : null;
}

import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted in plain code-point order at every depth and no whitespace, so equal values always
 * give the same text (and the same hash) whatever order their keys were built in. `undefined` object members are
 * left out and `undefined` array items written as null, as JSON.stringify does. A value JSON cannot say exactly
 * (NaN, Infinity, bigint, a function, a symbol) is refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, '$');
}

function canonical(value: unknown, path: string): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${path} is not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonical(v, `${path}[${i}]`)).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} has unsupported type ${typeof value}`);
  }
}

/** SHA-256 hex of the canonical JSON of `value`, optionally after a prefix line (e.g. the route a body was sent to). */
export function canonicalHash(value: unknown, prefix?: string): string {
  const h = createHash('sha256');
  if (prefix !== undefined) h.update(`${prefix}\n`);
  return h.update(canonicalJson(value), 'utf8').digest('hex');
}

import { createHash, type Hash } from 'node:crypto';

/**
 * JSON with object keys sorted in JavaScript's string order (UTF-16 code units, which puts characters above U+FFFF
 * before U+E000..U+FFFF; audit_canonical in SQL sorts the same) at every depth and no whitespace, so equal values always
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

/**
 * Feeds the canonical JSON of `value` (the same text as canonicalJson) into `hash` piece by piece, never holding the
 * whole text: a model of thousands of rows hashed this way costs a few kilobytes instead of its whole JSON and the
 * strings that built it.
 */
export function updateCanonical(hash: Hash, value: unknown): Hash {
  let pending = '';
  const write = (s: string) => {
    pending += s;
    if (pending.length >= 65_536) {
      hash.update(pending, 'utf8');
      pending = '';
    }
  };
  writeCanonical(value, write, () => '$');
  if (pending) hash.update(pending, 'utf8');
  return hash;
}

// The path of a value is built only to name it in an error.
function writeCanonical(value: unknown, write: (s: string) => void, path: () => string): void {
  if (value === null || value === undefined) return write('null');
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return write(JSON.stringify(value));
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${path()} is not a finite number`);
      return write(JSON.stringify(value));
    case 'object': {
      if (Array.isArray(value)) {
        write('[');
        for (let i = 0; i < value.length; i++) {
          if (i) write(',');
          writeCanonical(value[i], write, () => `${path()}[${i}]`);
        }
        return write(']');
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      write('{');
      keys.forEach((k, n) => {
        write(`${n ? ',' : ''}${JSON.stringify(k)}:`);
        writeCanonical(obj[k], write, () => `${path()}.${k}`);
      });
      return write('}');
    }
    default:
      throw new TypeError(`canonicalJson: ${path()} has unsupported type ${typeof value}`);
  }
}

/** SHA-256 hex of the canonical JSON of `value`, optionally after a prefix line (e.g. the route a body was sent to). */
export function canonicalHash(value: unknown, prefix?: string): string {
  const h = createHash('sha256');
  if (prefix !== undefined) h.update(`${prefix}\n`);
  return h.update(canonicalJson(value), 'utf8').digest('hex');
}

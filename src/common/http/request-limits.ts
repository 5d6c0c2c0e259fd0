import type { ErrorDetail } from '../errors/app-error';
import { HTTP_ERRORS } from './http.errors';
import { textProblem, textProblemMessage } from '../text/text-policy';
import { validationFailed } from '../errors/validation';
import { fieldLabel } from '../errors/field-labels';

/**
 * Bounds on what a JSON body may be, checked before anything builds objects from it (class-transformer recurses
 * without a limit, and a megabyte of JSON costs the event loop a second). The DTOs set tighter limits per field.
 */
export const REQUEST_LIMITS = {
  /** bytes of a JSON body */
  jsonBodyBytes: 64 * 1024,
  /** nesting of objects and arrays; the deepest DTO (a spending entry's taxes) needs 3 */
  depth: 8,
  /** characters of one string (the longest free-text field allows 2,000) */
  stringLength: 10_000,
  /** elements of one array */
  arrayLength: 500,
  /** keys of one object */
  objectKeys: 100,
};
export type RequestLimits = typeof REQUEST_LIMITS;

// Keys that name Object.prototype members (or `prototype`) reach class-transformer as if they were inherited
// properties; no DTO has such a field, so they are refused by name instead of slipping past the whitelist.
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const MAX_DETAILS = 20;

const invalid = validationFailed;

/** Nesting depth of a JSON text, counted without parsing it; stops counting once past `limit`. */
export function jsonDepthExceeds(raw: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Every string, array and key of a parsed body checked against the limits and the text policy. */
export function inspectValue(value: unknown, limits: RequestLimits = REQUEST_LIMITS): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const visit = (v: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_DETAILS) return;
    const field = path || '(isi)';
    if (typeof v === 'string') {
      if (v.length > limits.stringLength) {
        out.push({ field, constraint: 'maxLength', message: `${fieldLabel(field)} terlalu panjang (paling banyak ${limits.stringLength} karakter)` });
        return;
      }
      const problem = textProblem(v);
      if (problem) out.push({ field, constraint: 'textPolicy', message: textProblemMessage(fieldLabel(field), problem) });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth >= limits.depth) {
      out.push({ field, constraint: 'maxDepth', message: `${field} bersarang terlalu dalam (paling banyak ${limits.depth} tingkat)` });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.arrayLength) {
        out.push({ field, constraint: 'arrayMaxSize', message: `${field} berisi terlalu banyak unsur (paling banyak ${limits.arrayLength})` });
        return;
      }
      v.forEach((item, i) => visit(item, path ? `${path}.${i}` : String(i), depth + 1));
      return;
    }
    const keys = Object.keys(v);
    if (keys.length > limits.objectKeys) {
      out.push({ field, constraint: 'maxKeys', message: `${field} berisi terlalu banyak kolom (paling banyak ${limits.objectKeys})` });
      return;
    }
    for (const key of keys) {
      const child = path ? `${path}.${key}` : key;
      const problem = textProblem(key);
      if (RESERVED_KEYS.has(key) || problem || key.length > 100) {
        out.push({ field: problem || key.length > 100 ? path || '(isi)' : child, constraint: 'whitelistValidation', message: `kolom ${problem || key.length > 100 ? 'bernama tidak sah' : child} tidak dikenal` });
        continue;
      }
      visit((v as Record<string, unknown>)[key], child, depth + 1);
    }
  };
  visit(value, '', 0);
  return out;
}

/** Parses a JSON body within the limits; an empty body is an empty object, so validation names each missing field. */
export function parseJsonBody(raw: string, limits: RequestLimits = REQUEST_LIMITS): unknown {
  if (raw.trim() === '') return {};
  if (jsonDepthExceeds(raw, limits.depth)) {
    throw HTTP_ERRORS.error('BODY_TOO_DEEP', limits.depth).with([
      { constraint: 'maxDepth', message: `objek dan larik bersarang paling banyak ${limits.depth} tingkat` },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw HTTP_ERRORS.error('INVALID_JSON').with([{ message: (e as Error).message }]);
  }
  const problems = inspectValue(value, limits);
  if (problems.length) throw invalid(problems);
  return value;
}

/** The same checks for what arrives outside the body: query parameters and path segments. */
export function assertCleanStrings(source: unknown): void {
  if (!source || typeof source !== 'object') return;
  const problems = inspectValue(source);
  if (problems.length) throw invalid(problems);
}

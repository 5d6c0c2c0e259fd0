import { createHash } from 'node:crypto';
import type { ReportModel } from './report.types';

// Wording and registry data are left out: the fingerprint speaks for the figures and whom they belong to, so the same
// figures give the same hash whenever they are issued, and re-running the roll-up later shows whether data changed.
const PRESENTATION_KEYS = new Set([
  'document',
  'signature',
  'titleLines',
  'periodLabel',
  'regionTitle',
  'totalInWords',
  'amountsInWords',
  'programKegiatan',
]);

function canonicalValue(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${path} is not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalValue(v ?? null, `${path}[${i}]`)).join(',')}]`;
      const obj = value as Record<string, unknown>;
      // Plain code-point order, never locale order, so every runtime sorts the keys alike.
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalValue(obj[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} has unsupported type ${typeof value}`);
  }
}

/** Key-sorted, whitespace-free JSON of the model's figures (presentation and registry fields left out). */
export function canonicalJson(model: ReportModel | Omit<ReportModel, 'document'>): string {
  const figures: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(model)) if (!PRESENTATION_KEYS.has(k)) figures[k] = v;
  return canonicalValue(figures, '$');
}

/** SHA-256 hex of canonicalJson(model): the hash printed in the footer and stored by the document registry. */
export function modelFingerprint(model: ReportModel | Omit<ReportModel, 'document'>): string {
  return createHash('sha256').update(canonicalJson(model), 'utf8').digest('hex');
}

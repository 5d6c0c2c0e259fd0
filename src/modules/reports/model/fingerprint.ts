import { createHash } from 'node:crypto';
import { canonicalJson as canonicalJsonOf, updateCanonical } from '../../../common/json/canonical-json';
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

/** Key-sorted, whitespace-free JSON of the model's figures (presentation and registry fields left out). */
export function canonicalJson(model: ReportModel | Omit<ReportModel, 'document'>): string {
  return canonicalJsonOf(figuresOf(model));
}

function figuresOf(model: ReportModel | Omit<ReportModel, 'document'>): Record<string, unknown> {
  const figures: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(model)) if (!PRESENTATION_KEYS.has(k)) figures[k] = v;
  return figures;
}

/** SHA-256 hex of canonicalJson(model): the hash printed in the footer and stored by the document registry. */
export function modelFingerprint(model: ReportModel | Omit<ReportModel, 'document'>): string {
  // Streamed into the hash: the same text as canonicalJson(model), never held whole.
  return updateCanonical(createHash('sha256'), figuresOf(model)).digest('hex');
}

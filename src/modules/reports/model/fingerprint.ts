import { createHash } from 'node:crypto';
import { canonicalJson as canonicalJsonOf } from '../../../common/json/canonical-json';
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
  const figures: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(model)) if (!PRESENTATION_KEYS.has(k)) figures[k] = v;
  return canonicalJsonOf(figures);
}

/** SHA-256 hex of canonicalJson(model): the hash printed in the footer and stored by the document registry. */
export function modelFingerprint(model: ReportModel | Omit<ReportModel, 'document'>): string {
  return createHash('sha256').update(canonicalJson(model), 'utf8').digest('hex');
}

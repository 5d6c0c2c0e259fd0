import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATES_DIR } from '../../common/paths';

/** Evidence kinds a payment can carry (as in the SPJ of a dana kelurahan payment). */
export const EVIDENCE_KINDS = ['KUITANSI', 'NOTA', 'BAST', 'FOTO_0', 'FOTO_50', 'FOTO_100', 'DAFTAR_HADIR', 'LAINNYA'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface ChecklistRule {
  /** Kode rekening prefix the rule applies to ('' = every payment). */
  accountPrefix: string;
  /** The rule applies from this payment amount (rupiah) up. */
  minAmount: number;
  requires: EvidenceKind[];
  note: string;
}

export interface BooksSettings {
  periodClose: {
    /** month M is due closed by the end of this day (WIB) of month M+1 */
    deadlineDay: number;
  };
  cash: {
    /** 'refuse': a payment larger than the cash balance answers 422; 'flag': it is booked and flagged. */
    overdraft: 'flag' | 'refuse';
  };
  evidence: {
    maxBytes: number;
    checklist: ChecklistRule[];
  };
  sources: string[];
}

const CODE = /^\d{2}(\.\d{2})?$/;
const cache = new Map<string, BooksSettings>();

function read(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
  }
}

// Objects merge key by key; arrays and values replace (as for report.json).
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)
      ? merge(prev as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

function assertSettings(s: BooksSettings, files: string[]): void {
  const where = files.join(' + ');
  const day = s.periodClose?.deadlineDay;
  if (!Number.isSafeInteger(day) || day < 1 || day > 28) throw new Error(`${where}: periodClose.deadlineDay must be an integer 1–28`);
  if (s.cash?.overdraft !== 'flag' && s.cash?.overdraft !== 'refuse') throw new Error(`${where}: cash.overdraft must be "flag" or "refuse"`);
  if (!Number.isSafeInteger(s.evidence?.maxBytes) || s.evidence.maxBytes < 1024) throw new Error(`${where}: evidence.maxBytes must be an integer ≥ 1024`);
  if (!Array.isArray(s.evidence.checklist)) throw new Error(`${where}: evidence.checklist must be an array`);
  for (const [i, r] of s.evidence.checklist.entries()) {
    const ok = typeof r.accountPrefix === 'string' && /^[0-9.]*$/.test(r.accountPrefix) && Number.isSafeInteger(r.minAmount) && r.minAmount >= 0
      && Array.isArray(r.requires) && r.requires.length > 0 && r.requires.every((k) => (EVIDENCE_KINDS as readonly string[]).includes(k));
    if (!ok) throw new Error(`${where}: evidence.checklist[${i}] needs accountPrefix (digits and dots), minAmount ≥ 0 and requires ⊂ ${EVIDENCE_KINDS.join(',')}`);
  }
}

/** `templates/default/books.json`, then the province's and the kab/kota's overrides; cached per code. */
export function loadBooksSettings(regionCode: string | null, templatesDir = TEMPLATES_DIR): BooksSettings {
  // No region (a national admin): the default alone.
  const kabkota = regionCode === null ? '' : regionCode.slice(0, 5);
  if (regionCode !== null && !CODE.test(kabkota)) throw new RangeError(`bad region code ${regionCode}`);
  const key = `${templatesDir}\u0000${kabkota}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dirs = kabkota ? [path.join(templatesDir, kabkota.slice(0, 2)), ...(kabkota.length > 2 ? [path.join(templatesDir, kabkota)] : [])] : [];
  const files = [path.join(templatesDir, 'default'), ...dirs]
    .map((d) => path.join(d, 'books.json'))
    .filter((f, i) => i === 0 || fs.existsSync(f));
  let merged: Record<string, unknown> = {};
  for (const f of files) merged = merge(merged, read(f));
  const settings = { ...(merged as unknown as BooksSettings), sources: files };
  assertSettings(settings, files);
  cache.set(key, settings);
  return settings;
}

export interface ChecklistItem {
  kind: EvidenceKind;
  note: string;
}

/** What evidence a payment on this kode rekening and amount needs, each kind once (the first rule's note). */
export function requiredEvidence(rules: ChecklistRule[], accountCode: string, amount: number): ChecklistItem[] {
  const out = new Map<EvidenceKind, string>();
  for (const r of rules) {
    const prefixMatch = r.accountPrefix === '' || accountCode === r.accountPrefix || accountCode.startsWith(`${r.accountPrefix}.`);
    if (!prefixMatch || amount < r.minAmount) continue;
    for (const k of r.requires) if (!out.has(k)) out.set(k, r.note);
  }
  return [...out].map(([kind, note]) => ({ kind, note }));
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATES_DIR } from '../../common/paths';
import { deepMerge } from '../reports/pdf/report-template';

export const FLAG_KINDS = [
  'PRICE_ABOVE_CEILING', 'PRICE_ABOVE_ESTIMATE', 'PRICE_OUTLIER', 'QUESTIONABLE_USE', 'DUPLICATE_RECEIPT', 'SPLIT_PURCHASE', 'ABSORPTION_LAG',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export interface QuestionableUseRule {
  id: string;
  phrases: string[];
  /** kode rekening prefixes, e.g. "5.2.02.01" */
  accountCodes: string[];
  /** "permendagri-130-2018" when the article says so; "local-juknis" or "local-policy-example" otherwise */
  basis: string;
  citation: string;
}

export interface TahapRule {
  name: string;
  share: number;
  month: number;
}

export interface FlagsConfig {
  priceOutlier: { maxRobustZ: number; minGroupSize: number; minRelativeSpread: number };
  questionableUses: QuestionableUseRule[];
  duplicateReceipts: { sameNumber: boolean; samePayeeAmountDate: boolean };
  splitPurchases: { windowDays: number; thresholds: number[] };
  absorption: { tahap: TahapRule[]; minShareOfPrevious: number; minShareOfMonthPlan: number };
  risk: {
    weights: Record<FlagKind, number>;
    absorptionPerPoint: number;
    missingEvidencePerPayment: number;
    missingEvidenceMax: number;
    notClosedPerMonth: number;
    closedLatePerMonth: number;
  };
}

const CODE = /^\d{2}(\.\d{2})?$/;
const cache = new Map<string, FlagsConfig>();

/**
 * templates/default/flags.json, deep-merged with templates/<province>/flags.json and templates/<kabkota>/flags.json
 * when they exist (arrays replace as a whole). Cached per code; a malformed file fails with its name.
 */
export function loadFlagsConfig(kabkotaCode: string | null, templatesDir = TEMPLATES_DIR): FlagsConfig {
  if (kabkotaCode !== null && !CODE.test(kabkotaCode)) throw new RangeError(`flags template code must look like "35.73", got "${kabkotaCode}"`);
  const key = `${templatesDir}\u0000${kabkotaCode ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dirs = [path.join(templatesDir, 'default')];
  if (kabkotaCode) {
    if (kabkotaCode.length > 2) dirs.push(path.join(templatesDir, kabkotaCode.slice(0, 2)));
    dirs.push(path.join(templatesDir, kabkotaCode));
  }
  let merged = {} as FlagsConfig;
  for (const dir of dirs) {
    const file = path.join(dir, 'flags.json');
    if (!fs.existsSync(file)) {
      if (dir === dirs[0]) throw new Error(`default flags template missing: ${file}`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
    }
    merged = deepMerge(merged, parsed);
  }
  assertConfig(merged, dirs[dirs.length - 1]);
  cache.set(key, merged);
  return merged;
}

function assertConfig(c: FlagsConfig, where: string): void {
  const fail = (what: string) => {
    throw new Error(`flags template (${where}): ${what}`);
  };
  const positive = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;
  if (!positive(c.priceOutlier?.maxRobustZ) || !positive(c.priceOutlier?.minGroupSize)) fail('priceOutlier.maxRobustZ and minGroupSize must be > 0');
  if (!(c.priceOutlier.minRelativeSpread >= 0)) fail('priceOutlier.minRelativeSpread must be ≥ 0');
  if (!Array.isArray(c.questionableUses)) fail('questionableUses must be a list');
  for (const r of c.questionableUses) {
    if (!r.id || !Array.isArray(r.phrases) || !Array.isArray(r.accountCodes) || !r.citation || !r.basis) {
      fail(`questionableUses "${r.id ?? '?'}" needs id, phrases, accountCodes, basis and citation`);
    }
  }
  if (!positive(c.splitPurchases?.windowDays) || !Array.isArray(c.splitPurchases.thresholds) || !c.splitPurchases.thresholds.every(Number.isSafeInteger)) {
    fail('splitPurchases needs windowDays > 0 and whole-rupiah thresholds');
  }
  const tahap = c.absorption?.tahap;
  if (!Array.isArray(tahap) || !tahap.length || tahap.some((t) => !(t.month >= 1 && t.month <= 12) || !(t.share > 0))) fail('absorption.tahap needs month 1–12 and share > 0');
  for (const kind of FLAG_KINDS) if (typeof c.risk?.weights?.[kind] !== 'number') fail(`risk.weights.${kind} missing`);
  for (const k of ['absorptionPerPoint', 'missingEvidencePerPayment', 'missingEvidenceMax', 'notClosedPerMonth', 'closedLatePerMonth'] as const) {
    if (!(typeof c.risk[k] === 'number' && c.risk[k] >= 0)) fail(`risk.${k} must be a number ≥ 0`);
  }
}

/** The kab/kota code ("35.73") a region code lies in, or null above that level. */
export const kabkotaOf = (code: string): string | null => (code.length >= 5 ? code.slice(0, 5) : null);

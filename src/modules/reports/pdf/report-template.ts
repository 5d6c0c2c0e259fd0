import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATES_DIR } from '../../../common/paths';
import type { ReportRegionLevel } from '../model/report.types';
import { fontFilesFor, type FontFiles, type ReportFontChoice } from './fonts';

// What a Pemda changes without code; templates/README.md documents every key.

export interface KopLine {
  text: string;
  size?: number;
  bold?: boolean;
}

export interface SignatureSlot {
  roleLabel?: string;
  title?: string;
  subtitle?: string;
  /** Print the block (with a blank name) even when no signatory of this role was given. */
  required?: boolean;
}

export type SignatureLayoutKey = ReportRegionLevel | 'plan';

/** Someone signing in the official's stead: Plh (pelaksana harian) or Plt (pelaksana tugas). */
export interface DeputyConfig {
  kind: 'Plh' | 'Plt';
  name: string;
  nip?: string;
  rank?: string;
}

/** Who signs for one role of one region, set by the Pemda; wins over the user account of that role. */
export interface SignatoryConfig {
  name?: string;
  nip?: string;
  rank?: string;
  /** Jabatan; the template's block title when absent. */
  title?: string;
  /** When set, the deputy signs instead, under "Plh. <jabatan>". */
  deputy?: DeputyConfig | null;
}

export interface ReportTemplate {
  font: ReportFontChoice | { regular: string; bold: string };
  kop: {
    lines: KopLine[];
    address: string;
    /** Address per region code (a kecamatan's own office), falling back to `address`. */
    addresses: Record<string, string>;
    rule: boolean;
  };
  regionTitle: Record<ReportRegionLevel, string>;
  titles: { realisasi: string[]; plan: string[]; planAmendment: string[] };
  identity: {
    program: string;
    kegiatan: string;
    location: string;
    allocation: string;
    fundingSource: string;
    fundingSourceValue: string;
    fundingSourceMixed: string;
    version: string;
    status: string;
  };
  columns: {
    kelurahan: {
      no: string;
      accountCode: string;
      description: string;
      volume: string;
      fundingSource: string;
      budget: string;
      realizedBefore: string;
      realizedInPeriod: string;
      realizedToDate: string;
      remaining: string;
      percent: string;
    };
    aggregate: {
      no: string;
      code: string;
      name: Record<'kelurahan' | 'kecamatan' | 'kabkota', string>;
      allocation: string;
      planned: string;
      realizedBefore: string;
      realizedInPeriod: string;
      realized: string;
      remaining: string;
      percent: string;
    };
    byCategory: {
      title: string;
      code: string;
      name: string;
      planned: string;
      realized: string;
      remaining: string;
      percent: string;
    };
    plan: {
      no: string;
      accountCode: string;
      subType: string;
      description: string;
      volume: string;
      unit: string;
      unitPrice: string;
      amount: string;
      fundingSource: string;
    };
    amendment: {
      no: string;
      accountCode: string;
      description: string;
      before: string;
      after: string;
      volume: string;
      unitPrice: string;
      amount: string;
      difference: string;
    };
  };
  labels: {
    subtotal: string;
    grandTotal: string;
    planned: string;
    terbilang: string;
    allocation: string;
    unplanned: string;
    percentOfAllocation: string;
    terbilangOf: Record<'realizedInPeriod' | 'realizedToDate' | 'planned' | 'planDifference', string>;
    location: string;
    newLine: string;
    removedLine: string;
    totalBefore: string;
    totalAfter: string;
    difference: string;
  };
  /** Short funding-source names for table cells, by code. */
  fundingSourceLabels: Record<string, string>;
  statusLabels: Record<string, string>;
  approvalStamp: {
    approved: string;
    notApproved: string;
    date: string;
    by: string;
    version: string;
    superseded: string;
    supersededBy: string;
    originallyApproved: string;
  };
  signatures: {
    blocks: Record<SignatureLayoutKey, Record<string, SignatureSlot>>;
    blankName: string;
    nipPrefix: string;
    /** Title of a deputy's block, e.g. "{DEPUTY}. {TITLE}" → "Plh. Camat Klojen". */
    deputyTitle: string;
  };
  /** Signatories per region code and role: { "35.73": { "kabkota": { name, nip, rank, deputy } } }. */
  signatories: Record<string, Record<string, SignatoryConfig>>;
  footer: { documentNumber: string; fingerprint: string; verify: string; page: string };
}

/** A merged template plus the files it points at; plain data, so it can be posted to a worker thread. */
export interface LoadedReportTemplate extends ReportTemplate {
  /** Folders merged, default first. */
  sources: string[];
  kabkotaCode: string | null;
  logoPath: string | null;
  fontFiles: FontFiles;
}

// Province ("35") or kab/kota ("35.73") only: the code becomes a folder name, so nothing else may reach the path.
const TEMPLATE_CODE = /^\d{2}(\.\d{2})?$/;

const cache = new Map<string, LoadedReportTemplate>();

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars in the override replace the default. */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
}

function readJson(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Report template ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isPlainObject(parsed)) throw new Error(`Report template ${file} must hold a JSON object`);
  return parsed;
}

// A typo in an override should fail at load with the file name, not as "undefined" printed in a PDF.
function assertShape(t: ReportTemplate, sources: string[]): void {
  const where = sources.join(' + ');
  const strings: Array<[string, unknown]> = [
    ['columns.kelurahan.budget', t.columns?.kelurahan?.budget],
    ['columns.aggregate.planned', t.columns?.aggregate?.planned],
    ['columns.plan.amount', t.columns?.plan?.amount],
    ['labels.grandTotal', t.labels?.grandTotal],
    ['footer.page', t.footer?.page],
    ['signatures.nipPrefix', t.signatures?.nipPrefix],
  ];
  for (const [key, value] of strings) {
    if (typeof value !== 'string') throw new Error(`Report template (${where}): ${key} must be a string`);
  }
  for (const key of ['realisasi', 'plan', 'planAmendment'] as const) {
    if (!Array.isArray(t.titles?.[key]) || !t.titles[key].every((s) => typeof s === 'string')) {
      throw new Error(`Report template (${where}): titles.${key} must be an array of strings`);
    }
  }
  if (!Array.isArray(t.kop?.lines) || !t.kop.lines.every((l) => isPlainObject(l) && typeof l.text === 'string')) {
    throw new Error(`Report template (${where}): kop.lines must be an array of {text, size?, bold?}`);
  }
  for (const key of ['kelurahan', 'kecamatan', 'kabkota', 'provinsi', 'plan'] as const) {
    if (!isPlainObject(t.signatures?.blocks?.[key])) {
      throw new Error(`Report template (${where}): signatures.blocks.${key} must be an object keyed by role`);
    }
  }
  // Keys that are not region codes (e.g. "_note") are comments; every region entry maps roles to people.
  for (const [code, roles] of Object.entries(t.signatories ?? {})) {
    if (!/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(code)) continue;
    if (!isPlainObject(roles)) throw new Error(`Report template (${where}): signatories.${code} must be an object keyed by role`);
    for (const [role, person] of Object.entries(roles)) {
      const p = person as SignatoryConfig;
      const ok =
        isPlainObject(p) &&
        (p.name === undefined || typeof p.name === 'string') &&
        (p.deputy == null || (isPlainObject(p.deputy) && (p.deputy.kind === 'Plh' || p.deputy.kind === 'Plt') && typeof p.deputy.name === 'string'));
      if (!ok) throw new Error(`Report template (${where}): signatories.${code}.${role} must be {name?, nip?, rank?, title?, deputy?: {kind: "Plh"|"Plt", name, nip?, rank?}}`);
    }
  }
}

function resolveFonts(font: ReportTemplate['font'], dirs: string[]): FontFiles {
  if (font === 'dejavu' || font === 'helvetica') return fontFilesFor(font);
  if (isPlainObject(font) && typeof font.regular === 'string' && typeof font.bold === 'string') {
    // Custom TTFs sit in a template folder; the most specific folder that has the file wins.
    const find = (name: string) => {
      for (const dir of [...dirs].reverse()) {
        const file = path.resolve(dir, name);
        if (file.startsWith(path.resolve(dir) + path.sep) && fs.existsSync(file)) return file;
      }
      throw new Error(`Report template font not found: ${name} (looked in ${dirs.join(', ')})`);
    };
    return { regular: find(font.regular), bold: find(font.bold) };
  }
  throw new Error(`Report template: font must be "dejavu", "helvetica" or {regular, bold}, got ${JSON.stringify(font)}`);
}

export interface LoadTemplateOptions {
  /** Defaults to the project's templates/ folder. */
  templatesDir?: string;
}

/**
 * templates/default/report.json, deep-merged with templates/<province>/ and templates/<kabkota>/ overrides when
 * those folders exist. Cached per code: templates change by deploy, not per request.
 */
export function loadReportTemplate(
  kabkotaCode: string | null | undefined,
  options: LoadTemplateOptions = {},
): LoadedReportTemplate {
  const root = options.templatesDir ?? TEMPLATES_DIR;
  const code = kabkotaCode ?? null;
  if (code !== null && !TEMPLATE_CODE.test(code)) {
    throw new RangeError(`Template code must look like "35" or "35.73", got "${code}"`);
  }
  const key = `${root}\u0000${code ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const dirs = [path.join(root, 'default')];
  if (code) {
    const province = code.slice(0, 2);
    if (province !== code) dirs.push(path.join(root, province));
    dirs.push(path.join(root, code));
  }
  const existing = dirs.filter((d) => fs.existsSync(path.join(d, 'report.json')));
  if (existing[0] !== dirs[0]) throw new Error(`Default report template missing: ${path.join(dirs[0], 'report.json')}`);

  let merged = {} as ReportTemplate;
  for (const dir of existing) merged = deepMerge(merged, readJson(path.join(dir, 'report.json')));
  assertShape(merged, existing);

  const logoDir = [...dirs].reverse().find((d) => fs.existsSync(path.join(d, 'logo.png')));
  const loaded: LoadedReportTemplate = {
    ...merged,
    sources: existing,
    kabkotaCode: code,
    logoPath: logoDir ? path.join(logoDir, 'logo.png') : null,
    fontFiles: resolveFonts(merged.font ?? 'dejavu', existing),
  };
  cache.set(key, deepFreeze(loaded));
  return loaded;
}

export function clearReportTemplateCache(): void {
  cache.clear();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Template placeholder values; null means "this region has none", and a line that needs one is dropped. */
export type TemplateVars = Record<string, string | null | undefined>;

const PLACEHOLDER = /\{([A-Z_]+)\}/g;

/**
 * Fills {NAME} placeholders. Returns null when a known placeholder has no value (e.g. {KECAMATAN} on a kab/kota report)
 * so the caller can drop the line; an unknown placeholder stays visible so a typo shows up in the PDF.
 */
export function fillTemplate(text: string, vars: TemplateVars): string | null {
  let missing = false;
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in vars)) return whole;
    const v = vars[name];
    if (v == null || v === '') {
      missing = true;
      return '';
    }
    return v;
  });
  return missing ? null : out;
}

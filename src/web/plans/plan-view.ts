import type { PlanDto, PlanLineDto, PlanVersionDto } from '../../modules/plans/plan.dto';
import { CATEGORIES, CATEGORY, SUB_TYPE, SUB_TYPES, displayUnit, FUNDING_SOURCES, UNITS } from '../../modules/reference/taxonomy';
import type { SubType } from '../../modules/reference/taxonomy';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { isFiscalYear } from '../../common/period/fiscal-year';
import { formatRupiah } from '../../common/money/rupiah';
import { volume as volumeLabel } from '../format';

/** The lines of a version as the page shows them: category → sub-type, each with its subtotal. */
export interface LineGroup {
  category: string;
  letter: string;
  name: string;
  subtotal: number;
  subTypes: Array<{ code: string; name: string; subtotal: number; lines: Array<PlanLineDto & { unitLabel: string }> }>;
}

export function groupLines(lines: PlanLineDto[]): LineGroup[] {
  const groups: LineGroup[] = [];
  for (const c of CATEGORIES) {
    const ofCategory = lines.filter((l) => l.category === c);
    if (!ofCategory.length) continue;
    const subTypes = SUB_TYPES.filter((s) => SUB_TYPE[s].category === c)
      .map((s) => {
        const ls = ofCategory.filter((l) => l.subType === s).sort((a, b) => a.position - b.position);
        return { code: s, name: SUB_TYPE[s].name, subtotal: ls.reduce((t, l) => t + l.amount, 0), lines: ls.map((l) => ({ ...l, unitLabel: displayUnit(l.unit) })) };
      })
      .filter((s) => s.lines.length);
    groups.push({ category: c, letter: CATEGORY[c].letter, name: CATEGORY[c].name, subtotal: ofCategory.reduce((t, l) => t + l.amount, 0), subTypes });
  }
  return groups;
}

/** Pagu against total: what is left, or by how much the plan exceeds it. */
export function budgetOf(plan: Pick<PlanDto, 'allocation' | 'total'>): { allocation: number | null; remaining: number | null; excess: number } {
  if (plan.allocation === null) return { allocation: null, remaining: null, excess: 0 };
  const left = plan.allocation - plan.total;
  return { allocation: plan.allocation, remaining: Math.max(left, 0), excess: Math.max(-left, 0) };
}

export const EDITABLE = new Set(['draft', 'returned']);

/** The pickers of the line form, from the reference taxonomy (the same data as GET /api/reference/*). */
export const LINE_PICKERS = {
  categories: CATEGORIES.map((c) => ({
    code: c,
    label: `${CATEGORY[c].letter}. ${CATEGORY[c].name}`,
    subTypes: SUB_TYPES.filter((s) => SUB_TYPE[s].category === c).map((s: SubType) => ({ code: s, label: `${s} – ${SUB_TYPE[s].name}` })),
  })),
  units: UNITS.map((u) => ({ code: u.code, label: u.label })),
  fundingSources: FUNDING_SOURCES.map((f) => ({ code: f.code, label: f.label })),
};

export const LINE_LABELS: Record<string, string> = {
  category: 'Kategori',
  subType: 'Sub-jenis',
  description: 'Uraian',
  accountCode: 'Kode rekening',
  volume: 'Volume',
  unit: 'Satuan',
  unitPrice: 'Harga satuan',
  location: 'Lokasi',
  fundingSource: 'Sumber dana',
  total: 'Total',
  lines: 'Rincian',
  allocation: 'Pagu',
};

export const LINE_NUMBERS = ['volume', 'unitPrice'];

/** A line's fields as the form shows them again (after an error, or to edit). */
export function lineValues(l: Partial<PlanLineDto> | Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['category', 'subType', 'description', 'accountCode', 'volume', 'unit', 'unitPrice', 'location', 'fundingSource']) {
    const v = (l as Record<string, unknown>)[k];
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'number' ? (k === 'volume' ? String(v).replace('.', ',') : String(v)) : String(v);
  }
  return out;
}

/** A year in a page URL: anything but a fiscal year is a page that does not exist. */
export function yearParam(raw: string): number {
  const n = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (!isFiscalYear(n)) throw COMMON_ERRORS.error('NOT_FOUND');
  return n;
}

/** The fiscal year of today in WIB. */
export function currentYear(now = new Date()): number {
  return new Date(now.getTime() + 7 * 3_600_000).getUTCFullYear();
}

/** The semula/menjadi rows of a version against the one before it. */
export function changesOf(version: PlanVersionDto | undefined) {
  return (version?.changes ?? []).map((c) => ({
    ...c,
    typeLabel: c.type === 'added' ? 'Ditambah' : c.type === 'removed' ? 'Dihapus' : 'Diubah',
    beforeAmount: (c.before?.amount as number | undefined) ?? null,
    afterAmount: (c.after?.amount as number | undefined) ?? null,
  }));
}

/** A changed field's value as the semula/menjadi table prints it. */
export function showField(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  switch (field) {
    case 'unitPrice':
    case 'amount':
      return formatRupiah(value as number);
    case 'volume':
      return volumeLabel(value as number);
    case 'unit':
      return displayUnit(String(value));
    case 'category':
      return CATEGORY[value as 'sarpras' | 'pemberdayaan']?.name ?? String(value);
    case 'fundingSource':
      return FUNDING_SOURCES.find((f) => f.code === value)?.label ?? String(value);
    default:
      return String(value);
  }
}

export const fieldLabel = (field: string): string => LINE_LABELS[field] ?? field;

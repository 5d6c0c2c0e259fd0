import { formatNip } from '../../../common/format/nip';
import { displayUnit } from '../../reference/taxonomy';
import { modelFingerprint } from './fingerprint';
import {
  assertCategory,
  assertFiniteNumber,
  assertRupiah,
  PROGRAM_KEGIATAN,
  buildDocumentFooter,
  buildSignatureSection,
  CATEGORY_LETTER,
  compareLines,
  formatDateLabel,
  normalizeRegion,
  percentOf,
  PLAN_TITLE,
  regionTitle,
  SUB_KEGIATAN,
  toIsoString,
  totalInWords,
} from './model-common';
import {
  SPENDING_CATEGORIES,
  type PlanApproval,
  type PlanDocumentInput,
  type PlanDocumentModel,
  type PlanGroup,
  type PlanLine,
  type SpendingCategory,
} from './report.types';

/** The plan (RKA kelurahan) as printed for signature: lines per sub-kegiatan, totals against the pagu. */
export function buildPlanDocumentModel(input: PlanDocumentInput): PlanDocumentModel {
  if (input.region.level !== 'kelurahan') throw new RangeError(`a plan belongs to a kelurahan`);
  if (!Number.isInteger(input.year)) throw new RangeError(`year must be an integer, got ${String(input.year)}`);
  if (!Number.isInteger(input.version) || input.version < 1) {
    throw new RangeError(`version must be a positive integer, got ${String(input.version)}`);
  }
  const allocation = assertRupiah(input.allocation, 'allocation');
  const region = normalizeRegion(input.region);

  const byCategory = new Map<SpendingCategory, Omit<PlanLine, 'no'>[]>(SPENDING_CATEGORIES.map((c) => [c, []]));
  input.lines.forEach((row, i) => {
    const at = `lines[${i}]`;
    const category = assertCategory(row.category, `${at}.category`);
    byCategory.get(category)!.push({
      lineId: row.lineId == null ? null : String(row.lineId),
      category,
      subType: row.subType,
      accountCode: row.accountCode,
      description: row.description,
      volume: assertFiniteNumber(row.volume, `${at}.volume`),
      unit: displayUnit(row.unit),
      unitPrice: assertRupiah(row.unitPrice, `${at}.unitPrice`),
      amount: assertRupiah(row.amount, `${at}.amount`),
      location: row.location?.trim() ? row.location.trim() : null,
    });
  });

  const groups: PlanGroup[] = SPENDING_CATEGORIES.map((category) => {
    const lines = byCategory
      .get(category)!
      .sort(compareLines)
      .map((line, i) => ({ no: i + 1, ...line }));
    const subtotal = lines.reduce((acc, l) => acc + l.amount, 0);
    return {
      letter: CATEGORY_LETTER[category],
      category,
      subKegiatan: SUB_KEGIATAN[category],
      lines,
      subtotal,
      percentOfAllocation: percentOf(subtotal, allocation),
    };
  });
  const total = groups.reduce((acc, g) => acc + g.subtotal, 0);

  let approval: PlanApproval | null = null;
  if (input.approval) {
    const a = input.approval;
    const approvedAt = toIsoString(a.approvedAt, 'approval.approvedAt');
    approval = {
      approvedAt,
      approvedAtLabel: formatDateLabel(a.approvedAt, 'approval.approvedAt'),
      approverName: a.approverName.trim(),
      approverTitle: a.approverTitle?.trim() || null,
      approverNipFormatted: a.approverNip?.trim() ? formatNip(a.approverNip) : null,
    };
  }

  const title = regionTitle(region);
  const base = {
    schema: 'plan/v1' as const,
    kind: 'plan' as const,
    level: 'kelurahan' as const,
    year: input.year,
    planId: input.planId == null ? null : String(input.planId),
    version: input.version,
    status: input.status,
    region,
    regionTitle: title,
    titleLines: [PLAN_TITLE, title, `TAHUN ANGGARAN ${input.year}`],
    programKegiatan: PROGRAM_KEGIATAN,
    allocation,
    groups,
    total,
    unplanned: allocation - total,
    percentOfAllocation: percentOf(total, allocation),
    totalInWords: totalInWords(total),
    approval,
    signature: buildSignatureSection(input.signature),
  };
  return { ...base, document: buildDocumentFooter(input.document, modelFingerprint(base)) };
}

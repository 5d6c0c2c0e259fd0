import { formatNip } from '../../../common/format/nip';
import { displayUnit } from '../../reference/taxonomy';
import { modelFingerprint } from './fingerprint';
import { distinctFundingSources } from './realisasi-report.model';
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
  type PlanAmendment,
  type PlanChangeGroup,
  type PlanChangeLine,
  type PlanLine,
  type PlanLineRow,
  type SpendingCategory,
} from './report.types';

function planLine(row: PlanLineRow, at: string): Omit<PlanLine, 'no'> {
  return {
    lineId: row.lineId == null ? null : String(row.lineId),
    category: assertCategory(row.category, `${at}.category`),
    subType: row.subType,
    accountCode: row.accountCode,
    description: row.description,
    volume: assertFiniteNumber(row.volume, `${at}.volume`),
    unit: displayUnit(row.unit),
    unitPrice: assertRupiah(row.unitPrice, `${at}.unitPrice`),
    amount: assertRupiah(row.amount, `${at}.amount`),
    location: row.location?.trim() ? row.location.trim() : null,
    fundingSource: row.fundingSource?.trim() ? row.fundingSource.trim() : null,
  };
}

const side = (l: Omit<PlanLine, 'no'> | undefined) =>
  l ? { volume: l.volume, unit: l.unit, unitPrice: l.unitPrice, amount: l.amount } : null;

/**
 * Semula beside menjadi for every line of either version, matched by line id (a line carried into an amendment
 * keeps its id); a line without an id cannot be matched and shows as removed and added.
 */
export function buildPlanAmendment(previousVersion: number, before: PlanLineRow[], after: Omit<PlanLine, 'no'>[]): PlanAmendment {
  const old = before.map((row, i) => planLine(row, `previous.lines[${i}]`));
  const oldById = new Map(old.filter((l) => l.lineId !== null).map((l) => [l.lineId!, l]));
  const seen = new Set<string>();
  const merged: Array<Omit<PlanChangeLine, 'no'>> = [];
  for (const now of after) {
    const was = now.lineId !== null ? oldById.get(now.lineId) : undefined;
    if (was) seen.add(was.lineId!);
    merged.push({ ...describe(now), before: side(was), after: side(now), difference: now.amount - (was?.amount ?? 0) });
  }
  for (const was of old) {
    if (was.lineId !== null && seen.has(was.lineId)) continue;
    merged.push({ ...describe(was), before: side(was), after: null, difference: -was.amount });
  }
  const groups: PlanChangeGroup[] = SPENDING_CATEGORIES.map((category) => {
    const lines = merged
      .filter((l) => l.category === category)
      .sort(compareLines)
      .map((l, i) => ({ no: i + 1, ...l }));
    const beforeSum = lines.reduce((a, l) => a + (l.before?.amount ?? 0), 0);
    const afterSum = lines.reduce((a, l) => a + (l.after?.amount ?? 0), 0);
    return {
      letter: CATEGORY_LETTER[category],
      category,
      subKegiatan: SUB_KEGIATAN[category],
      lines,
      before: beforeSum,
      after: afterSum,
      difference: afterSum - beforeSum,
    };
  });
  const totalBefore = groups.reduce((a, g) => a + g.before, 0);
  const totalAfter = groups.reduce((a, g) => a + g.after, 0);
  return { previousVersion, groups, totalBefore, totalAfter, difference: totalAfter - totalBefore };
}

function describe(l: Omit<PlanLine, 'no'>) {
  return {
    lineId: l.lineId,
    category: l.category,
    subType: l.subType,
    accountCode: l.accountCode,
    description: l.description,
    location: l.location,
    fundingSource: l.fundingSource,
  };
}

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
  const current = input.lines.map((row, i) => planLine(row, `lines[${i}]`));
  for (const line of current) byCategory.get(line.category)!.push(line);

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

  const amendment = input.previous ? buildPlanAmendment(input.previous.version, input.previous.lines, current) : null;
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
    amountsInWords: [
      { figure: 'planned' as const, amount: total, words: totalInWords(total) },
      ...(amendment ? [{ figure: 'planDifference' as const, amount: amendment.difference, words: totalInWords(amendment.difference) }] : []),
    ],
    fundingSources: distinctFundingSources(current),
    approval,
    amendment,
    supersededBy: input.supersededBy ?? null,
    signature: buildSignatureSection(input.signature),
  };
  return { ...base, document: buildDocumentFooter(input.document, modelFingerprint(base)) };
}

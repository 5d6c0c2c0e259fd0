import { money } from '../../common/money/rupiah';
import { subKegiatanOf } from '../reference/taxonomy';
import type { LineChangeDto, PlanLineDto } from './plan.dto';
import { volumeToNumber } from './plan-line-amount';
import type { LineRow } from './plan.repository';

export const iso = (v: Date | string | null): string | null => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/** The fields a line has in a version, as the versions listing compares them (semula/menjadi). */
export const LINE_FIELDS = ['category', 'subType', 'description', 'accountCode', 'volume', 'unit', 'unitPrice', 'amount', 'location', 'fundingSource'] as const;

export function toLine(r: LineRow): PlanLineDto {
  return {
    id: r.line_id,
    position: r.position,
    category: r.category,
    subType: r.sub_type,
    subKegiatanCode: subKegiatanOf(r.category).code,
    description: r.description,
    accountCode: r.account_code,
    volume: volumeToNumber(r.volume),
    unit: r.unit,
    unitPrice: money(r.unit_price),
    amount: money(r.amount),
    location: r.location,
    fundingSource: r.funding_source,
    spent: money(r.spent),
  };
}

/** Semula/menjadi per line between two versions: added, removed, changed (with the fields that changed). */
export function diffLines(before: PlanLineDto[], after: PlanLineDto[]): LineChangeDto[] {
  const snap = (l: PlanLineDto) => Object.fromEntries(LINE_FIELDS.map((f) => [f, l[f]]));
  const old = new Map(before.map((l) => [l.id, l]));
  const out: LineChangeDto[] = [];
  for (const l of after) {
    const o = old.get(l.id);
    if (!o) {
      out.push({ lineId: l.id, type: 'added', description: l.description, fields: [...LINE_FIELDS], before: null, after: snap(l) });
      continue;
    }
    old.delete(l.id);
    const fields = LINE_FIELDS.filter((f) => o[f] !== l[f]);
    if (fields.length) out.push({ lineId: l.id, type: 'changed', description: l.description, fields, before: snap(o), after: snap(l) });
  }
  for (const o of old.values()) {
    out.push({ lineId: o.id, type: 'removed', description: o.description, fields: [...LINE_FIELDS], before: snap(o), after: null });
  }
  return out;
}

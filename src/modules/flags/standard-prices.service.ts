import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import type { ErrorDetail } from '../../common/errors/app-error';
import { formatRupiah, money } from '../../common/money/rupiah';
import { MutationRunner } from '../../database/mutation-runner';
import { RegionsService } from '../regions/regions.service';
import { flagId, priceMatchKey, StandardPriceItem } from './flag-rules';
import { FLAG_ERRORS } from './flags.errors';

/** A plan line as the submit check needs it (plans hands these over; no plan SQL here). */
export interface CeilingCheckLine {
  lineId: string;
  position: number;
  description: string;
  unit: string;
  unitPrice: number;
}

export interface StandardPriceImportResult {
  kabkota: string;
  year: number;
  items: number;
  ceilings: number;
  estimates: number;
  replaced: number;
}

const KIND: Record<string, 'ceiling' | 'estimate'> = {
  ceiling: 'ceiling', batas: 'ceiling', batas_tertinggi: 'ceiling', hard: 'ceiling',
  estimate: 'estimate', estimasi: 'estimate', perkiraan: 'estimate',
};
const COLUMNS = ['code', 'description', 'unit', 'price', 'kind'] as const;
const MAX_ITEMS = 100_000;

/**
 * The Pemda's standard price list (SSH/SBU) per kab/kota and year. Perpres 33/2020 distinguishes a hard ceiling
 * (batas tertinggi) from a planning estimate: a plan line matched to an item (same description and unit) above a
 * ceiling cannot be submitted; above an estimate it is flagged for the lurah's reason.
 */
@Injectable()
export class StandardPricesService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly regions: RegionsService,
  ) {}

  /** Replaces the list of one kab/kota and year with the CSV (code, description, unit, price, kind), all or nothing. */
  async import(user: AuthUser, kabkota: string, year: number, csv: string | Buffer): Promise<StandardPriceImportResult> {
    await this.regions.assertVisible(user, kabkota);
    const items = parseStandardPrices(csv);
    const answer = await this.runner.run(user, async (m) => {
      const [{ n: replaced }]: Array<{ n: number }> = await m.query(
        'WITH gone AS (DELETE FROM standard_price WHERE kabkota_code = $1 AND year = $2 RETURNING 1) SELECT count(*)::int AS n FROM gone',
        [kabkota, year],
      );
      const CHUNK = 2_000;
      for (let i = 0; i < items.length; i += CHUNK) {
        const part = items.slice(i, i + CHUNK);
        await m.query(
          `INSERT INTO standard_price (kabkota_code, year, code, description, unit, price, kind, match_key, imported_by)
           SELECT $1, $2, c, d, u, p, k, mk, $3
             FROM unnest($4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[]) AS t(c, d, u, p, k, mk)`,
          [kabkota, year, user.id, part.map((x) => x.code), part.map((x) => x.description), part.map((x) => x.unit),
            part.map((x) => x.price), part.map((x) => x.kind), part.map((x) => priceMatchKey(x.description, x.unit))],
        );
      }
      const body: StandardPriceImportResult = {
        kabkota, year, items: items.length, ceilings: items.filter((x) => x.kind === 'ceiling').length,
        estimates: items.filter((x) => x.kind === 'estimate').length, replaced,
      };
      return { body, audit: { action: 'standard_price.import', entity: 'standard_price', entityId: `${kabkota}/${year}`, regionCode: kabkota, after: body } };
    });
    return answer.body;
  }

  /** The lists of several kab/kota at once (kab/kota → match key → item), for a province or national detection. */
  async itemsForMany(kabkotas: string[], year: number): Promise<Map<string, Map<string, StandardPriceItem>>> {
    const rows: Array<{ kabkota_code: string; code: string; description: string; unit: string; price: string; kind: 'ceiling' | 'estimate'; match_key: string }> = await this.db.query(
      `SELECT kabkota_code, code, description, unit, price, kind, match_key FROM standard_price
        WHERE kabkota_code = ANY($1::text[]) AND year = $2 ORDER BY kabkota_code, match_key, price, code`,
      [kabkotas, year],
    );
    const out = new Map<string, Map<string, StandardPriceItem>>(kabkotas.map((k) => [k, new Map()]));
    for (const r of rows) {
      const items = out.get(r.kabkota_code)!;
      if (!items.has(r.match_key)) items.set(r.match_key, { code: r.code, description: r.description, unit: r.unit, price: money(r.price), kind: r.kind });
    }
    return out;
  }

  /** The list of a kab/kota and year by match key (description|unit); a key listed twice keeps the lower price. */
  async itemsFor(kabkota: string, year: number, m: EntityManager = this.db.manager): Promise<Map<string, StandardPriceItem>> {
    const rows: Array<{ code: string; description: string; unit: string; price: string; kind: 'ceiling' | 'estimate'; match_key: string }> = await m.query(
      'SELECT code, description, unit, price, kind, match_key FROM standard_price WHERE kabkota_code = $1 AND year = $2 ORDER BY match_key, price, code',
      [kabkota, year],
    );
    const out = new Map<string, StandardPriceItem>();
    for (const r of rows) {
      if (!out.has(r.match_key)) out.set(r.match_key, { code: r.code, description: r.description, unit: r.unit, price: money(r.price), kind: r.kind });
    }
    return out;
  }

  /**
   * The submit-time check plans calls, in the caller's transaction: 422 PRICE_ABOVE_CEILING naming the first line
   * whose unit price exceeds the hard ceiling of its matched item (and, in details, every such line); then 422
   * PRICE_ESTIMATE_REASON_REQUIRED for lines above a planning estimate whose flag has no reason from the lurah yet
   * (nor a resolution by the camat).
   */
  async assertPriceRules(m: EntityManager, kelurahanCode: string, year: number, lines: CeilingCheckLine[]): Promise<void> {
    const items = await this.itemsFor(kelurahanCode.slice(0, 5), year, m);
    if (!items.size) return;
    const matched = lines
      .map((l) => ({ l, item: items.get(priceMatchKey(l.description, l.unit)) }))
      .filter((x): x is { l: CeilingCheckLine; item: StandardPriceItem } => x.item !== undefined && x.l.unitPrice > x.item.price)
      .sort((a, b) => a.l.position - b.l.position);
    const over = matched.filter((x) => x.item.kind === 'ceiling');
    if (over.length) {
      const [{ l, item }] = over;
      const e = FLAG_ERRORS.error('PRICE_ABOVE_CEILING', l.description, l.unitPrice, item.price, item.code);
      throw e.with(
        over.map(({ l: line, item: it }) => ({
          field: 'lines', message: `harga satuan ${line.unitPrice} melebihi batas ${it.price} (${it.code})`,
          lineId: line.lineId, description: line.description, unitPrice: line.unitPrice, ceiling: it.price, standardCode: it.code,
        })),
      );
    }
    const estimates = matched.map((x) => ({ ...x, flagId: flagId(kelurahanCode, year, 'PRICE_ABOVE_ESTIMATE', x.l.lineId) }));
    if (!estimates.length) return;
    const answered: Array<{ id: string }> = await m.query(
      `SELECT id FROM flag WHERE id = ANY($1::text[]) AND (reason IS NOT NULL OR status = 'resolved')`,
      [estimates.map((x) => x.flagId)],
    );
    const done = new Set(answered.map((r) => r.id));
    const open = estimates.filter((x) => !done.has(x.flagId));
    if (!open.length) return;
    const [{ l, item }] = open;
    throw FLAG_ERRORS.error('PRICE_ESTIMATE_REASON_REQUIRED', l.description, l.unitPrice, item.price, item.code).with(
      open.map(({ l: line, item: it, flagId: id }) => ({
        field: 'lines', message: `Rincian "${line.description}": harga satuan ${formatRupiah(line.unitPrice)} di atas estimasi ${formatRupiah(it.price)} (${it.code}); berikan alasan sebelum mengajukan`,
        lineId: line.lineId, description: line.description, unitPrice: line.unitPrice, estimate: it.price, standardCode: it.code, flagId: id,
      })),
    );
  }
}

/** The CSV as items; every bad cell is named (row and column) in one 400. */
export function parseStandardPrices(csv: string | Buffer): StandardPriceItem[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw FLAG_ERRORS.error('STANDARD_PRICE_CSV_INVALID', (e as Error).message).with([{ field: 'body', message: (e as Error).message }]);
  }
  if (!records.length) throw FLAG_ERRORS.error('STANDARD_PRICE_CSV_INVALID', 'tidak ada baris').with([{ field: 'body', message: 'tidak ada baris' }]);
  const missing = COLUMNS.filter((c) => !(c in records[0]));
  if (missing.length) {
    throw FLAG_ERRORS.error('STANDARD_PRICE_CSV_INVALID', `kolom ${missing.join(', ')} tidak ada`).with(missing.map((c) => ({ field: c, message: 'kolom wajib' })));
  }
  if (records.length > MAX_ITEMS) throw FLAG_ERRORS.error('STANDARD_PRICE_CSV_INVALID', `lebih dari ${MAX_ITEMS} baris`).with([{ field: 'body', message: 'terlalu banyak baris' }]);
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const items: StandardPriceItem[] = [];
  records.forEach((r, i) => {
    const row = i + 2;
    const bad = (field: string, message: string) => details.push({ field: `row ${row}: ${field}`, message });
    if (!r.code) bad('code', 'kode wajib diisi');
    else if (seen.has(r.code)) bad('code', `kode ${r.code} ganda`);
    seen.add(r.code);
    if (!r.description) bad('description', 'uraian wajib diisi');
    if (!r.unit) bad('unit', 'satuan wajib diisi');
    const price = /^\d{1,13}$/.test(r.price ?? '') ? Number(r.price) : NaN;
    if (!(price >= 1 && price <= 10_000_000_000_000)) bad('price', 'harga harus rupiah utuh 1 sampai 10 triliun, tanpa titik atau koma');
    const kind = KIND[(r.kind ?? '').toLowerCase()];
    if (!kind) bad('kind', 'jenis harus ceiling (batas tertinggi) atau estimate (estimasi)');
    if (r.code && r.description && r.unit && kind && price >= 1) items.push({ code: r.code, description: r.description, unit: r.unit, price, kind });
  });
  if (details.length) {
    throw FLAG_ERRORS.error('STANDARD_PRICE_CSV_INVALID', `${details.length} isian salah`).with(details.slice(0, 100));
  }
  return items;
}

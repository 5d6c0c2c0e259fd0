import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ErrorDetail } from '../../common/errors/app-error';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { formatRupiah } from '../../common/money/rupiah';
import { BOOKS_ERRORS } from './books.errors';
import { checkTaxLine, TAX_LABELS, TAX_TYPES, type TaxLineInput, type TaxType } from './tax/tax-rules';

export interface CheckedTax {
  type: TaxType;
  base: number;
  rate: number;
  amount: number;
  ruleId: string | null;
  reason: string | null;
}

export interface TaxLine extends CheckedTax {
  id: string;
  spendingEntryId: string;
  reversesId: string | null;
}

export interface TaxPosition {
  type: TaxType;
  label: string;
  withheld: number;
  deposited: number;
  outstanding: number;
}

interface TaxLineRow {
  id: string;
  spending_entry_id: string;
  type: TaxType;
  base: string;
  rate: string;
  amount: string;
  rule_id: string | null;
  reason: string | null;
  reverses_id: string | null;
}

const toLine = (r: TaxLineRow): TaxLine => ({
  id: r.id, spendingEntryId: r.spending_entry_id, type: r.type, base: Number(r.base), rate: Number(r.rate), amount: Number(r.amount),
  ruleId: r.rule_id, reason: r.reason, reversesId: r.reverses_id,
});

/** Taxes withheld on payments (tax_line, append-only) and what is withheld and deposited per tax (tax_balance). */
@Injectable()
export class TaxService {
  constructor(private readonly db: DataSource) {}

  /** Checks the tax lines of a payment dated `date` for `amount`; 400 naming `taxes[i].field`. */
  check(taxes: TaxLineInput[] | undefined, date: string, amount: number): CheckedTax[] {
    const lines = taxes ?? [];
    const details: ErrorDetail[] = [];
    const out: CheckedTax[] = [];
    lines.forEach((t, i) => {
      const r = checkTaxLine(t, date);
      if ('problem' in r) details.push({ field: `taxes.${i}.${r.problem.field}`, message: r.problem.message });
      else out.push({ type: t.type as TaxType, base: t.base, rate: t.rate, amount: t.amount, ruleId: r.ruleId, reason: t.reason?.trim() || null });
    });
    const types = lines.map((t) => t.type);
    types.forEach((t, i) => {
      if (types.indexOf(t) !== i) details.push({ field: `taxes.${i}.type`, message: `${t} sudah ada di baris pajak lain pembayaran ini` });
    });
    if (!details.length) {
      const total = out.reduce((s, t) => s + t.amount, 0);
      if (total > amount) details.push({ field: 'taxes', message: `jumlah pajak ${formatRupiah(total)} melebihi jumlah pembayaran ${formatRupiah(amount)}` });
    }
    if (details.length) {
      throw COMMON_ERRORS.error('VALIDATION_FAILED', [...new Set(details.map((d) => String(d.field)))]).with(details);
    }
    return out;
  }

  /** Writes a payment's tax lines and adds them to what is withheld; call with the cash account already locked. */
  async write(m: EntityManager, entry: { id: string; kelurahanCode: string; year: number; date: string }, taxes: CheckedTax[]): Promise<TaxLine[]> {
    if (!taxes.length) return [];
    const rows = taxes.map((t) => ({ id: randomUUID(), ...t }));
    const inserted: TaxLineRow[] = await m.query(
      `INSERT INTO tax_line (id, spending_entry_id, kelurahan_code, year, booked_on, type, base, rate, amount, rule_id, reason)
       SELECT x.id, $1, $2, $3, $4::date, x.type, x.base, x.rate, x.amount, x."ruleId", x.reason
         FROM jsonb_to_recordset($5::jsonb) AS x(id uuid, type text, base bigint, rate numeric, amount bigint, "ruleId" text, reason text)
       RETURNING id, spending_entry_id, type, base, rate, amount, rule_id, reason, reverses_id`,
      [entry.id, entry.kelurahanCode, entry.year, entry.date, JSON.stringify(rows)],
    );
    await this.moveWithheld(m, entry.kelurahanCode, entry.year, taxes.map((t) => ({ type: t.type, amount: t.amount })));
    return inserted.map(toLine);
  }

  /** The opposite lines for a reversed payment; refused while what was withheld on it is already deposited. */
  async reverse(m: EntityManager, originalId: string, reversal: { id: string; kelurahanCode: string; year: number; date: string }): Promise<TaxLine[]> {
    const original: TaxLineRow[] = await m.query(
      `SELECT id, spending_entry_id, type, base, rate, amount, rule_id, reason, reverses_id FROM tax_line WHERE spending_entry_id = $1 ORDER BY seq`,
      [originalId],
    );
    if (!original.length) return [];
    const positions = await this.lockPositions(m, reversal.kelurahanCode, reversal.year, original.map((t) => t.type));
    for (const t of original) {
      const p = positions.get(t.type)!;
      if (p.withheld - Number(t.amount) < p.deposited) {
        throw BOOKS_ERRORS.error('BOOKS_TAX_ALREADY_DEPOSITED', TAX_LABELS[t.type]).with([
          { field: 'id', message: `sisa ${TAX_LABELS[t.type]} belum disetor ${formatRupiah(p.withheld - p.deposited)}, pajak pembayaran ini ${formatRupiah(Number(t.amount))}` },
        ]);
      }
    }
    const inserted: TaxLineRow[] = await m.query(
      `INSERT INTO tax_line (spending_entry_id, kelurahan_code, year, booked_on, type, base, rate, amount, rule_id, reason, reverses_id)
       SELECT $2::uuid, kelurahan_code, year, $3::date, type, -base, rate, -amount, rule_id, reason, id FROM tax_line WHERE spending_entry_id = $1 ORDER BY seq
       RETURNING id, spending_entry_id, type, base, rate, amount, rule_id, reason, reverses_id`,
      [originalId, reversal.id, reversal.date],
    );
    await this.moveWithheld(m, reversal.kelurahanCode, reversal.year, inserted.map((t) => ({ type: t.type, amount: Number(t.amount) })));
    return inserted.map(toLine);
  }

  /** Locks the positions of these taxes (creating them at zero) and returns them. */
  async lockPositions(m: EntityManager, kelurahanCode: string, year: number, types: TaxType[]): Promise<Map<TaxType, { withheld: number; deposited: number }>> {
    const unique = [...new Set(types)].sort();
    await m.query(
      `INSERT INTO tax_balance (kelurahan_code, year, type) SELECT $1, $2, t FROM unnest($3::text[]) t ON CONFLICT DO NOTHING`,
      [kelurahanCode, year, unique],
    );
    const rows: Array<{ type: TaxType; withheld: string; deposited: string }> = await m.query(
      `SELECT type, withheld, deposited FROM tax_balance WHERE kelurahan_code = $1 AND year = $2 AND type = ANY($3::text[]) ORDER BY type FOR UPDATE`,
      [kelurahanCode, year, unique],
    );
    return new Map(rows.map((r) => [r.type, { withheld: Number(r.withheld), deposited: Number(r.deposited) }]));
  }

  async moveDeposited(m: EntityManager, kelurahanCode: string, year: number, type: TaxType, amount: number): Promise<void> {
    await m.query(`UPDATE tax_balance SET deposited = deposited + $4 WHERE kelurahan_code = $1 AND year = $2 AND type = $3`, [kelurahanCode, year, type, amount]);
  }

  // Rows locked in type order first, then moved: an upsert would check its proposed row (a negative for a reversal).
  private async moveWithheld(m: EntityManager, kelurahanCode: string, year: number, moves: Array<{ type: TaxType; amount: number }>): Promise<void> {
    await this.lockPositions(m, kelurahanCode, year, moves.map((x) => x.type));
    await m.query(
      `UPDATE tax_balance b SET withheld = b.withheld + x.total
         FROM (SELECT type, sum(amount) AS total FROM jsonb_to_recordset($3::jsonb) AS r(type text, amount bigint) GROUP BY type) x
        WHERE b.kelurahan_code = $1 AND b.year = $2 AND b.type = x.type`,
      [kelurahanCode, year, JSON.stringify(moves)],
    );
  }

  /** Tax lines of these payments, in booking order. */
  async linesOf(entryIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, TaxLine[]>> {
    const out = new Map<string, TaxLine[]>();
    if (!entryIds.length) return out;
    const rows: TaxLineRow[] = await m.query(
      `SELECT id, spending_entry_id, type, base, rate, amount, rule_id, reason, reverses_id FROM tax_line WHERE spending_entry_id = ANY($1::uuid[]) ORDER BY seq`,
      [entryIds],
    );
    for (const r of rows) {
      const list = out.get(r.spending_entry_id) ?? [];
      list.push(toLine(r));
      out.set(r.spending_entry_id, list);
    }
    return out;
  }

  /** Withheld, deposited and outstanding per tax for a kelurahan and year (every type, zero when none). */
  async positions(kelurahanCode: string, year: number, m: EntityManager = this.db.manager): Promise<TaxPosition[]> {
    const rows: Array<{ type: TaxType; withheld: string; deposited: string }> = await m.query(
      `SELECT type, withheld, deposited FROM tax_balance WHERE kelurahan_code = $1 AND year = $2`,
      [kelurahanCode, year],
    );
    return TAX_TYPES.map((type) => {
      const r = rows.find((x) => x.type === type);
      const withheld = Number(r?.withheld ?? 0);
      const deposited = Number(r?.deposited ?? 0);
      return { type, label: TAX_LABELS[type], withheld, deposited, outstanding: withheld - deposited };
    });
  }

  /** Withheld less deposited for one tax up to and including `date`, from the ledgers themselves. */
  async outstandingAt(m: EntityManager, kelurahanCode: string, year: number, type: TaxType, date: string): Promise<number> {
    const [row] = await m.query(
      `SELECT (SELECT COALESCE(sum(amount), 0) FROM tax_line WHERE kelurahan_code = $1 AND year = $2 AND type = $3 AND booked_on <= $4::date)
            - (SELECT COALESCE(sum(amount), 0) FROM tax_deposit WHERE kelurahan_code = $1 AND year = $2 AND type = $3 AND deposited_on <= $4::date) AS outstanding`,
      [kelurahanCode, year, type, date],
    );
    return Number(row.outstanding);
  }

  /** Stored positions that differ from the ledgers, or a tax deposited beyond what was withheld by `end`. */
  async reconcile(m: EntityManager, kelurahanCode: string, year: number, end: string): Promise<ErrorDetail[]> {
    const rows: Array<{ type: TaxType; stored_w: string | null; stored_d: string | null; w: string; d: string; w_end: string; d_end: string }> = await m.query(
      `SELECT t.type, b.withheld AS stored_w, b.deposited AS stored_d,
              (SELECT COALESCE(sum(amount), 0) FROM tax_line l WHERE l.kelurahan_code = $1 AND l.year = $2 AND l.type = t.type) AS w,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit d WHERE d.kelurahan_code = $1 AND d.year = $2 AND d.type = t.type) AS d,
              (SELECT COALESCE(sum(amount), 0) FROM tax_line l WHERE l.kelurahan_code = $1 AND l.year = $2 AND l.type = t.type AND l.booked_on <= $3::date) AS w_end,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit d WHERE d.kelurahan_code = $1 AND d.year = $2 AND d.type = t.type AND d.deposited_on <= $3::date) AS d_end
         FROM unnest($4::text[]) AS t(type)
         LEFT JOIN tax_balance b ON b.kelurahan_code = $1 AND b.year = $2 AND b.type = t.type`,
      [kelurahanCode, year, end, TAX_TYPES],
    );
    const problems: ErrorDetail[] = [];
    for (const r of rows) {
      if (Number(r.stored_w ?? 0) !== Number(r.w) || Number(r.stored_d ?? 0) !== Number(r.d)) {
        problems.push({ field: r.type, message: `posisi ${TAX_LABELS[r.type]} tersimpan berbeda dari buku pajak` });
      }
      if (Number(r.d_end) > Number(r.w_end)) {
        problems.push({ field: r.type, message: `setoran ${TAX_LABELS[r.type]} per ${end} melebihi pungutan` });
      }
    }
    return problems;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ancestorsOf } from '../../regions/region-code';
import type { RegionIdentity } from '../model/report.types';
import type { TaxType } from '../../books/tax/tax-rules';
import type { BkuPostingRow } from './bku.model';
import type { LpjInput } from './lpj.model';
import type { PajakEventRow } from './pajak.model';

export interface Person {
  name: string;
  nip: string | null;
  rank: string | null;
}

export interface BookPeople {
  lurah: Person | null;
  bendahara: Person | null;
}

export interface BkuData {
  region: RegionIdentity;
  opening: number;
  before: { receipts: number; payments: number };
  rows: BkuPostingRow[];
  closingByAccount: { TUNAI: number; BANK: number; LS: number };
  taxHeld: number;
  closed: boolean;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
const firstDay = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;

/**
 * The read side of the bendahara's books for documents: the cash ledger of one kelurahan and month with the region
 * lineage, the month's status and the signatories, in a few round trips of one snapshot (the caller's transaction).
 */
@Injectable()
export class BooksRepository {
  constructor(private readonly db: DataSource) {}

  async region(m: EntityManager, kelurahanCode: string): Promise<RegionIdentity | null> {
    const rows: Array<{ code: string; name: string; level: 'kelurahan' | 'kecamatan' | 'kabkota' | 'provinsi' }> = await m.query(
      `SELECT code, name, level FROM region WHERE code = ANY($1::text[])`,
      [[kelurahanCode, ...ancestorsOf(kelurahanCode)]],
    );
    if (!rows.some((r) => r.code === kelurahanCode && r.level === 'kelurahan')) return null;
    const identity: RegionIdentity = { level: 'kelurahan' };
    for (const r of rows) identity[r.level] = { code: r.code, name: r.name };
    return identity;
  }

  /** The active lurah and bendahara of the kelurahan (the earliest created of each), who sign its books. */
  async people(m: EntityManager, kelurahanCode: string): Promise<BookPeople> {
    const rows: Array<{ role: 'lurah' | 'bendahara'; full_name: string; nip: string | null; rank: string | null }> = await m.query(
      `SELECT DISTINCT ON (role) role, full_name, nip, rank FROM app_user
        WHERE active AND region_code = $1 AND role IN ('lurah', 'bendahara') ORDER BY role, created_at, id`,
      [kelurahanCode],
    );
    const pick = (role: string) => {
      const r = rows.find((x) => x.role === role);
      return r ? { name: r.full_name, nip: r.nip, rank: r.rank } : null;
    };
    return { lurah: pick('lurah'), bendahara: pick('bendahara') };
  }

  async bku(m: EntityManager, kelurahanCode: string, year: number, month: number): Promise<Omit<BkuData, 'region'>> {
    const start = firstDay(year, month);
    const end = lastDay(year, month);
    const [sums]: Array<{ receipts_before: string; payments_before: string; tunai: string; bank: string; ls: string; tax_held: string; closed: boolean | null }> =
      await m.query(
        `SELECT COALESCE(sum(amount) FILTER (WHERE posted_on < $3::date AND amount > 0), 0) AS receipts_before,
                COALESCE(-sum(amount) FILTER (WHERE posted_on < $3::date AND amount < 0), 0) AS payments_before,
                COALESCE(sum(amount) FILTER (WHERE posted_on <= $4::date AND account = 'TUNAI'), 0) AS tunai,
                COALESCE(sum(amount) FILTER (WHERE posted_on <= $4::date AND account = 'BANK'), 0) AS bank,
                COALESCE(sum(amount) FILTER (WHERE posted_on <= $4::date AND account = 'LS'), 0) AS ls,
                (SELECT COALESCE(sum(amount), 0) FROM tax_line WHERE kelurahan_code = $1 AND year = $2 AND booked_on <= $4::date)
                  - (SELECT COALESCE(sum(amount), 0) FROM tax_deposit WHERE kelurahan_code = $1 AND year = $2 AND deposited_on <= $4::date) AS tax_held,
                (SELECT closed FROM book_period WHERE kelurahan_code = $1 AND year = $2 AND month = $5) AS closed
           FROM cash_posting WHERE kelurahan_code = $1 AND year = $2`,
        [kelurahanCode, year, start, end, month],
      );
    const rows: Array<{ date: string; kind: BkuPostingRow['kind']; account: BkuPostingRow['account']; amount: string; reference_no: string; account_code: string | null; description: string }> =
      await m.query(
        `SELECT posted_on::text AS date, kind, account, amount, reference_no, account_code, description
           FROM cash_posting WHERE kelurahan_code = $1 AND year = $2 AND posted_on BETWEEN $3::date AND $4::date
          ORDER BY posted_on, seq`,
        [kelurahanCode, year, start, end],
      );
    const before = { receipts: Number(sums.receipts_before), payments: Number(sums.payments_before) };
    return {
      opening: before.receipts - before.payments,
      before,
      rows: rows.map((r) => ({ date: r.date, kind: r.kind, account: r.account, amount: Number(r.amount), referenceNo: r.reference_no, accountCode: r.account_code, description: r.description })),
      closingByAccount: { TUNAI: Number(sums.tunai), BANK: Number(sums.bank), LS: Number(sums.ls) },
      taxHeld: Number(sums.tax_held),
      closed: !!sums.closed,
    };
  }

  /** Tax events of the month (lines withheld, deposits) and the year's totals per tax before it. */
  async pajak(m: EntityManager, kelurahanCode: string, year: number, month: number): Promise<{ rows: PajakEventRow[]; before: Partial<Record<TaxType, { withheld: number; deposited: number }>> }> {
    const start = firstDay(year, month);
    const end = lastDay(year, month);
    const rows: Array<{ date: string; type: TaxType; side: 'PUNGUT' | 'SETOR'; amount: string; reference_no: string; description: string }> = await m.query(
      `SELECT * FROM (
         SELECT l.booked_on::text AS date, l.type, 'PUNGUT' AS side, l.amount, e.evidence_no AS reference_no, e.description, 1 AS o, l.seq
           FROM tax_line l JOIN spending_entry e ON e.id = l.spending_entry_id
          WHERE l.kelurahan_code = $1 AND l.year = $2 AND l.booked_on BETWEEN $3::date AND $4::date AND l.amount <> 0
         UNION ALL
         SELECT d.deposited_on::text, d.type, 'SETOR', d.amount, 'NTPN ' || d.ntpn, d.description, 2, d.seq
           FROM tax_deposit d WHERE d.kelurahan_code = $1 AND d.year = $2 AND d.deposited_on BETWEEN $3::date AND $4::date
       ) x ORDER BY date, o, seq`,
      [kelurahanCode, year, start, end],
    );
    const sums: Array<{ type: TaxType; withheld: string; deposited: string }> = await m.query(
      `SELECT t.type,
              (SELECT COALESCE(sum(amount), 0) FROM tax_line WHERE kelurahan_code = $1 AND year = $2 AND type = t.type AND booked_on < $3::date) AS withheld,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit WHERE kelurahan_code = $1 AND year = $2 AND type = t.type AND deposited_on < $3::date) AS deposited
         FROM unnest(ARRAY['PPN','PPH21','PPH22','PPH23','PPH4_2','LAINNYA']) AS t(type)`,
      [kelurahanCode, year, start],
    );
    return {
      rows: rows.map((r) => ({ date: r.date, type: r.type, side: r.side, amount: Number(r.amount), referenceNo: r.reference_no, description: r.description })),
      before: Object.fromEntries(sums.map((r) => [r.type, { withheld: Number(r.withheld), deposited: Number(r.deposited) }])),
    };
  }

  /** The LPJ's figures for the month: SPJ per kode rekening, funds, taxes, and the closing cash, from the cash ledger. */
  async lpj(m: EntityManager, kelurahanCode: string, year: number, month: number): Promise<Omit<LpjInput, 'region' | 'year' | 'month' | 'signature' | 'document'>> {
    const start = firstDay(year, month);
    const end = lastDay(year, month);
    const spending: Array<{ account_code: string; ls_b: string; ls_m: string; up_b: string; up_m: string }> = await m.query(
      `SELECT p.account_code,
              COALESCE(-sum(p.amount) FILTER (WHERE p.account = 'LS' AND p.posted_on < $3::date), 0) AS ls_b,
              COALESCE(-sum(p.amount) FILTER (WHERE p.account = 'LS' AND p.posted_on >= $3::date), 0) AS ls_m,
              COALESCE(-sum(p.amount) FILTER (WHERE p.account <> 'LS' AND p.posted_on < $3::date), 0) AS up_b,
              COALESCE(-sum(p.amount) FILTER (WHERE p.account <> 'LS' AND p.posted_on >= $3::date), 0) AS up_m
         FROM cash_posting p WHERE p.kelurahan_code = $1 AND p.year = $2 AND p.kind = 'PAYMENT' AND p.posted_on <= $4::date
        GROUP BY p.account_code`,
      [kelurahanCode, year, start, end],
    );
    const [k]: Array<Record<string, string>> = await m.query(
      `SELECT COALESCE(sum(amount) FILTER (WHERE kind = 'FUND_IN' AND posted_on < $3::date), 0) AS in_b,
              COALESCE(sum(amount) FILTER (WHERE kind = 'FUND_IN' AND posted_on >= $3::date), 0) AS in_m,
              COALESCE(sum(amount) FILTER (WHERE kind = 'LS_IN' AND posted_on < $3::date), 0) AS ls_b,
              COALESCE(sum(amount) FILTER (WHERE kind = 'LS_IN' AND posted_on >= $3::date), 0) AS ls_m,
              COALESCE(-sum(amount) FILTER (WHERE kind = 'FUND_RETURN' AND posted_on < $3::date), 0) AS sts_b,
              COALESCE(-sum(amount) FILTER (WHERE kind = 'FUND_RETURN' AND posted_on >= $3::date), 0) AS sts_m,
              COALESCE(sum(amount), 0) AS closing
         FROM cash_posting WHERE kelurahan_code = $1 AND year = $2 AND posted_on <= $4::date`,
      [kelurahanCode, year, start, end],
    );
    const taxes: Array<{ type: TaxType; w_b: string; w_m: string; d_b: string; d_m: string }> = await m.query(
      `SELECT t.type,
              (SELECT COALESCE(sum(amount), 0) FROM tax_line WHERE kelurahan_code = $1 AND year = $2 AND type = t.type AND booked_on < $3::date) AS w_b,
              (SELECT COALESCE(sum(amount), 0) FROM tax_line WHERE kelurahan_code = $1 AND year = $2 AND type = t.type AND booked_on BETWEEN $3::date AND $4::date) AS w_m,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit WHERE kelurahan_code = $1 AND year = $2 AND type = t.type AND deposited_on < $3::date) AS d_b,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit WHERE kelurahan_code = $1 AND year = $2 AND type = t.type AND deposited_on BETWEEN $3::date AND $4::date) AS d_m
         FROM unnest(ARRAY['PPN','PPH21','PPH22','PPH23','PPH4_2','LAINNYA']) AS t(type)`,
      [kelurahanCode, year, start, end],
    );
    const s = (b: string, mm: string) => ({ before: Number(b), thisMonth: Number(mm) });
    return {
      spending: spending.map((r) => ({ accountCode: r.account_code ?? '-', ls: s(r.ls_b, r.ls_m), up: s(r.up_b, r.up_m) })),
      fundsIn: s(k.in_b, k.in_m),
      lsIn: s(k.ls_b, k.ls_m),
      returns: s(k.sts_b, k.sts_m),
      taxes: Object.fromEntries(taxes.filter((t) => Number(t.w_b) || Number(t.w_m) || Number(t.d_b) || Number(t.d_m))
        .map((t) => [t.type, { withheld: s(t.w_b, t.w_m), deposited: s(t.d_b, t.d_m) }])),
      closing: Number(k.closing),
    };
  }

  /** The plain sums of the same rows (the benchmark's baseline and the reconciliation in tests). */
  async bkuTotals(kelurahanCode: string, year: number, month: number): Promise<{ receipts: number; payments: number; rows: number }> {
    const [r] = await this.db.query(
      `SELECT COALESCE(sum(amount) FILTER (WHERE amount > 0), 0) AS receipts, COALESCE(-sum(amount) FILTER (WHERE amount < 0), 0) AS payments, count(*)::int AS rows
         FROM cash_posting WHERE kelurahan_code = $1 AND year = $2 AND posted_on BETWEEN $3::date AND $4::date`,
      [kelurahanCode, year, firstDay(year, month), lastDay(year, month)],
    );
    return { receipts: Number(r.receipts), payments: Number(r.payments), rows: r.rows };
  }
}

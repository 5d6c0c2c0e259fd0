import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ancestorsOf } from '../../regions/region-code';
import type { RegionIdentity } from '../model/report.types';
import type { BkuPostingRow } from './bku.model';

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

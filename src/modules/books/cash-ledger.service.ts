import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ErrorDetail } from '../../common/errors/app-error';
import { formatRupiah } from '../../common/money/rupiah';
import { CASH_ACCOUNTS, type CashAccount, type Posting } from './cash-postings';

export type Balances = Record<CashAccount, number>;

/**
 * The cash ledger (cash_posting, append-only) and its balances per kelurahan, year and account (cash_account), moved
 * together in one statement, like postings and volumes: the balance row is also the lock that serialises payments.
 */
@Injectable()
export class CashLedgerService {
  constructor(private readonly db: DataSource) {}

  /** Locks an account's balance row until commit (creating it at zero) and returns the balance. */
  async lockAccount(m: EntityManager, kelurahanCode: string, year: number, account: CashAccount): Promise<number> {
    const lock = () =>
      m.query(`SELECT balance FROM cash_account WHERE kelurahan_code = $1 AND year = $2 AND account = $3 FOR UPDATE`, [kelurahanCode, year, account]) as Promise<
        Array<{ balance: string }>
      >;
    // The row exists after the account's first posting: one round trip then.
    let [row] = await lock();
    if (!row) {
      await m.query(`INSERT INTO cash_account (kelurahan_code, year, account) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [kelurahanCode, year, account]);
      [row] = await lock();
    }
    return Number(row.balance);
  }

  /**
   * Appends the postings, each with the account's running balance after it, and moves the balances, in one
   * statement; returns the balances of the accounts touched, after the move. The accounts must have been locked
   * with lockAccount in this transaction (which makes their rows); the move takes their row locks in any case.
   */
  async post(m: EntityManager, kelurahanCode: string, year: number, postings: Posting[]): Promise<Partial<Balances>> {
    if (!postings.length) return {};
    const rows = postings.map((p) => ({
      posted_on: p.date, account: p.account, kind: p.kind, amount: p.amount, spending_entry_id: p.spendingEntryId ?? null,
      fund_entry_id: p.fundEntryId ?? null, tax_line_id: p.taxLineId ?? null, tax_deposit_id: p.taxDepositId ?? null,
      reference_no: p.referenceNo, account_code: p.accountCode ?? null, description: p.description,
    }));
    const moved: Array<{ account: CashAccount; balance: string; posted: number }> = await m.query(
      `WITH x AS (
         SELECT * FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (posted_on date, account text, kind text, amount bigint, spending_entry_id uuid,
                fund_entry_id uuid, tax_line_id uuid, tax_deposit_id uuid, reference_no text, account_code text, description text))
                WITH ORDINALITY AS x(posted_on, account, kind, amount, spending_entry_id, fund_entry_id, tax_line_id, tax_deposit_id, reference_no,
                account_code, description, n)
       ), s AS (
         SELECT account, sum(amount)::bigint AS total, count(*)::int AS n FROM x GROUP BY account
       ), a AS (
         UPDATE cash_account c SET balance = c.balance + s.total, posting_count = c.posting_count + s.n
           FROM s WHERE c.kelurahan_code = $1 AND c.year = $2 AND c.account = s.account
         RETURNING c.account, c.balance, c.balance - s.total AS before
       ), p AS (
         INSERT INTO cash_posting (kelurahan_code, year, posted_on, account, kind, amount, balance_after, spending_entry_id, fund_entry_id,
                                   tax_line_id, tax_deposit_id, reference_no, account_code, description)
         SELECT $1, $2, x.posted_on, x.account, x.kind, x.amount, a.before + sum(x.amount) OVER (PARTITION BY x.account ORDER BY x.n),
                x.spending_entry_id, x.fund_entry_id, x.tax_line_id, x.tax_deposit_id, x.reference_no, x.account_code, x.description
           FROM x JOIN a ON a.account = x.account
          ORDER BY x.n
         RETURNING 1
       )
       SELECT a.account, a.balance::text AS balance, (SELECT count(*) FROM p)::int AS posted FROM a`,
      [kelurahanCode, year, JSON.stringify(rows)],
    );
    if ((moved[0]?.posted ?? 0) !== postings.length) {
      throw new Error(`cash_posting: an account of ${kelurahanCode} ${year} has no balance row; lock it with lockAccount first`);
    }
    return Object.fromEntries(moved.map((r) => [r.account, Number(r.balance)]));
  }

  /** For each of these payments, the balance of its account after it when that went below zero (the overdraft flag). */
  async overdrafts(entryIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, { account: string; balance: number }>> {
    if (!entryIds.length) return new Map();
    const rows: Array<{ spending_entry_id: string; account: string; balance_after: string }> = await m.query(
      `SELECT DISTINCT ON (spending_entry_id) spending_entry_id, account, balance_after FROM cash_posting
        WHERE spending_entry_id = ANY($1::uuid[]) AND account <> 'LS' ORDER BY spending_entry_id, seq DESC`,
      [entryIds],
    );
    return new Map(rows.filter((r) => Number(r.balance_after) < 0).map((r) => [r.spending_entry_id, { account: r.account, balance: Number(r.balance_after) }]));
  }

  async balances(kelurahanCode: string, year: number, m: EntityManager = this.db.manager): Promise<Balances> {
    const rows: Array<{ account: CashAccount; balance: string }> = await m.query(
      `SELECT account, balance FROM cash_account WHERE kelurahan_code = $1 AND year = $2`,
      [kelurahanCode, year],
    );
    const out = { TUNAI: 0, BANK: 0, LS: 0 } as Balances;
    for (const r of rows) out[r.account] = Number(r.balance);
    return out;
  }

  /** The total of every posting up to and including `end` (the BKU's saldo at that date). */
  async balanceAt(m: EntityManager, kelurahanCode: string, year: number, end: string): Promise<number> {
    const [row] = await m.query(
      `SELECT COALESCE(sum(amount), 0)::bigint AS total FROM cash_posting WHERE kelurahan_code = $1 AND year = $2 AND posted_on <= $3::date`,
      [kelurahanCode, year, end],
    );
    return Number(row.total);
  }

  /** What keeps a month from closing: stored balances that differ from the ledger, or an account below zero at `end`. */
  async reconcile(m: EntityManager, kelurahanCode: string, year: number, end: string): Promise<ErrorDetail[]> {
    const rows: Array<{ account: CashAccount; stored: string | null; ledger: string; ledger_count: number; stored_count: number | null; at_end: string }> =
      await m.query(
        `SELECT acc.account, a.balance AS stored, a.posting_count AS stored_count,
                COALESCE(sum(p.amount), 0)::bigint AS ledger, count(p.id)::int AS ledger_count,
                COALESCE(sum(p.amount) FILTER (WHERE p.posted_on <= $3::date), 0)::bigint AS at_end
           FROM unnest($4::text[]) AS acc(account)
           LEFT JOIN cash_account a ON a.kelurahan_code = $1 AND a.year = $2 AND a.account = acc.account
           LEFT JOIN cash_posting p ON p.kelurahan_code = $1 AND p.year = $2 AND p.account = acc.account
          GROUP BY acc.account, a.balance, a.posting_count`,
        [kelurahanCode, year, end, CASH_ACCOUNTS],
      );
    const problems: ErrorDetail[] = [];
    for (const r of rows) {
      if (Number(r.stored ?? 0) !== Number(r.ledger) || Number(r.stored_count ?? 0) !== r.ledger_count) {
        problems.push({ field: r.account, message: `saldo tersimpan ${formatRupiah(Number(r.stored ?? 0))} berbeda dari buku ${formatRupiah(Number(r.ledger))}` });
      }
      if (r.account !== 'LS' && Number(r.at_end) < 0) {
        problems.push({ field: r.account, message: `saldo ${r.account.toLowerCase()} per ${end} negatif (${formatRupiah(Number(r.at_end))})`, balance: Number(r.at_end) });
      }
    }
    return problems;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { MutationRunner } from '../../database/mutation-runner';
import { regionPrefixSql } from '../../database/sql-where';
import { RegionScopeService } from '../regions/region-scope.service';
import { BooksAccess } from './books-access';
import { BOOKS_ERRORS, periodClosed } from './books.errors';
import { loadBooksSettings } from './books-settings';
import { CashLedgerService } from './cash-ledger.service';
import { CloseTimeliness, judgeCloses, MonthCloseState } from './close-timeliness';
import type { CashAccount } from './cash-postings';
import { TaxService } from './tax.service';

export interface BookPeriodDto {
  month: number;
  period: string;
  closed: boolean;
  closingBalance: number | null;
  changedAt: string | null;
}

const periodCode = (month: number) => `M${String(month).padStart(2, '0')}`;
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * Tutup buku: a closed month accepts nothing dated in it. Every write dated in a month holds a share lock on the
 * month's row until it commits, and closing takes the row exclusively, so a close never lands between a check and
 * the write it allowed.
 */
@Injectable()
export class BookPeriodService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly access: BooksAccess,
    private readonly cash: CashLedgerService,
    private readonly taxes: TaxService,
    private readonly scope: RegionScopeService,
  ) {}

  /**
   * Per kelurahan of `region` ('' for every region) in the caller's scope whose cash book has anything in `year`:
   * the months due closed by `asOf` (deadline per templates books.json periodClose) that are not closed, and the
   * months that were first closed after their deadline.
   */
  async closeTimeliness(user: AuthUser, region: string, year: number, asOf: Date = new Date()): Promise<CloseTimeliness[]> {
    const rows: Array<{ kelurahan_code: string; first_month: number; month: number | null; closed: boolean | null; first_closed_at: Date | null }> = await this.db.query(
      `WITH used AS (
         SELECT kelurahan_code, min(EXTRACT(MONTH FROM posted_on))::int AS first_month FROM cash_posting
          WHERE year = $1 AND ($2::text = '' OR ${regionPrefixSql('kelurahan_code', '$2')}) GROUP BY kelurahan_code
       ), closes AS (
         SELECT kelurahan_code, month, min(at) AS first_closed_at FROM book_period_event
          WHERE year = $1 AND action = 'close' AND ($2::text = '' OR ${regionPrefixSql('kelurahan_code', '$2')}) GROUP BY 1, 2
       )
       SELECT u.kelurahan_code, u.first_month, p.month, p.closed, c.first_closed_at
         FROM used u
         LEFT JOIN book_period p ON p.kelurahan_code = u.kelurahan_code AND p.year = $1
         LEFT JOIN closes c ON c.kelurahan_code = p.kelurahan_code AND c.month = p.month
        ORDER BY u.kelurahan_code, p.month`,
      [year, region],
    );
    const byKelurahan = new Map<string, { firstMonth: number; months: Map<number, MonthCloseState> }>();
    for (const r of rows) {
      if (!this.scope.canAccess(user, r.kelurahan_code)) continue;
      let k = byKelurahan.get(r.kelurahan_code);
      if (!k) byKelurahan.set(r.kelurahan_code, (k = { firstMonth: Number(r.first_month), months: new Map() }));
      if (r.month !== null) k.months.set(Number(r.month), { closed: !!r.closed, firstClosedAt: r.first_closed_at ? new Date(r.first_closed_at) : null });
    }
    return [...byKelurahan].map(([code, k]) => judgeCloses(code, year, k.firstMonth, k.months, loadBooksSettings(code).periodClose.deadlineDay, asOf));
  }

  /** Refuses (409 PERIOD_CLOSED, naming `field`) a write dated in a closed month; call inside the write's transaction. */
  async assertOpen(m: EntityManager, kelurahanCode: string, date: string, field = 'date'): Promise<void> {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const lock = () =>
      m.query(`SELECT closed FROM book_period WHERE kelurahan_code = $1 AND year = $2 AND month = $3 FOR SHARE`, [kelurahanCode, year, month]) as Promise<
        Array<{ closed: boolean }>
      >;
    // The month's row exists after its first write: one round trip then; the first write of a month makes it.
    let [row] = await lock();
    if (!row) {
      await m.query(`INSERT INTO book_period (kelurahan_code, year, month) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [kelurahanCode, year, month]);
      [row] = await lock();
    }
    if (row.closed) throw periodClosed(year, month, field);
  }

  /**
   * `assertOpen` and then `CashLedgerService.lockAccount` in one round trip (the month's share lock, then the account's
   * row lock, in that order); returns the account's balance. The first write of a month or account makes its row.
   */
  async assertOpenAndLockCash(m: EntityManager, kelurahanCode: string, date: string, account: CashAccount): Promise<number> {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const [row]: Array<{ closed: boolean | null; balance: string | null }> = await m.query(
      `SELECT (SELECT closed FROM book_period WHERE kelurahan_code = $1 AND year = $2 AND month = $3 FOR SHARE) AS closed,
              (SELECT balance FROM cash_account WHERE kelurahan_code = $1 AND year = $2 AND account = $4 FOR UPDATE) AS balance`,
      [kelurahanCode, year, month, account],
    );
    if (row.closed === null || row.balance === null) {
      await this.assertOpen(m, kelurahanCode, date);
      return this.cash.lockAccount(m, kelurahanCode, year, account);
    }
    if (row.closed) throw periodClosed(year, month, 'date');
    return Number(row.balance);
  }

  /** Whether the month of `date` is closed, without locking (for choosing a default date). */
  async isClosed(m: EntityManager, kelurahanCode: string, date: string): Promise<boolean> {
    const [row]: Array<{ closed: boolean }> = await m.query(
      `SELECT closed FROM book_period WHERE kelurahan_code = $1 AND year = $2 AND month = $3`,
      [kelurahanCode, Number(date.slice(0, 4)), Number(date.slice(5, 7))],
    );
    return !!row?.closed;
  }

  async list(user: AuthUser, kelurahanCode: string, year: number): Promise<BookPeriodDto[]> {
    await this.access.kelurahan(user, kelurahanCode);
    const rows: Array<{ month: number; closed: boolean; closing_balance: string | null; changed_at: Date }> = await this.db.query(
      `SELECT month, closed, closing_balance, changed_at FROM book_period WHERE kelurahan_code = $1 AND year = $2`,
      [kelurahanCode, year],
    );
    return Array.from({ length: 12 }, (_, i) => {
      const r = rows.find((x) => Number(x.month) === i + 1);
      return {
        month: i + 1,
        period: periodCode(i + 1),
        closed: !!r?.closed,
        closingBalance: r?.closing_balance == null ? null : Number(r.closing_balance),
        changedAt: r?.closed || r?.closing_balance != null ? new Date(r.changed_at).toISOString() : null,
      };
    });
  }

  /** The closed months of every kelurahan under a region in the caller's scope (e.g. a kecamatan), for a completeness view. */
  async closedMonths(user: AuthUser, regionCode: string, year: number): Promise<Array<{ kelurahanCode: string; month: number }>> {
    this.access.region(user, regionCode);
    const rows: Array<{ kelurahan_code: string; month: number }> = await this.db.query(
      `SELECT kelurahan_code, month FROM book_period
        WHERE (kelurahan_code = $1 OR kelurahan_code LIKE $1 || '.%') AND year = $2 AND closed
        ORDER BY kelurahan_code, month`,
      [regionCode, year],
    );
    return rows.map((r) => ({ kelurahanCode: r.kelurahan_code, month: Number(r.month) }));
  }

  /** Closes a month once its books balance: stored balances equal the ledger, no account below zero, no tax over-deposited. */
  async close(user: AuthUser, kelurahanCode: string, year: number, month: number): Promise<BookPeriodDto> {
    await this.access.kelurahan(user, kelurahanCode);
    const done = await this.runner.run(user, async (m) => {
      const row = await this.lockMonth(m, kelurahanCode, year, month);
      if (row.closed) {
        throw BOOKS_ERRORS.error('BOOKS_PERIOD_ALREADY_CLOSED', year, month).with([{ field: 'month', message: 'sudah ditutup' }]);
      }
      const end = lastDay(year, month);
      const problems = [
        ...(await this.cash.reconcile(m, kelurahanCode, year, end)),
        ...(await this.taxes.reconcile(m, kelurahanCode, year, end)),
      ];
      if (problems.length) {
        throw BOOKS_ERRORS.error('BOOKS_UNBALANCED', year, month).with(problems);
      }
      const closing = await this.cash.balanceAt(m, kelurahanCode, year, end);
      // The app's clock, as for every dated check of the books: whether a close met its deadline is judged on it.
      const at = new Date();
      await m.query(
        `UPDATE book_period SET closed = true, closing_balance = $4, changed_at = $6, changed_by = $5
          WHERE kelurahan_code = $1 AND year = $2 AND month = $3`,
        [kelurahanCode, year, month, closing, user.id, at],
      );
      await m.query(
        `INSERT INTO book_period_event (kelurahan_code, year, month, action, closing_balance, by_user, at) VALUES ($1, $2, $3, 'close', $4, $5, $6)`,
        [kelurahanCode, year, month, closing, user.id, at],
      );
      const after = { kelurahanCode, year, month, period: periodCode(month), closed: true, closingBalance: closing };
      const body: BookPeriodDto = { month, period: periodCode(month), closed: true, closingBalance: closing, changedAt: new Date().toISOString() };
      return { body, audit: { action: 'books.period.close', entity: 'book_period', entityId: `${kelurahanCode}/${year}/${periodCode(month)}`, regionCode: kelurahanCode, after } };
    });
    return done.body;
  }

  async reopen(user: AuthUser, kelurahanCode: string, year: number, month: number, reason: string): Promise<BookPeriodDto> {
    await this.access.kelurahan(user, kelurahanCode);
    const done = await this.runner.run(user, async (m) => {
      const row = await this.lockMonth(m, kelurahanCode, year, month);
      if (!row.closed) {
        throw BOOKS_ERRORS.error('BOOKS_PERIOD_NOT_CLOSED', year, month).with([{ field: 'month', message: 'belum ditutup' }]);
      }
      await m.query(
        `UPDATE book_period SET closed = false, changed_at = now(), changed_by = $4 WHERE kelurahan_code = $1 AND year = $2 AND month = $3`,
        [kelurahanCode, year, month, user.id],
      );
      await m.query(
        `INSERT INTO book_period_event (kelurahan_code, year, month, action, reason, closing_balance, by_user) VALUES ($1, $2, $3, 'reopen', $4, $5, $6)`,
        [kelurahanCode, year, month, reason.trim(), row.closing_balance, user.id],
      );
      const id = `${kelurahanCode}/${year}/${periodCode(month)}`;
      const body: BookPeriodDto = { month, period: periodCode(month), closed: false, closingBalance: Number(row.closing_balance), changedAt: new Date().toISOString() };
      return {
        body,
        audit: {
          action: 'books.period.reopen', entity: 'book_period', entityId: id, regionCode: kelurahanCode,
          before: { closed: true, closingBalance: Number(row.closing_balance) }, after: { closed: false }, reason: reason.trim(),
        },
      };
    });
    return done.body;
  }

  private async lockMonth(m: EntityManager, kelurahanCode: string, year: number, month: number) {
    await m.query(`INSERT INTO book_period (kelurahan_code, year, month) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [kelurahanCode, year, month]);
    const [row]: Array<{ closed: boolean; closing_balance: string | null }> = await m.query(
      `SELECT closed, closing_balance FROM book_period WHERE kelurahan_code = $1 AND year = $2 AND month = $3 FOR UPDATE`,
      [kelurahanCode, year, month],
    );
    return row;
  }
}

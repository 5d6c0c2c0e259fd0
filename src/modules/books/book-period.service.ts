import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { MutationRunner } from '../../database/mutation-runner';
import { BooksAccess } from './books-access';
import { BOOKS_ERRORS, periodClosed } from './books.errors';
import { CashLedgerService } from './cash-ledger.service';
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
  ) {}

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
      await m.query(
        `UPDATE book_period SET closed = true, closing_balance = $4, changed_at = now(), changed_by = $5
          WHERE kelurahan_code = $1 AND year = $2 AND month = $3`,
        [kelurahanCode, year, month, closing, user.id],
      );
      await m.query(
        `INSERT INTO book_period_event (kelurahan_code, year, month, action, closing_balance, by_user) VALUES ($1, $2, $3, 'close', $4, $5)`,
        [kelurahanCode, year, month, closing, user.id],
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

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { formatRupiah } from '../../common/money/rupiah';
import { MutationRunner } from '../../database/mutation-runner';
import { violatedConstraint } from '../../database/pg-errors';
import { todayIso } from '../spending/spending-date';
import { BookPeriodService } from './book-period.service';
import { BooksAccess } from './books-access';
import { loadBooksSettings } from './books-settings';
import { BOOKS_ERRORS, dateRefused, insufficientCash } from './books.errors';
import type { DepositDto, DepositPageDto, RecordDepositDto } from './books.dto';
import { CashLedgerService } from './cash-ledger.service';
import { TaxService } from './tax.service';
import { TAX_LABELS } from './tax/tax-rules';

interface DepositRow {
  id: string;
  kelurahan_code: string;
  year: number;
  type: string;
  account: string;
  deposited_on: string;
  amount: string;
  billing_code: string;
  ntpn: string;
  description: string;
}

const COLUMNS = `id, kelurahan_code, year, type, account, deposited_on::text AS deposited_on, amount, billing_code, ntpn, description`;
const toDto = (r: DepositRow): DepositDto => ({
  id: r.id, kelurahanCode: r.kelurahan_code, year: r.year, type: r.type, account: r.account, date: r.deposited_on, amount: Number(r.amount),
  billingCode: r.billing_code, ntpn: r.ntpn, description: r.description,
});

/** Deposits (setor) of withheld taxes, with billing code and NTPN; never more than is withheld and not yet deposited. */
@Injectable()
export class DepositService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly access: BooksAccess,
    private readonly cash: CashLedgerService,
    private readonly taxes: TaxService,
    private readonly periods: BookPeriodService,
  ) {}

  async record(user: AuthUser, dto: RecordDepositDto): Promise<DepositDto> {
    await this.access.kelurahan(user, dto.kelurahanCode);
    const today = todayIso();
    if (dto.date > today) throw dateRefused(`date tidak boleh melewati hari ini (${today})`);
    const year = Number(dto.date.slice(0, 4));
    const done = await this.runner.run(user, async (m) => {
      await this.periods.assertOpen(m, dto.kelurahanCode, dto.date);
      const balance = await this.cash.lockAccount(m, dto.kelurahanCode, year, dto.account);
      const position = (await this.taxes.lockPositions(m, dto.kelurahanCode, year, [dto.type])).get(dto.type)!;
      const outstanding = Math.min(position.withheld - position.deposited, await this.taxes.outstandingAt(m, dto.kelurahanCode, year, dto.type, dto.date));
      if (dto.amount > outstanding) {
        throw BOOKS_ERRORS.error('BOOKS_TAX_EXCEEDS_WITHHELD', TAX_LABELS[dto.type], Math.max(outstanding, 0)).with([
          { field: 'amount', message: `sisa ${TAX_LABELS[dto.type]} belum disetor per ${dto.date}: ${formatRupiah(Math.max(outstanding, 0))}`, outstanding: Math.max(outstanding, 0) },
        ]);
      }
      if (dto.account !== 'LS' && balance < dto.amount && loadBooksSettings(dto.kelurahanCode).cash.overdraft === 'refuse') {
        throw insufficientCash(dto.account, balance, dto.amount);
      }
      let row: DepositRow;
      try {
        [row] = await m.query(
          `INSERT INTO tax_deposit (kelurahan_code, year, type, account, deposited_on, amount, billing_code, ntpn, description, created_by)
           VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
          [dto.kelurahanCode, year, dto.type, dto.account, dto.date, dto.amount, dto.billingCode, dto.ntpn,
            dto.description?.trim() || `Setor ${TAX_LABELS[dto.type]}`, user.id],
        );
      } catch (e) {
        if (violatedConstraint(e) === 'tax_deposit_ntpn_uq') {
          throw BOOKS_ERRORS.error('BOOKS_DUPLICATE_NTPN', dto.ntpn).with([{ field: 'ntpn', message: 'NTPN sudah dipakai' }]);
        }
        throw e;
      }
      await this.taxes.moveDeposited(m, dto.kelurahanCode, year, dto.type, dto.amount);
      await this.cash.post(m, dto.kelurahanCode, year, [{
        date: dto.date, account: dto.account, kind: 'TAX_DEPOSIT', amount: -dto.amount, taxDepositId: row.id,
        referenceNo: `NTPN ${row.ntpn}`, description: row.description,
      }]);
      const body = toDto(row);
      return { body, audit: { action: 'books.tax.deposit', entity: 'tax_deposit', entityId: row.id, regionCode: row.kelurahan_code, after: body } };
    });
    return done.body;
  }

  async list(user: AuthUser, kelurahanCode: string, year: number): Promise<DepositPageDto> {
    await this.access.kelurahan(user, kelurahanCode);
    const rows: DepositRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM tax_deposit WHERE kelurahan_code = $1 AND year = $2 ORDER BY deposited_on, seq`,
      [kelurahanCode, year],
    );
    return { items: rows.map(toDto), total: rows.length };
  }
}

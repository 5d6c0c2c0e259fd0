import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { BooksAccess } from './books-access';
import { loadBooksSettings } from './books-settings';
import type { BooksBalanceDto } from './books.dto';
import { CashLedgerService } from './cash-ledger.service';
import { TaxService } from './tax.service';

/** The bendahara's position at a glance: cash per account and what each tax has withheld, deposited and left. */
@Injectable()
export class BooksBalanceService {
  constructor(
    private readonly access: BooksAccess,
    private readonly cash: CashLedgerService,
    private readonly taxes: TaxService,
  ) {}

  async get(user: AuthUser, kelurahanCode: string, year: number): Promise<BooksBalanceDto> {
    await this.access.kelurahan(user, kelurahanCode);
    const cash = await this.cash.balances(kelurahanCode, year);
    return {
      kelurahanCode,
      year,
      overdraft: loadBooksSettings(kelurahanCode).cash.overdraft,
      cash,
      total: cash.TUNAI + cash.BANK + cash.LS,
      taxes: await this.taxes.positions(kelurahanCode, year),
    };
  }
}

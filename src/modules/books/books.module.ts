import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MutationRunner } from '../../database/mutation-runner';
import { RegionScopeService } from '../regions/region-scope.service';
import { RegionsService } from '../regions/regions.service';
import { BookPeriodService } from './book-period.service';
import { BooksAccess } from './books-access';
import { BooksBalanceService } from './books-balance.service';
import { BooksController } from './books.controller';
import { CashLedgerService } from './cash-ledger.service';
import { DepositService } from './deposit.service';
import { FundService } from './fund.service';
import { TaxService } from './tax.service';

// The bendahara's books; spending posts its payments here through CashLedgerService, TaxService and BookPeriodService.
@Module({
  controllers: [BooksController],
  providers: [BooksAccess, CashLedgerService, TaxService, BookPeriodService, FundService, DepositService, BooksBalanceService],
  exports: [BooksAccess, CashLedgerService, TaxService, BookPeriodService],
})
export class BooksModule {}

/** The books' services wired by hand, for the demo seed and benchmarks that run outside the Nest container. */
export function createBooksServices(db: DataSource, runner: MutationRunner, regions: RegionsService) {
  const access = new BooksAccess(new RegionScopeService(), regions);
  const cash = new CashLedgerService(db);
  const taxes = new TaxService(db);
  const periods = new BookPeriodService(db, runner, access, cash, taxes);
  return {
    access, cash, taxes, periods,
    funds: new FundService(db, runner, access, cash, periods),
    deposits: new DepositService(db, runner, access, cash, taxes, periods),
  };
}

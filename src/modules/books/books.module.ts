import { Module } from '@nestjs/common';
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
  exports: [BooksAccess, CashLedgerService, TaxService, BookPeriodService, FundService, DepositService, BooksBalanceService],
})
export class BooksModule {}


import { Module } from '@nestjs/common';
import { BooksModule } from '../books/books.module';
import { PlansModule } from '../plans/plans.module';
import { SpendingBooks } from './spending-books';
import { SpendingTotalsService } from './spending-totals.query';
import { SpendingController } from './spending.controller';
import { SpendingRepository } from './spending.repository';
import { SpendingService } from './spending.service';

@Module({
  imports: [PlansModule, BooksModule],
  controllers: [SpendingController],
  providers: [SpendingService, SpendingTotalsService, SpendingRepository, SpendingBooks],
  exports: [SpendingService, SpendingTotalsService],
})
export class SpendingModule {}

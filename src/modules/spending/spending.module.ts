import { Module } from '@nestjs/common';
import { BooksModule } from '../books/books.module';
import { SpendingBooks } from './spending-books';
import { SpendingTotalsService } from './spending-totals.service';
import { SpendingController } from './spending.controller';
import { SpendingService } from './spending.service';

@Module({
  imports: [BooksModule],
  controllers: [SpendingController],
  providers: [SpendingService, SpendingTotalsService, SpendingBooks],
  exports: [SpendingService, SpendingTotalsService],
})
export class SpendingModule {}

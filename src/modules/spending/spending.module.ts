import { Module } from '@nestjs/common';
import { SpendingTotalsService } from './spending-totals.service';
import { SpendingController } from './spending.controller';
import { SpendingService } from './spending.service';

@Module({
  controllers: [SpendingController],
  providers: [SpendingService, SpendingTotalsService],
  exports: [SpendingService, SpendingTotalsService],
})
export class SpendingModule {}

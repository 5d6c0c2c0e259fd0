import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { SpendingTotalsService } from './spending-totals.query';
import { SpendingController } from './spending.controller';
import { SpendingRepository } from './spending.repository';
import { SpendingService } from './spending.service';

@Module({
  imports: [PlansModule],
  controllers: [SpendingController],
  providers: [SpendingService, SpendingTotalsService, SpendingRepository],
  exports: [SpendingService, SpendingTotalsService],
})
export class SpendingModule {}

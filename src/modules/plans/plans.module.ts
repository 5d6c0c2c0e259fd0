import { Module } from '@nestjs/common';
import { AllocationsModule } from '../allocations/allocations.module';
import { UsersModule } from '../users/users.module';
import { PlanAccessService } from './plan-access.service';
import { PlanLedgerService } from './plan-ledger.service';
import { PlanListQuery } from './plan-list.query';
import { PlanLinesService } from './plan-lines.service';
import { PlanVersionsService } from './plan-versions.service';
import { PlanWorkflowService } from './plan-workflow.service';
import { PlanRepository } from './plan.repository';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [AllocationsModule, UsersModule],
  controllers: [PlansController],
  providers: [PlanRepository, PlanListQuery, PlanAccessService, PlansService, PlanLinesService, PlanWorkflowService, PlanVersionsService, PlanLedgerService],
  exports: [PlansService, PlanLinesService, PlanWorkflowService, PlanLedgerService],
})
export class PlansModule {}

import { Module } from '@nestjs/common';
import { AllocationsModule } from '../allocations/allocations.module';
import { FlagsModule } from '../flags/flags.module';
import { UsersModule } from '../users/users.module';
import { AllocationCommitments } from '../allocations/allocation-floor';
import { PlanAccessService } from './plan-access.service';
import { PlanCommitmentsService } from './plan-commitments.service';
import { PlanLedgerService } from './plan-ledger.service';
import { PlanListQuery } from './plan-list.query';
import { PlanLinesService } from './plan-lines.service';
import { PlanVersionsService } from './plan-versions.service';
import { PlanWorkflowService } from './plan-workflow.service';
import { PlanRepository } from './plan.repository';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [AllocationsModule, UsersModule, FlagsModule],
  controllers: [PlansController],
  providers: [PlanRepository, PlanListQuery, PlanAccessService, PlansService, PlanLinesService, PlanWorkflowService, PlanVersionsService, PlanLedgerService,
    PlanCommitmentsService, { provide: AllocationCommitments, useExisting: PlanCommitmentsService }],
  exports: [PlansService, PlanLinesService, PlanWorkflowService, PlanVersionsService, PlanLedgerService],
})
export class PlansModule {}

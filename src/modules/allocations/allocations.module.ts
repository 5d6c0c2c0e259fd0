import { Module } from '@nestjs/common';
import { AllocationsController } from './allocations.controller';
import { AllocationRepository } from './allocation.repository';
import { AllocationsService } from './allocations.service';

@Module({
  controllers: [AllocationsController],
  providers: [AllocationsService, AllocationRepository],
  exports: [AllocationsService],
})
export class AllocationsModule {}

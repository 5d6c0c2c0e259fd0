import { Module } from '@nestjs/common';
import { AllocationsModule } from '../../modules/allocations/allocations.module';
import { PlansModule } from '../../modules/plans/plans.module';
import { SpendingModule } from '../../modules/spending/spending.module';
import { UsersModule } from '../../modules/users/users.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [UsersModule, AllocationsModule, PlansModule, SpendingModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class SeedModule {}

import { Module } from '@nestjs/common';
import { AllocationsModule } from '../../modules/allocations/allocations.module';
import { BooksModule } from '../../modules/books/books.module';
import { EvidenceModule } from '../../modules/evidence/evidence.module';
import { PlansModule } from '../../modules/plans/plans.module';
import { SpendingModule } from '../../modules/spending/spending.module';
import { UsersModule } from '../../modules/users/users.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [UsersModule, AllocationsModule, PlansModule, SpendingModule, BooksModule, EvidenceModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class SeedModule {}

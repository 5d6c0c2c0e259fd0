import { Module } from '@nestjs/common';
import { AllocationsModule } from '../modules/allocations/allocations.module';
import { FlagsRiskModule } from '../modules/flags/flags-risk.module';
import { FlagsModule } from '../modules/flags/flags.module';
import { PlansModule } from '../modules/plans/plans.module';
import { ReportsModule } from '../modules/reports/reports.module';
import { UsersModule } from '../modules/users/users.module';
import { BooksModule } from '../modules/books/books.module';
import { EvidenceModule } from '../modules/evidence/evidence.module';
import { SpendingModule } from '../modules/spending/spending.module';
import { BookEntriesPageController } from './books/book-entries.page.controller';
import { BooksPageController } from './books/books.page.controller';
import { EvidencePageController } from './evidence/evidence.page.controller';
import { AllocationsPageController } from './admin/allocations.page.controller';
import { RegionsPageController } from './admin/regions.page.controller';
import { UsersPageController } from './admin/users.page.controller';
import { AuthPageController } from './auth/auth.page.controller';
import { HomePageController } from './home/home.page.controller';
import { PlanPageController } from './plans/plan.page.controller';
import { ApprovalPageController } from './approvals/approval.page.controller';
import { FlagsPageController } from './flags/flags.page.controller';
import { DashboardPageController } from './dashboard/dashboard.page.controller';
import { PageGuard } from './page.guard';
import { AuditPageController } from './audit/audit.page.controller';
import { VerificationPageController } from './verification/verification.page.controller';
import { CompletenessPageController } from './reports/completeness.page.controller';
import { ReportsPageController } from './reports/reports.page.controller';
import { RegionNames } from './region-names';

/** The web app: server-rendered pages over the modules' services. It owns no tables. */
@Module({
  imports: [PlansModule, ReportsModule, UsersModule, AllocationsModule, BooksModule, SpendingModule, EvidenceModule, FlagsModule, FlagsRiskModule],
  controllers: [
    AuthPageController,
    HomePageController,
    PlanPageController,
    ApprovalPageController,
    UsersPageController,
    AllocationsPageController,
    RegionsPageController,
    BooksPageController,
    BookEntriesPageController,
    EvidencePageController,
    AuditPageController,
    VerificationPageController,
    ReportsPageController,
    CompletenessPageController,
    FlagsPageController,
    DashboardPageController,
  ],
  providers: [PageGuard, RegionNames],
  exports: [RegionNames],
})
export class WebModule {}

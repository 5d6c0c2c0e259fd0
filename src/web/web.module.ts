import { Module } from '@nestjs/common';
import { AllocationsModule } from '../modules/allocations/allocations.module';
import { PlansModule } from '../modules/plans/plans.module';
import { ReportsModule } from '../modules/reports/reports.module';
import { UsersModule } from '../modules/users/users.module';
import { AllocationsPageController } from './admin/allocations.page.controller';
import { RegionsPageController } from './admin/regions.page.controller';
import { UsersPageController } from './admin/users.page.controller';
import { AuthPageController } from './auth/auth.page.controller';
import { HomePageController } from './home/home.page.controller';
import { PlanPageController } from './plans/plan.page.controller';
import { ApprovalPageController } from './approvals/approval.page.controller';
import { DashboardPageController } from './dashboard/dashboard.page.controller';
import { PageGuard } from './page.guard';
import { RegionNames } from './region-names';

/** The web app: server-rendered pages over the modules' services. It owns no tables. */
@Module({
  imports: [PlansModule, ReportsModule, UsersModule, AllocationsModule],
  controllers: [
    AuthPageController,
    HomePageController,
    PlanPageController,
    ApprovalPageController,
    UsersPageController,
    AllocationsPageController,
    RegionsPageController,
    DashboardPageController,
  ],
  providers: [PageGuard, RegionNames],
  exports: [RegionNames],
})
export class WebModule {}

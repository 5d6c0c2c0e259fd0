import { Module } from '@nestjs/common';
import { PlanDocumentController } from './plan-document.controller';
import { ReportFilesService } from './report-files.service';
import { ReportRepository } from './report.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

// Relies on the global RegionsModule (scope), AuditModule and DocumentsModule (registry).
@Module({
  controllers: [ReportsController, PlanDocumentController],
  providers: [ReportRepository, ReportsService, ReportFilesService],
  exports: [ReportsService, ReportFilesService],
})
export class ReportsModule {}

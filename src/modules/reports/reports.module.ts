import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { ReportBudgetInterceptor } from '../../common/http/report-budget.interceptor';
import { PdfRenderGate, PdfRenderGateInterceptor } from './pdf-render-gate';
import { BooksModule } from '../books/books.module';
import { BooksDocumentsController } from './books/books-documents.controller';
import { BooksDocumentsService } from './books/books-documents.service';
import { BooksRepository } from './books/books.repository';
import { LedgerExportController } from './books/ledger-export.controller';
import { LedgerExportRepository } from './books/ledger-export.repository';
import { LedgerExportService } from './books/ledger-export.service';
import { DashboardQuery } from './dashboard.query';
import { DashboardService } from './dashboard.service';
import { PlanDocumentController } from './plan-document.controller';
import { ReportFilesService } from './report-files.service';
import { ReportJobsService } from './report-jobs.service';
import { ReportRepository } from './report.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

// Relies on the global RegionsModule (scope), AuditModule and DocumentsModule (registry).
@Module({
  // UsersService: a queued report runs as the user who asked for it.
  imports: [UsersModule, BooksModule],
  controllers: [ReportsController, PlanDocumentController, BooksDocumentsController, LedgerExportController],
  providers: [
    ReportRepository, ReportsService, ReportFilesService, ReportJobsService, PdfRenderGate, PdfRenderGateInterceptor, ReportBudgetInterceptor,
    BooksRepository, BooksDocumentsService, LedgerExportRepository, LedgerExportService,
    DashboardQuery, DashboardService,
  ],
  exports: [ReportsService, ReportFilesService, ReportJobsService, PdfRenderGate, BooksDocumentsService, DashboardService],
})
export class ReportsModule {}

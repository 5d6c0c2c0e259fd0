import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { ReportQueryDto, ReportSummaryDto } from './dto/report-query.dto';
import { ReportBudgetInterceptor } from '../../common/http/report-budget.interceptor';
import { FileDownloadInterceptor } from './file-download';
import { PdfRenderGateInterceptor } from './pdf-render-gate';
import { ReportFilesService } from './report-files.service';
import { ReportsService } from './reports.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

const BINARY = { schema: { type: 'string', format: 'binary' } };

// Every role may read reports within its own scope; the scope check is the service's (404 outside it).
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
@UseInterceptors(FileDownloadInterceptor, ReportBudgetInterceptor)
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly files: ReportFilesService,
  ) {}

  @Get('summary')
  @ApiEndpoint({
    summary: 'Rekapitulasi pagu, anggaran dan realisasi satu wilayah',
    description: 'totals (allocation, planned, realized, remaining, absorption), byCategory dan children (wilayah di bawahnya, atau rincian rencana untuk kelurahan) untuk region, year dan period (Q1..Q4, S1, S2, M01..M12, FY).',
    errors: ['REGION_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST'],
  })
  @ApiOkResponse({ type: ReportSummaryDto })
  summary(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.reports.summary(user, q);
  }

  @Get('realisasi.pdf')
  @ApiEndpoint({
    summary: 'Laporan realisasi sebagai PDF bernomor',
    description: 'Laporan pertanggungjawaban kelurahan (rincian), kecamatan (per kelurahan) atau kab/kota (per kecamatan); nomor dokumen di header X-Document-Number. Laporan besar dibuat sebagai pekerjaan: 202 dengan jobUrl.',
    errors: ['REPORT_REGION_REQUIRED', 'REGION_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST', 'SERVER_BUSY'],
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(BINARY)
  @ApiAcceptedResponse({ description: 'laporan besar dibuat sebagai pekerjaan: {jobId, jobUrl, state}; header Location' })
  @UseInterceptors(PdfRenderGateInterceptor)
  realisasiPdf(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.files.realisasiPdf(user, q);
  }

  @Get('jobs/:id')
  @ApiEndpoint({
    summary: 'Status atau hasil pekerjaan laporan',
    description: '202 selama laporan dikerjakan, lalu berkas PDF-nya; hanya untuk pengguna yang memintanya.',
    errors: ['REPORT_JOB_NOT_FOUND', 'REPORT_JOB_FAILED'],
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(BINARY)
  @ApiAcceptedResponse({ description: 'masih dikerjakan: {jobId, jobUrl, state}' })
  reportJob(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.files.jobResult(user, id);
  }

  @Get('realisasi.xlsx')
  @ApiEndpoint({
    summary: 'Laporan realisasi sebagai XLSX',
    description: 'Angka yang sama dengan PDF sebagai angka mentah, satu lembar per tingkat wilayah.',
    errors: ['REGION_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST'],
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(BINARY)
  realisasiXlsx(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.files.realisasiXlsx(user, q);
  }

  @Get('realisasi.csv')
  @ApiEndpoint({
    summary: 'Laporan realisasi sebagai CSV',
    description: 'Angka yang sama dengan PDF sebagai CSV (RFC 4180, koma, baris judul), angka mentah.',
    errors: ['REGION_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST'],
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(BINARY)
  realisasiCsv(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.files.realisasiCsv(user, q);
  }
}

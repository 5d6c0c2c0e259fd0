import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { ReportQueryDto, ReportSummaryDto } from './dto/report-query.dto';
import { FileDownloadInterceptor } from './file-download';
import { ReportFilesService } from './report-files.service';
import { ReportsService } from './reports.service';

const BINARY = { schema: { type: 'string', format: 'binary' } };

// Every role may read reports within its own scope; the scope check is the service's (404 outside it).
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
@UseInterceptors(FileDownloadInterceptor)
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly files: ReportFilesService,
  ) {}

  @Get('summary')
  @ApiOperation({ summary: 'Rekapitulasi pagu, anggaran dan realisasi satu wilayah beserta wilayah/baris di bawahnya' })
  @ApiOkResponse({ type: ReportSummaryDto })
  summary(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.reports.summary(user, q);
  }

  @Get('realisasi.pdf')
  @ApiOperation({
    summary:
      'Laporan realisasi (PDF bernomor, terdaftar untuk verifikasi); nomor di header X-Document-Number. Laporan besar: 202 dengan jobUrl, lalu berkasnya di sana',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(BINARY)
  @ApiAcceptedResponse({ description: 'laporan besar dibuat sebagai pekerjaan: {jobId, jobUrl, state}; header Location' })
  realisasiPdf(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.files.realisasiPdf(user, q);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'Laporan besar yang dibuat sebagai pekerjaan: 202 selama dikerjakan, lalu berkas PDF-nya' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(BINARY)
  @ApiAcceptedResponse({ description: 'masih dikerjakan: {jobId, jobUrl, state}' })
  reportJob(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.files.jobResult(user, id);
  }

  @Get('realisasi.xlsx')
  @ApiOperation({ summary: 'Laporan realisasi sebagai XLSX: satu lembar per tingkat wilayah, angka mentah' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(BINARY)
  realisasiXlsx(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.files.realisasiXlsx(user, q);
  }

  @Get('realisasi.csv')
  @ApiOperation({ summary: 'Laporan realisasi sebagai CSV (RFC 4180, koma, baris judul), angka mentah' })
  @ApiProduces('text/csv')
  @ApiOkResponse(BINARY)
  realisasiCsv(@Query() q: ReportQueryDto, @CurrentUser() user: AuthUser) {
    return this.files.realisasiCsv(user, q);
  }
}

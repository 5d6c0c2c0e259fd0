import { Controller, Get, Param, ParseUUIDPipe, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { PLAN_ERRORS } from '../plans/plans.errors';
import { PlanPdfQueryDto } from './dto/report-query.dto';
import { ReportBudgetInterceptor } from '../../common/http/report-budget.interceptor';
import { FileDownloadInterceptor } from './file-download';
import { PdfRenderGateInterceptor } from './pdf-render-gate';
import { ReportFilesService } from './report-files.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

// Lives in reports/ (the PDF pipeline), under the plans path of the contract.
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
@UseInterceptors(FileDownloadInterceptor, ReportBudgetInterceptor)
export class PlanDocumentController {
  constructor(private readonly files: ReportFilesService) {}

  @Get(':id/pdf')
  @ApiEndpoint({
    summary: 'Dokumen rencana kegiatan dan anggaran (PDF bernomor)',
    description: 'Dokumen rencana versi terbaru (atau version yang diminta) untuk ditandatangani, dengan nomor di header X-Document-Number; perubahan dicetak semula/menjadi.',
    errors: ['PLAN_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST', 'SERVER_BUSY'],
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @UseInterceptors(PdfRenderGateInterceptor)
  planPdf(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => PLAN_ERRORS.error('PLAN_NOT_FOUND') }))
    id: string,
    @Query() q: PlanPdfQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.files.planPdf(user, id, q.version);
  }
}

import { Controller, Get, Param, ParseUUIDPipe, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { PLAN_ERRORS } from '../plans/plans.errors';
import { PlanPdfQueryDto } from './dto/report-query.dto';
import { FileDownloadInterceptor } from './file-download';
import { ReportFilesService } from './report-files.service';

// Lives in reports/ (the PDF pipeline), under the plans path of the contract.
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
@UseInterceptors(FileDownloadInterceptor)
export class PlanDocumentController {
  constructor(private readonly files: ReportFilesService) {}

  @Get(':id/pdf')
  @ApiOperation({ summary: 'Dokumen rencana kegiatan dan anggaran (PDF bernomor) untuk ditandatangani' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  planPdf(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => PLAN_ERRORS.error('PLAN_NOT_FOUND') }))
    id: string,
    @Query() q: PlanPdfQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.files.planPdf(user, id, q.version);
  }
}

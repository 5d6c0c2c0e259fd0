import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/current-user.decorator';
import { ListSpendingQueryDto } from '../../spending/spending.dto';
import { FileDownload, FileDownloadInterceptor } from '../file-download';
import { LedgerExportService } from './ledger-export.service';
import { ApiEndpoint } from '../../../openapi/api-endpoint.decorator';

const BINARY = { schema: { type: 'string', format: 'binary' } };

// Static routes under /spending: the router matches them before GET /spending/:id.
@ApiTags('spending')
@ApiBearerAuth()
@Controller('spending')
@UseInterceptors(FileDownloadInterceptor)
export class LedgerExportController {
  constructor(private readonly exports: LedgerExportService) {}

  @Get('export.csv')
  @ApiEndpoint({
    summary: 'Ekspor buku realisasi sebagai CSV',
    description: 'Entri realisasi dalam wilayah pengguna dengan filter GET /api/spending, beserta pajak dan status bukti.',
    errors: ['NOT_FOUND'],
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(BINARY)
  csv(@Query() q: ListSpendingQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.exports.csv(user, q);
  }

  @Get('export.xlsx')
  @ApiEndpoint({
    summary: 'Ekspor buku realisasi sebagai XLSX',
    description: 'Entri realisasi dalam wilayah pengguna dengan filter GET /api/spending, beserta pajak dan status bukti.',
    errors: ['NOT_FOUND'],
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(BINARY)
  xlsx(@Query() q: ListSpendingQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.exports.xlsx(user, q);
  }
}

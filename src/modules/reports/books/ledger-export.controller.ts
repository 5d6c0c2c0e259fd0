import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/current-user.decorator';
import { ListSpendingQueryDto } from '../../spending/spending.dto';
import { FileDownload, FileDownloadInterceptor } from '../file-download';
import { LedgerExportService } from './ledger-export.service';

const BINARY = { schema: { type: 'string', format: 'binary' } };

// Static routes under /spending: the router matches them before GET /spending/:id.
@ApiTags('spending')
@ApiBearerAuth()
@Controller('spending')
@UseInterceptors(FileDownloadInterceptor)
export class LedgerExportController {
  constructor(private readonly exports: LedgerExportService) {}

  @Get('export.csv')
  @ApiOperation({ summary: 'Buku realisasi dalam lingkup (filter seperti GET /api/spending), dengan pajak dan status bukti, sebagai CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse(BINARY)
  csv(@Query() q: ListSpendingQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.exports.csv(user, q);
  }

  @Get('export.xlsx')
  @ApiOperation({ summary: 'Buku realisasi dalam lingkup, dengan pajak dan status bukti, sebagai XLSX' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(BINARY)
  xlsx(@Query() q: ListSpendingQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.exports.xlsx(user, q);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { invalidField } from '../../common/errors/validation';
import { pageOf } from '../../common/pagination/page-query.dto';
import { FileDownload, FileDownloadInterceptor } from '../reports/file-download';
import {
  AbsorptionCheckDto, AbsorptionQueryDto, ExplainFlagDto, FlagDto, FlagListQueryDto, FlagPageDto, FlagScopeQueryDto, ResolveFlagDto, StandardPriceImportQueryDto, StandardPriceImportResultDto,
} from './flags.dto';
import { FlagFilter, FlagsService } from './flags.service';
import { StandardPricesService } from './standard-prices.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function filterOf(q: FlagScopeQueryDto & { kind?: FlagFilter['kind']; status?: FlagFilter['status'] }): FlagFilter {
  return { region: q.region, year: q.year ?? new Date().getFullYear(), kind: q.kind, status: q.status, asOf: q.asOf ? new Date(`${q.asOf}T00:00:00Z`) : undefined };
}

@ApiTags('flags')
@ApiBearerAuth()
@Controller('flags')
export class FlagsController {
  constructor(
    private readonly flags: FlagsService,
    private readonly prices: StandardPricesService,
  ) {}

  @Get()
  @ApiEndpoint({
    summary: 'Peringatan dini dalam wilayah pengguna',
    description: 'Peringatan per kind (PRICE_ABOVE_CEILING, PRICE_OUTLIER, QUESTIONABLE_USE, DUPLICATE_RECEIPT, SPLIT_PURCHASE, ABSORPTION_LAG …) untuk region dan year, dengan status.',
    errors: ['REGION_NOT_FOUND'],
  })
  @ApiOkResponse({ type: FlagPageDto })
  async list(@Query() q: FlagListQueryDto, @CurrentUser() user: AuthUser): Promise<FlagPageDto> {
    const all = await this.flags.list(user, filterOf(q));
    const { limit, offset } = pageOf(q);
    return { items: all.slice(offset, offset + limit), total: all.length };
  }

  @Get('export.xlsx')
  @ApiEndpoint({
    summary: 'Ekspor peringatan sebagai XLSX (admin, auditor, camat)',
    description: 'Peringatan dengan filter yang sama, untuk pemeriksa.',
    errors: ['REGION_NOT_FOUND'],
  })
  @Roles('admin', 'auditor', 'camat')
  @UseInterceptors(FileDownloadInterceptor)
  @ApiProduces(XLSX)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async xlsx(@Query() q: FlagListQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.flags.workbook(user, filterOf(q));
  }

  @Get('absorption')
  @ApiEndpoint({
    summary: 'Penyerapan terhadap jadwal (admin, auditor, camat)',
    description: 'Penyerapan per kelurahan terhadap jadwal tahap dan rencana bulanan; atRisk=true hanya yang tertinggal.',
    errors: ['REGION_NOT_FOUND'],
  })
  @Roles('admin', 'auditor', 'camat')
  @ApiOkResponse({ type: AbsorptionCheckDto, isArray: true })
  async absorption(@Query() q: AbsorptionQueryDto, @CurrentUser() user: AuthUser): Promise<AbsorptionCheckDto[]> {
    return this.flags.absorption(user, { ...filterOf(q), atRisk: q.atRisk });
  }

  @Post('standard-prices')
  @ApiEndpoint({
    summary: 'Impor standar harga SSH/SBU (admin)',
    description: 'Isi text/csv standar harga satu kab/kota dan tahun; mengganti daftar sebelumnya. Batas tertinggi dipakai saat rencana diajukan.',
    errors: ['STANDARD_PRICE_CSV_INVALID', 'REGION_NOT_FOUND'],
  })
  @HttpCode(200)
  @Roles('admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'code,description,unit,price,kind\n1.1.7.01.01.01.001,Semen portland 50 kg,sak,75000,ceiling' } })
  @ApiOkResponse({ type: StandardPriceImportResultDto })
  importPrices(@Body() body: unknown, @Query() q: StandardPriceImportQueryDto, @CurrentUser() user: AuthUser): Promise<StandardPriceImportResultDto> {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw invalidField('body', 'kirim berkas CSV dengan Content-Type text/csv', 'Isi permintaan harus berkas CSV (Content-Type: text/csv)');
    }
    return this.prices.import(user, q.kabkota, q.year, body);
  }

  @Post(':id/resolve')
  @ApiEndpoint({
    summary: 'Selesaikan peringatan (camat)',
    description: 'Camat menyelesaikan peringatan dengan note; tercatat di jejak audit.',
    errors: ['FLAG_NOT_FOUND', 'FLAG_ALREADY_RESOLVED'],
  })
  @HttpCode(200)
  @Roles('camat')
  @ApiOkResponse({ type: FlagDto })
  resolve(@Param('id') id: string, @Body() dto: ResolveFlagDto, @CurrentUser() user: AuthUser) {
    return this.flags.resolve(user, id, dto.note);
  }

  @Post(':id/explain')
  @ApiEndpoint({
    summary: 'Beri alasan atas peringatan (lurah)',
    description: 'Lurah menjelaskan peringatan (mis. harga di atas estimasi standar); tercatat di jejak audit.',
    errors: ['FLAG_NOT_FOUND', 'FLAG_ALREADY_RESOLVED'],
  })
  @HttpCode(200)
  @Roles('lurah')
  @ApiOkResponse({ type: FlagDto })
  explain(@Param('id') id: string, @Body() dto: ExplainFlagDto, @CurrentUser() user: AuthUser) {
    return this.flags.explain(user, id, dto.reason);
  }
}

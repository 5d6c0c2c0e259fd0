import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { ApiEndpoint } from './api-endpoint.decorator';
import { errorEntries } from './error-entries';

export class ErrorCatalogueEntryDto {
  @ApiProperty({ description: 'kode mesin yang stabil', example: 'PLAN_OVER_ALLOCATION' })
  code: string;

  @ApiProperty({ description: 'status HTTP yang selalu menyertai kode ini', example: 422 })
  status: number;

  @ApiProperty({
    description: 'pesan untuk manusia (Bahasa Indonesia); bila parameterised, contoh dengan nilai rekaan',
    example: 'Total rencana Rp1.025.000.000 melebihi pagu Rp1.000.000.000 (selisih Rp25.000.000)',
  })
  message: string;

  @ApiProperty({ description: 'true bila pesan menyebut nilai dari permintaan (jumlah, tahun, kode wilayah)', example: true })
  parameterised: boolean;
}

export class ErrorCatalogueDto {
  @ApiProperty({ type: [ErrorCatalogueEntryDto] })
  items: ErrorCatalogueEntryDto[];

  @ApiProperty({ description: 'jumlah kode' })
  total: number;
}

// Built once: the catalogue only changes with a release.
const CATALOGUE: ErrorCatalogueDto = (() => {
  const items = errorEntries();
  return { items, total: items.length };
})();

/** The error catalogue as a client reads it: every code with its HTTP status and message. */
@ApiTags('reference')
@Controller('errors')
export class ErrorsController {
  @Get()
  @ApiEndpoint({
    summary: 'Katalog kode kesalahan',
    description:
      'Tanpa login. Setiap code yang dapat dijawab API beserta status HTTP dan message-nya, urut menurut code; ' +
      'sama dengan kode yang dicantumkan per operasi di dokumen OpenAPI.',
  })
  @Public()
  @ApiOkResponse({ type: ErrorCatalogueDto })
  list(): ErrorCatalogueDto {
    return CATALOGUE;
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { invalidField } from '../../common/errors/validation';
import { IsRegionCode } from './region-code';
import { RegionsService } from './regions.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

class ImportQueryDto {
  @ApiPropertyOptional({ example: '35.73', description: 'ambil satu kab/kota saja' })
  @IsOptional()
  @IsRegionCode('kabkota')
  kabkota?: string;
}

class ImportResultDto {
  @ApiProperty() provinsi: number;
  @ApiProperty() kabkota: number;
  @ApiProperty() kecamatan: number;
  @ApiProperty() kelurahan: number;
  @ApiProperty() inserted: number;
  @ApiProperty() updated: number;
}

const LEVELS = ['provinsi', 'kabkota', 'kecamatan', 'kelurahan'];

class RegionChildDto {
  @ApiProperty({ example: '35.73.01.1001' }) code: string;
  @ApiProperty({ example: 'Balearjosari' }) name: string;
  @ApiProperty({ enum: LEVELS, example: 'kelurahan' }) level: string;
}

class RegionViewDto {
  @ApiProperty({ example: '35.73.01' }) code: string;
  @ApiProperty({ example: 'Blimbing' }) name: string;
  @ApiProperty({ enum: LEVELS, example: 'kecamatan' }) level: string;
  @ApiProperty({ type: String, nullable: true, example: '35.73' }) parentCode: string | null;
  @ApiProperty({ type: [RegionChildDto] }) children: RegionChildDto[];
}

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Post('import')
  @ApiEndpoint({
    summary: 'Impor wilayah Kemendagri dari CSV (admin)',
    description: 'Isi permintaan text/csv berformat kelurahan.csv (UTF-8). Parameter kabkota (mis. 35.73) mengambil satu kab/kota; admin kab/kota hanya boleh mengimpor wilayahnya sendiri. Idempoten: mengimpor berkas yang sama lagi tidak mengubah apa pun. Baris yang salah menolak seluruh berkas.',
    errors: ['REGION_IMPORT_INVALID', 'REGION_IMPORT_SCOPE', 'REGION_NOT_FOUND'],
  })
  @HttpCode(200)
  @Roles('admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'kode_provinsi,nama_provinsi,kode_kabkota,...' } })
  @ApiOkResponse({ type: ImportResultDto })
  import(@Body() body: unknown, @Query() q: ImportQueryDto, @CurrentUser() user: AuthUser) {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw invalidField('body', 'kirim berkas CSV dengan Content-Type text/csv', 'Isi permintaan harus berkas CSV (Content-Type: text/csv)');
    }
    // The region rule (own kab/kota only, unless national) is the service's, for the API and the page alike.
    return this.regions.import(body, { kabkota: q.kabkota, actor: user });
  }

  @Get(':code')
  @ApiEndpoint({
    summary: 'Satu wilayah beserta wilayah di bawahnya',
    description: 'Wilayah berdasarkan kode Kemendagri bertitik (35.73, 35.73.01, 35.73.01.1001) dengan level (provinsi, kabkota, kecamatan, kelurahan), parentCode dan children.',
    errors: ['REGION_NOT_FOUND'],
  })
  @ApiOkResponse({ type: RegionViewDto })
  get(@Param('code') code: string): Promise<RegionViewDto> {
    return this.regions.get(code);
  }
}

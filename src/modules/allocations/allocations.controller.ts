import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import {
  AllocationDto,
  AllocationHistoryDto,
  AllocationListDto,
  AllocationListQueryDto,
  BulkAllocationDto,
  BulkAllocationResultDto,
  SetAllocationDto,
} from './allocation.dto';
import { AllocationsService } from './allocations.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

@ApiTags('allocations')
@ApiBearerAuth()
@Controller('allocations')
export class AllocationsController {
  constructor(private readonly allocations: AllocationsService) {}

  @Put(':year/:kelurahanCode')
  @ApiEndpoint({
    summary: 'Tetapkan pagu satu kelurahan (admin)',
    description: 'Menetapkan amount (rupiah utuh) pagu kelurahan untuk tahun anggaran, per sumber dana (source). Perubahan disimpan di riwayat. Pagu tidak boleh di bawah yang sudah dipakai rencana yang berlaku.',
    errors: ['YEAR_OUT_OF_RANGE', 'KELURAHAN_NOT_FOUND', 'ALLOCATION_BELOW_COMMITTED'],
  })
  @Roles('admin')
  @ApiOkResponse({ type: AllocationDto })
  set(@Param('year') year: string, @Param('kelurahanCode') code: string, @Body() dto: SetAllocationDto, @CurrentUser() user: AuthUser) {
    return this.allocations.set(user, year, code, dto);
  }

  @Post(':year/bulk')
  @ApiEndpoint({
    summary: 'Tetapkan pagu yang sama untuk setiap kelurahan di bawah wilayah (admin)',
    description: 'Menetapkan amount untuk setiap kelurahan di bawah regionCode (kecamatan atau kab/kota) pada tahun anggaran; semua atau tidak sama sekali.',
    errors: ['YEAR_OUT_OF_RANGE', 'REGION_NOT_FOUND', 'ALLOCATION_BELOW_COMMITTED'],
  })
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: BulkAllocationResultDto })
  bulk(@Param('year') year: string, @Body() dto: BulkAllocationDto, @CurrentUser() user: AuthUser) {
    return this.allocations.bulk(user, year, dto);
  }

  @Get(':year')
  @ApiEndpoint({
    summary: 'Daftar pagu satu tahun',
    description: 'Pagu kelurahan dalam wilayah pengguna untuk tahun anggaran, dapat disaring dengan region.',
    errors: ['YEAR_OUT_OF_RANGE', 'REGION_NOT_FOUND'],
  })
  @ApiOkResponse({ type: AllocationListDto })
  list(@Param('year') year: string, @Query() q: AllocationListQueryDto, @CurrentUser() user: AuthUser) {
    return this.allocations.list(user, year, q);
  }

  @Get(':year/:kelurahanCode/history')
  @ApiEndpoint({
    summary: 'Riwayat perubahan pagu satu kelurahan',
    description: 'Setiap penetapan pagu kelurahan pada tahun itu: jumlah semula dan menjadi, oleh siapa, kapan.',
    errors: ['YEAR_OUT_OF_RANGE', 'KELURAHAN_NOT_FOUND'],
  })
  @ApiOkResponse({ type: AllocationHistoryDto })
  history(@Param('year') year: string, @Param('kelurahanCode') code: string, @CurrentUser() user: AuthUser) {
    return this.allocations.history(user, year, code);
  }
}

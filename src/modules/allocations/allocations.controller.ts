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

@ApiTags('allocations')
@ApiBearerAuth()
@Controller('allocations')
export class AllocationsController {
  constructor(private readonly allocations: AllocationsService) {}

  @Put(':year/:kelurahanCode')
  @Roles('admin')
  @ApiOkResponse({ type: AllocationDto })
  set(@Param('year') year: string, @Param('kelurahanCode') code: string, @Body() dto: SetAllocationDto, @CurrentUser() user: AuthUser) {
    return this.allocations.set(user, year, code, dto);
  }

  @Post(':year/bulk')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: BulkAllocationResultDto })
  bulk(@Param('year') year: string, @Body() dto: BulkAllocationDto, @CurrentUser() user: AuthUser) {
    return this.allocations.bulk(user, year, dto);
  }

  @Get(':year')
  @ApiOkResponse({ type: AllocationListDto })
  list(@Param('year') year: string, @Query() q: AllocationListQueryDto, @CurrentUser() user: AuthUser) {
    return this.allocations.list(user, year, q);
  }

  @Get(':year/:kelurahanCode/history')
  @ApiOkResponse({ type: AllocationHistoryDto })
  history(@Param('year') year: string, @Param('kelurahanCode') code: string, @CurrentUser() user: AuthUser) {
    return this.allocations.history(user, year, code);
  }
}

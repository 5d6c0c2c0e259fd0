import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';
import { filterOf } from './flags.controller';
import { FlagScopeQueryDto, RiskRowDto } from './flags.dto';
import { FlagsRiskService } from './flags-risk.service';

@ApiTags('flags')
@ApiBearerAuth()
@Controller('flags')
export class FlagsRiskController {
  constructor(private readonly risk: FlagsRiskService) {}

  @Get('risk')
  @Roles('admin', 'auditor', 'camat')
  @ApiEndpoint({
    errors: ['REGION_NOT_FOUND'],
    summary: 'Peringkat risiko kelurahan (skor dan rinciannya) untuk Inspektorat',
    description:
      'Skor = Σ bobot peringatan terbuka + absorptionPerPoint × poin persentase ketertinggalan penyerapan + ' +
      'missingEvidencePerPayment × pembayaran tanpa bukti wajib (paling banyak missingEvidenceMax) + ' +
      'notClosedPerMonth × bulan lewat batas tutup buku yang belum ditutup + closedLatePerMonth × bulan yang ditutup terlambat. ' +
      'Bobot di templates/<kode>/flags.json (risk), batas tutup buku di books.json (periodClose.deadlineDay).',
  })
  @ApiOkResponse({ type: RiskRowDto, isArray: true })
  list(@Query() q: FlagScopeQueryDto, @CurrentUser() user: AuthUser) {
    return this.risk.risk(user, filterOf(q));
  }
}

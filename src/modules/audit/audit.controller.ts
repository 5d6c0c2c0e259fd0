import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { AuditPageDto, AuditQueryDto, AuditVerifyDto } from './audit.dto';
import { AuditTrailService } from './audit-trail.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @ApiOperation({ summary: 'Jejak audit dalam wilayah pengguna, terbaru dahulu' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() q: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<AuditPageDto> {
    return this.trail.list(user, q);
  }

  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Hitung ulang rantai hash seluruh jejak audit' })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.trail.verify();
  }
}

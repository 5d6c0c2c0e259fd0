import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Public } from '../../common/auth/public.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditPageDto, AuditQueryDto, AuditVerifyDto, CheckpointDto, CheckpointListDto, CheckpointListQueryDto, PartitionHeadDto, PublicKeyDto } from './audit.dto';
import { AuditTrailService } from './audit-trail.service';

@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(PartitionHeadDto)
@Controller('audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Jejak audit dalam wilayah pengguna, terbaru dahulu' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() q: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<AuditPageDto> {
    return this.trail.list(user, q);
  }

  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Verifikasi lengkap: rantai setiap partisi, tanda tangan dan jangkauan checkpoint, fakta buku dan dokumen, total berjalan',
  })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.checkpoints.verify();
  }

  @Get('public-key')
  @Public()
  @ApiOperation({ summary: 'Kunci publik Ed25519 yang menandatangani checkpoint' })
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): PublicKeyDto {
    return this.checkpoints.publicKey();
  }

  @Post('checkpoints')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Tandatangani checkpoint sekarang' })
  @ApiCreatedResponse({ type: CheckpointDto })
  async sign(@CurrentUser() user: AuthUser): Promise<CheckpointDto> {
    return (await this.checkpoints.sign(user))!;
  }

  @Get('checkpoints')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Checkpoint bertanda tangan, urut naik (ekspor JSON untuk disimpan auditor)' })
  @ApiOkResponse({ type: CheckpointListDto })
  listCheckpoints(@Query() q: CheckpointListQueryDto): Promise<CheckpointListDto> {
    return this.checkpoints.list(q.after, q.limit);
  }
}

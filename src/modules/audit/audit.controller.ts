import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Public } from '../../common/auth/public.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditPageDto, AuditQueryDto, AuditVerifyDto, CheckpointDto, CheckpointListDto, CheckpointListQueryDto, PartitionHeadDto, PublicKeyDto } from './audit.dto';
import { AuditTrailService } from './audit-trail.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

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
  @ApiEndpoint({
    summary: 'Jejak audit dalam wilayah pengguna, terbaru dahulu',
    description: 'Kejadian audit (seq, at, actor, role, action, entity, entityId, regionCode, before, after, reason, hash) dalam wilayah pengguna, disaring dengan region, from, to, entity dan action; berhalaman.',
    errors: ['AUDIT_RANGE_INVALID', 'REGION_NOT_FOUND'],
  })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() q: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<AuditPageDto> {
    return this.trail.list(user, q);
  }

  @Get('verify')
  @ApiEndpoint({
    summary: 'Verifikasi jejak audit secara lengkap (auditor, admin)',
    description: 'Dalam satu snapshot baca: rantai hash setiap partisi, tanda tangan dan jangkauan checkpoint, fakta buku dan dokumen terhadap kejadiannya, dan total berjalan terhadap buku. Jawaban {valid, events, head} dan brokenAt bila tidak valid, beserta problems.',
    errors: ['QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST'],
  })
  @Roles('auditor', 'admin')
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.checkpoints.verify();
  }

  @Get('public-key')
  @ApiEndpoint({
    summary: 'Kunci publik Ed25519 penanda tangan checkpoint',
    description: 'Tanpa login. Menjawab algorithm, keyId (16 digit hex pertama SHA-256 bentuk SPKI DER) dan publicKeyPem, untuk memeriksa checkpoint di luar sistem.',
  })
  @Public()
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): PublicKeyDto {
    return this.checkpoints.publicKey();
  }

  @Post('checkpoints')
  @ApiEndpoint({
    summary: 'Tandatangani checkpoint sekarang (admin)',
    description: 'Menandatangani checkpoint baru atas kepala rantai setiap partisi, menyambung ke checkpoint sebelumnya.',
  })
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CheckpointDto })
  async sign(@CurrentUser() user: AuthUser): Promise<CheckpointDto> {
    return (await this.checkpoints.sign(user))!;
  }

  @Get('checkpoints')
  @ApiEndpoint({
    summary: 'Daftar checkpoint bertanda tangan (auditor, admin)',
    description: 'Checkpoint urut naik beserta kunci publik, untuk disimpan auditor di luar basis data; after=N hanya yang lebih baru dari seq N.',
  })
  @Roles('auditor', 'admin')
  @ApiOkResponse({ type: CheckpointListDto })
  listCheckpoints(@Query() q: CheckpointListQueryDto): Promise<CheckpointListDto> {
    return this.checkpoints.list(q.after, q.limit);
  }
}

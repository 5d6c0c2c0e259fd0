import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import {
  CreateLineDto,
  CreatePlanDto,
  DeletedLineDto,
  PlanDto,
  PlanLineDto,
  PlanListDto,
  PlanListQueryDto,
  PlanVersionListDto,
  ReturnPlanDto,
  UpdateLineDto,
} from './plan.dto';
import { PlanLinesService } from './plan-lines.service';
import { PlanVersionsService } from './plan-versions.service';
import { PlanWorkflowService } from './plan-workflow.service';
import { PlansService } from './plans.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly lines: PlanLinesService,
    private readonly workflow: PlanWorkflowService,
    private readonly history: PlanVersionsService,
  ) {}

  @Post()
  @ApiEndpoint({
    summary: 'Buat rencana kegiatan kelurahan (lurah)',
    description: 'Lurah membuat rencana (draft) untuk kelurahannya dan tahun anggaran; satu rencana per kelurahan dan tahun. Jawaban memuat allocation (pagu), total dan lines.',
    errors: ['YEAR_OUT_OF_RANGE', 'KELURAHAN_NOT_FOUND', 'PLAN_EXISTS'],
  })
  @Roles('lurah')
  @ApiCreatedResponse({ type: PlanDto })
  create(@Body() dto: CreatePlanDto, @CurrentUser() user: AuthUser) {
    return this.plans.create(user, dto);
  }

  @Get()
  @ApiEndpoint({
    summary: 'Daftar rencana dalam wilayah pengguna',
    description: 'Rencana dalam wilayah pengguna, disaring dengan kelurahan, year dan status; berhalaman.',
    errors: ['YEAR_OUT_OF_RANGE'],
  })
  @ApiOkResponse({ type: PlanListDto })
  list(@Query() q: PlanListQueryDto, @CurrentUser() user: AuthUser) {
    return this.plans.list(user, q);
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'Satu rencana: versi terbaru dan versi yang berlaku',
    description: 'Versi terbaru rencana beserta inForce (versi yang berlaku: version, total, lines; null sebelum persetujuan pertama). Rencana di luar wilayah pengguna dijawab 404.',
    errors: ['PLAN_NOT_FOUND'],
  })
  @ApiOkResponse({ type: PlanDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.plans.get(user, id);
  }

  @Get(':id/versions')
  @ApiEndpoint({
    summary: 'Riwayat versi rencana (semula/menjadi)',
    description: 'Setiap versi (asli dan setiap perubahan) dengan status, total, siapa memindahkannya dan kapan, serta changes per rincian terhadap versi yang digantikannya.',
    errors: ['PLAN_NOT_FOUND'],
  })
  @ApiOkResponse({ type: PlanVersionListDto })
  versions(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.history.versions(user, id);
  }

  @Post(':id/lines')
  @ApiEndpoint({
    summary: 'Tambah rincian rencana (lurah)',
    description: 'Menambah rincian pada versi draft atau returned: category, subType, accountCode, volume, unit, unitPrice; amount = volume × unitPrice.',
    errors: ['PLAN_NOT_FOUND', 'PLAN_INVALID_TRANSITION'],
  })
  @Roles('lurah')
  @ApiCreatedResponse({ type: PlanLineDto })
  addLine(@Param('id') id: string, @Body() dto: CreateLineDto, @CurrentUser() user: AuthUser) {
    return this.lines.addLine(user, id, dto);
  }

  @Patch(':id/lines/:lineId')
  @ApiEndpoint({
    summary: 'Ubah rincian rencana (lurah)',
    description: 'Mengubah rincian pada versi draft atau returned. Pada perubahan (amend), anggaran rincian tidak boleh di bawah realisasi yang sudah tercatat.',
    errors: ['PLAN_NOT_FOUND', 'PLAN_LINE_NOT_FOUND', 'PLAN_INVALID_TRANSITION', 'LINE_BELOW_SPENT'],
  })
  @Roles('lurah')
  @ApiParam({ name: 'lineId', description: 'id rincian, atau nomornya (position) pada versi terbaru, mis. 3' })
  @ApiOkResponse({ type: PlanLineDto })
  updateLine(@Param('id') id: string, @Param('lineId') lineId: string, @Body() dto: UpdateLineDto, @CurrentUser() user: AuthUser) {
    return this.lines.updateLine(user, id, lineId, dto);
  }

  @Delete(':id/lines/:lineId')
  @ApiEndpoint({
    summary: 'Hapus rincian rencana (lurah)',
    description: 'Menghapus rincian pada versi draft atau returned; rincian yang sudah memiliki realisasi tidak dapat dihapus.',
    errors: ['PLAN_NOT_FOUND', 'PLAN_LINE_NOT_FOUND', 'PLAN_INVALID_TRANSITION', 'LINE_HAS_SPENDING'],
  })
  @Roles('lurah')
  @ApiParam({ name: 'lineId', description: 'id rincian, atau nomornya (position) pada versi terbaru, mis. 3' })
  @ApiOkResponse({ type: DeletedLineDto })
  deleteLine(@Param('id') id: string, @Param('lineId') lineId: string, @CurrentUser() user: AuthUser) {
    return this.lines.deleteLine(user, id, lineId);
  }

  @Post(':id/submit')
  @ApiEndpoint({
    summary: 'Ajukan rencana ke camat (lurah)',
    description: 'draft atau returned menjadi submitted. Ditolak (422) bila belum ada rincian, pagu belum ditetapkan, total melebihi pagu atau pagu sumber dana, harga satuan melebihi batas tertinggi standar harga, atau harga di atas estimasi standar harga belum diberi alasan oleh lurah.',
    errors: ['PLAN_NOT_FOUND', 'PLAN_INVALID_TRANSITION', 'PLAN_EMPTY', 'PLAN_NO_ALLOCATION', 'PLAN_OVER_ALLOCATION', 'PLAN_OVER_SOURCE', 'PRICE_ABOVE_CEILING', 'PRICE_ESTIMATE_REASON_REQUIRED'],
  })
  @HttpCode(200)
  @Roles('lurah')
  @ApiOkResponse({ type: PlanDto })
  submit(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.workflow.submit(user, id);
  }

  @Post(':id/approve')
  @ApiEndpoint({
    summary: 'Setujui rencana (camat)',
    description: 'submitted menjadi approved; versi ini menjadi versi yang berlaku dan realisasi dapat dicatat padanya. Pagu diperiksa lagi saat persetujuan.',
    errors: ['PLAN_NOT_FOUND', 'PLAN_INVALID_TRANSITION', 'PLAN_NO_ALLOCATION', 'PLAN_OVER_ALLOCATION', 'PLAN_OVER_SOURCE'],
  })
  @HttpCode(200)
  @Roles('camat')
  @ApiOkResponse({ type: PlanDto })
  approve(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.workflow.approve(user, id);
  }

  @Post(':id/return')
  @ApiEndpoint({
    summary: 'Kembalikan rencana dengan alasan (camat)',
    description: 'submitted menjadi returned dengan reason (wajib); lurah memperbaikinya lalu mengajukan lagi.',
    errors: ['PLAN_NOT_FOUND', 'PLAN_INVALID_TRANSITION'],
  })
  @HttpCode(200)
  @Roles('camat')
  @ApiOkResponse({ type: PlanDto })
  return(@Param('id') id: string, @Body() dto: ReturnPlanDto, @CurrentUser() user: AuthUser) {
    return this.workflow.return(user, id, dto.reason);
  }

  @Post(':id/amend')
  @ApiEndpoint({
    summary: 'Buka perubahan rencana (lurah)',
    description: 'Membuka versi draft baru (perubahan) dari versi yang disetujui; versi yang disetujui tetap berlaku, dengan realisasinya, sampai versi baru disetujui.',
    errors: ['PLAN_NOT_FOUND', 'PLAN_INVALID_TRANSITION'],
  })
  @Roles('lurah')
  @ApiCreatedResponse({ type: PlanDto })
  amend(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.workflow.amend(user, id);
  }
}

import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { IDEMPOTENCY_KEY_MAX } from '../../database/mutation-runner';
import { SpendingTotalsService } from './spending-totals.query';
import {
  ListSpendingQueryDto, RecordSpendingDto, ReverseSpendingDto, SpendingEntryDto, SpendingPageDto, TotalsCheckDto,
} from './spending.dto';
import { SpendingService } from './spending.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: `Kunci unik per transaksi (maks. ${IDEMPOTENCY_KEY_MAX} karakter): kunci dan isi yang sama dari pengguna yang sama menghasilkan jawaban pertama tanpa mencatat ulang.`,
};

type Reply = FastifyReply;
const markReplay = (reply: Reply, replayed: boolean) => {
  if (replayed) void reply.header('Idempotent-Replayed', 'true');
};

@ApiTags('spending')
@ApiBearerAuth()
@Controller('spending')
export class SpendingController {
  constructor(
    private readonly spending: SpendingService,
    private readonly totals: SpendingTotalsService,
  ) {}

  @Post()
  @ApiEndpoint({
    summary: 'Catat realisasi (pembayaran) pada rincian rencana',
    description: 'Lurah atau bendahara mencatat pembayaran pada planLineId dari rencana yang disetujui: date, amount, description, payee, evidenceNo, method (TUNAI, BANK, LS) dan taxes. Header Idempotency-Key opsional: kunci dan isi yang sama menjawab entri pertama tanpa mencatat lagi. Ditolak bila melebihi sisa anggaran rincian, bertanggal di bulan yang sudah ditutup, nomor bukti sudah dipakai, atau saldo kas tidak cukup (bila Pemda menolak).',
    errors: ['SPENDING_LINE_NOT_FOUND', 'SPENDING_PLAN_NOT_APPROVED', 'SPENDING_DUPLICATE_EVIDENCE_NO', 'PERIOD_CLOSED', 'SPENDING_EXCEEDS_LINE', 'BOOKS_INSUFFICIENT_CASH', 'IDEMPOTENCY_KEY_REUSED'],
  })
  @Roles('lurah', 'bendahara')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: SpendingEntryDto })
  async record(
    @Body() dto: RecordSpendingDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<SpendingEntryDto> {
    const answer = await this.spending.record(user, dto, key);
    markReplay(reply, answer.replayed);
    return answer.body;
  }

  @Post(':id/reverse')
  @ApiEndpoint({
    summary: 'Batalkan entri realisasi dengan alasan',
    description: 'Mencatat entri pembatalan (jumlah negatif) dengan reason; entri tidak pernah diubah atau dihapus. date opsional (bawaan: tanggal entri asal selama bulannya terbuka). Pajaknya ikut dibatalkan.',
    errors: ['SPENDING_NOT_FOUND', 'SPENDING_ALREADY_REVERSED', 'SPENDING_CANNOT_REVERSE_REVERSAL', 'PERIOD_CLOSED', 'BOOKS_TAX_ALREADY_DEPOSITED', 'IDEMPOTENCY_KEY_REUSED'],
  })
  @Roles('lurah', 'bendahara')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: SpendingEntryDto, description: 'entri pembatalan (jumlah negatif)' })
  async reverse(
    @Param('id') id: string,
    @Body() dto: ReverseSpendingDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<SpendingEntryDto> {
    const answer = await this.spending.reverse(user, id, dto, key);
    markReplay(reply, answer.replayed);
    return answer.body;
  }

  @Get()
  @ApiEndpoint({
    summary: 'Daftar realisasi dalam wilayah pengguna',
    description: 'Entri realisasi disaring dengan region, year, from, to dan planLineId; berhalaman.',
    errors: ['REGION_NOT_FOUND'],
  })
  @ApiOkResponse({ type: SpendingPageDto })
  list(@Query() q: ListSpendingQueryDto, @CurrentUser() user: AuthUser): Promise<SpendingPageDto> {
    return this.spending.list(user, q);
  }

  @Get('totals/check')
  @ApiEndpoint({
    summary: 'Periksa total berjalan terhadap buku (admin, auditor)',
    description: 'Membandingkan total berjalan per rincian dengan jumlah entri di buku realisasi; setiap selisih disebut.',
  })
  @Roles('admin', 'auditor')
  @ApiOkResponse({ type: TotalsCheckDto })
  check(@CurrentUser() user: AuthUser): Promise<TotalsCheckDto> {
    return this.totals.check(user);
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'Satu entri realisasi',
    description: 'Entri realisasi dengan pajak dan status pembatalannya; di luar wilayah pengguna dijawab 404.',
    errors: ['SPENDING_NOT_FOUND'],
  })
  @ApiOkResponse({ type: SpendingEntryDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<SpendingEntryDto> {
    return this.spending.get(user, id);
  }
}

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
  @ApiOkResponse({ type: SpendingPageDto })
  list(@Query() q: ListSpendingQueryDto, @CurrentUser() user: AuthUser): Promise<SpendingPageDto> {
    return this.spending.list(user, q);
  }

  @Get('totals/check')
  @Roles('admin', 'auditor')
  @ApiOkResponse({ type: TotalsCheckDto })
  check(@CurrentUser() user: AuthUser): Promise<TotalsCheckDto> {
    return this.totals.check(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: SpendingEntryDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<SpendingEntryDto> {
    return this.spending.get(user, id);
  }
}

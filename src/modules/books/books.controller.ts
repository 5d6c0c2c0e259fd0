import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { BookPeriodService } from './book-period.service';
import { BooksBalanceService } from './books-balance.service';
import {
  BookPeriodListDto, BookPeriodViewDto, BooksBalanceDto, ClosePeriodDto, DepositDto, DepositPageDto, FundEntryDto, FundPageDto,
  KelurahanYearQueryDto, RecordDepositDto, RecordFundDto, ReopenPeriodBodyDto, SuggestedTaxesDto, SuggestTaxesDto,
} from './books.dto';
import { DepositService } from './deposit.service';
import { FundService } from './fund.service';
import { suggestTaxes } from './tax/tax-rules';

@ApiTags('books')
@ApiBearerAuth()
@Controller('books')
export class BooksController {
  constructor(
    private readonly funds: FundService,
    private readonly deposits: DepositService,
    private readonly periods: BookPeriodService,
    private readonly balance: BooksBalanceService,
  ) {}

  @Post('funds')
  @Roles('lurah', 'bendahara')
  @ApiOperation({ summary: 'Penerimaan UP/GU/TU (SP2D) atau pengembalian sisa (STS) bendahara pembantu' })
  @ApiCreatedResponse({ type: FundEntryDto })
  recordFund(@Body() dto: RecordFundDto, @CurrentUser() user: AuthUser): Promise<FundEntryDto> {
    return this.funds.record(user, dto);
  }

  @Get('funds')
  @ApiOkResponse({ type: FundPageDto })
  listFunds(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<FundPageDto> {
    return this.funds.list(user, q.kelurahan, q.year);
  }

  @Get('balance')
  @ApiOperation({ summary: 'Saldo kas tunai, bank dan LS serta posisi pajak (dipungut, disetor, sisa)' })
  @ApiOkResponse({ type: BooksBalanceDto })
  getBalance(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<BooksBalanceDto> {
    return this.balance.get(user, q.kelurahan, q.year);
  }

  @Get('taxes/suggest')
  @ApiOperation({ summary: 'Usulan potongan pajak dari tabel tarif berlaku pada tanggal pembayaran' })
  @ApiOkResponse({ type: SuggestedTaxesDto })
  suggest(@Query() dto: SuggestTaxesDto): SuggestedTaxesDto {
    return { items: suggestTaxes(dto) };
  }

  @Post('tax-deposits')
  @Roles('lurah', 'bendahara')
  @ApiOperation({ summary: 'Setoran pajak (kode billing, NTPN)' })
  @ApiCreatedResponse({ type: DepositDto })
  deposit(@Body() dto: RecordDepositDto, @CurrentUser() user: AuthUser): Promise<DepositDto> {
    return this.deposits.record(user, dto);
  }

  @Get('tax-deposits')
  @ApiOkResponse({ type: DepositPageDto })
  listDeposits(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<DepositPageDto> {
    return this.deposits.list(user, q.kelurahan, q.year);
  }

  @Get('periods')
  @ApiOperation({ summary: 'Status tutup buku per bulan (M01..M12)' })
  @ApiOkResponse({ type: BookPeriodListDto })
  async listPeriods(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<BookPeriodListDto> {
    const items = await this.periods.list(user, q.kelurahan, q.year);
    return { items, total: items.length };
  }

  @Post('periods/close')
  @HttpCode(200)
  @Roles('lurah', 'bendahara')
  @ApiOperation({ summary: 'Tutup buku satu bulan (setelah BKU seimbang)' })
  @ApiOkResponse({ type: BookPeriodViewDto })
  close(@Body() dto: ClosePeriodDto, @CurrentUser() user: AuthUser): Promise<BookPeriodViewDto> {
    return this.periods.close(user, dto.kelurahanCode, dto.year, dto.month);
  }

  @Post('periods/reopen')
  @HttpCode(200)
  @Roles('camat')
  @ApiOperation({ summary: 'Buka kembali bulan yang sudah ditutup, dengan alasan (camat)' })
  @ApiOkResponse({ type: BookPeriodViewDto })
  reopen(@Body() dto: ReopenPeriodBodyDto, @CurrentUser() user: AuthUser): Promise<BookPeriodViewDto> {
    return this.periods.reopen(user, dto.kelurahanCode, dto.year, dto.month, dto.reason);
  }
}

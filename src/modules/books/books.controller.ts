import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

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
  @ApiEndpoint({
    summary: 'Catat penerimaan UP/GU/TU atau pengembalian STS (lurah, bendahara)',
    description: 'Penerimaan dana bendahara pembantu (UP, GU, TU dengan nomor dan tanggal SP2D) atau pengembalian sisa (STS) ke kas daerah, ke akun TUNAI, BANK atau LS.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'BOOKS_DATE_REFUSED', 'PERIOD_CLOSED', 'BOOKS_DUPLICATE_DOCUMENT', 'BOOKS_INSUFFICIENT_CASH'],
  })
  @Roles('lurah', 'bendahara')
  @ApiCreatedResponse({ type: FundEntryDto })
  recordFund(@Body() dto: RecordFundDto, @CurrentUser() user: AuthUser): Promise<FundEntryDto> {
    return this.funds.record(user, dto);
  }

  @Get('funds')
  @ApiEndpoint({
    summary: 'Daftar penerimaan dan pengembalian dana',
    description: 'Penerimaan UP/GU/TU dan STS satu kelurahan dan tahun; berhalaman.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND'],
  })
  @ApiOkResponse({ type: FundPageDto })
  listFunds(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<FundPageDto> {
    return this.funds.list(user, q.kelurahan, q.year);
  }

  @Get('balance')
  @ApiEndpoint({
    summary: 'Saldo kas dan posisi pajak',
    description: 'Saldo kas TUNAI, BANK dan LS serta per jenis pajak: dipungut, disetor dan sisa, untuk satu kelurahan dan tahun.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND'],
  })
  @ApiOkResponse({ type: BooksBalanceDto })
  getBalance(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<BooksBalanceDto> {
    return this.balance.get(user, q.kelurahan, q.year);
  }

  @Get('taxes/suggest')
  @ApiEndpoint({
    summary: 'Usulan potongan pajak sebuah pembayaran',
    description: 'Dari tabel tarif yang berlaku pada tanggal pembayaran: PPN, PPh 21, 22, 23 dan 4(2) menurut jenis belanja, jumlah dan penerima.',
  })
  @ApiOkResponse({ type: SuggestedTaxesDto })
  suggest(@Query() dto: SuggestTaxesDto): SuggestedTaxesDto {
    return { items: suggestTaxes(dto) };
  }

  @Post('tax-deposits')
  @ApiEndpoint({
    summary: 'Catat setoran pajak (lurah, bendahara)',
    description: 'Setoran pajak yang dipungut dengan kode billing dan NTPN; tidak boleh melebihi yang dipungut dan belum disetor.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'BOOKS_DATE_REFUSED', 'PERIOD_CLOSED', 'BOOKS_DUPLICATE_NTPN', 'BOOKS_TAX_EXCEEDS_WITHHELD', 'BOOKS_INSUFFICIENT_CASH'],
  })
  @Roles('lurah', 'bendahara')
  @ApiCreatedResponse({ type: DepositDto })
  deposit(@Body() dto: RecordDepositDto, @CurrentUser() user: AuthUser): Promise<DepositDto> {
    return this.deposits.record(user, dto);
  }

  @Get('tax-deposits')
  @ApiEndpoint({
    summary: 'Daftar setoran pajak',
    description: 'Setoran pajak satu kelurahan dan tahun; berhalaman.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND'],
  })
  @ApiOkResponse({ type: DepositPageDto })
  listDeposits(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<DepositPageDto> {
    return this.deposits.list(user, q.kelurahan, q.year);
  }

  @Get('periods')
  @ApiEndpoint({
    summary: 'Status tutup buku per bulan',
    description: 'Untuk setiap bulan M01..M12: terbuka atau ditutup, oleh siapa dan kapan, serta riwayat buka kembali.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND'],
  })
  @ApiOkResponse({ type: BookPeriodListDto })
  async listPeriods(@Query() q: KelurahanYearQueryDto, @CurrentUser() user: AuthUser): Promise<BookPeriodListDto> {
    const items = await this.periods.list(user, q.kelurahan, q.year);
    return { items, total: items.length };
  }

  @Post('periods/close')
  @ApiEndpoint({
    summary: 'Tutup buku satu bulan (lurah, bendahara)',
    description: 'Menutup bulan setelah buku seimbang (saldo tersimpan sama dengan buku, tidak ada akun di bawah nol, tidak ada pajak disetor berlebih); sesudahnya transaksi bertanggal di bulan itu ditolak.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'BOOKS_PERIOD_ALREADY_CLOSED', 'BOOKS_UNBALANCED'],
  })
  @HttpCode(200)
  @Roles('lurah', 'bendahara')
  @ApiOkResponse({ type: BookPeriodViewDto })
  close(@Body() dto: ClosePeriodDto, @CurrentUser() user: AuthUser): Promise<BookPeriodViewDto> {
    return this.periods.close(user, dto.kelurahanCode, dto.year, dto.month);
  }

  @Post('periods/reopen')
  @ApiEndpoint({
    summary: 'Buka kembali bulan yang ditutup (camat)',
    description: 'Camat membuka kembali bulan yang sudah ditutup dengan reason; setiap tutup dan buka kembali disimpan.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'BOOKS_PERIOD_NOT_CLOSED'],
  })
  @HttpCode(200)
  @Roles('camat')
  @ApiOkResponse({ type: BookPeriodViewDto })
  reopen(@Body() dto: ReopenPeriodBodyDto, @CurrentUser() user: AuthUser): Promise<BookPeriodViewDto> {
    return this.periods.reopen(user, dto.kelurahanCode, dto.year, dto.month, dto.reason);
  }
}

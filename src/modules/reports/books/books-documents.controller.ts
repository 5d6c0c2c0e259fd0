import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/current-user.decorator';
import { KelurahanMonthQueryDto, PajakQueryDto } from '../../books/books.dto';
import { FileDownload, FileDownloadInterceptor } from '../file-download';
import { BooksDocumentsService } from './books-documents.service';
import { ApiEndpoint } from '../../../openapi/api-endpoint.decorator';

const BINARY = { schema: { type: 'string', format: 'binary' } };

// Every role reads the books of a kelurahan in its scope (404 outside it), as it reads the reports.
@ApiTags('books')
@ApiBearerAuth()
@Controller('books')
@UseInterceptors(FileDownloadInterceptor)
export class BooksDocumentsController {
  constructor(private readonly docs: BooksDocumentsService) {}

  @Get('bku.pdf')
  @ApiEndpoint({
    summary: 'Buku Kas Umum satu bulan (PDF bernomor)',
    description: 'BKU kelurahan untuk year dan month (1..12), terdaftar sebagai dokumen; nomor di header X-Document-Number.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST', 'SERVER_BUSY'],
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(BINARY)
  bkuPdf(@Query() q: KelurahanMonthQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.docs.bkuPdf(user, q);
  }

  @Get('bku.xlsx')
  @ApiEndpoint({
    summary: 'Buku Kas Umum satu bulan sebagai XLSX',
    description: 'Baris BKU yang sama sebagai angka mentah.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST'],
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(BINARY)
  bkuXlsx(@Query() q: KelurahanMonthQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.docs.bkuXlsx(user, q);
  }

  @Get('pajak.pdf')
  @ApiEndpoint({
    summary: 'Buku Pembantu Pajak satu bulan (PDF bernomor)',
    description: 'Urut tanggal (layout=chronological) atau rekap per jenis pajak (layout=recap).',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST', 'SERVER_BUSY'],
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(BINARY)
  pajakPdf(@Query() q: PajakQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.docs.pajakPdf(user, q);
  }

  @Get('lpj.pdf')
  @ApiEndpoint({
    summary: 'Laporan pertanggungjawaban bendahara satu bulan (PDF bernomor)',
    description: 'Penerimaan, pengeluaran, pajak dan saldo bendahara pengeluaran pembantu untuk satu bulan.',
    errors: ['BOOKS_KELURAHAN_NOT_FOUND', 'QUERY_TIMEOUT', 'CLIENT_CLOSED_REQUEST', 'SERVER_BUSY'],
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(BINARY)
  lpjPdf(@Query() q: KelurahanMonthQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.docs.lpjPdf(user, q);
  }
}

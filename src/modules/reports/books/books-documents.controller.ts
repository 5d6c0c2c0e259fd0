import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/current-user.decorator';
import { KelurahanMonthQueryDto, PajakQueryDto } from '../../books/books.dto';
import { FileDownload, FileDownloadInterceptor, JobAccepted } from '../file-download';
import { PdfRenderGateInterceptor } from '../pdf-render-gate';
import { BooksDocumentsService } from './books-documents.service';
import { ApiEndpoint } from '../../../openapi/api-endpoint.decorator';

const BINARY = { schema: { type: 'string', format: 'binary' } };
// Same figures: the stored file at once; a large month not yet issued renders as a job (GET /api/reports/jobs/:id).
const JOB = { description: 'bulan besar dibuat sebagai pekerjaan: {jobId, jobUrl, state}; header Location' };

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
  @ApiAcceptedResponse(JOB)
  @UseInterceptors(PdfRenderGateInterceptor)
  bkuPdf(@Query() q: KelurahanMonthQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload | JobAccepted> {
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
  @ApiAcceptedResponse(JOB)
  @UseInterceptors(PdfRenderGateInterceptor)
  pajakPdf(@Query() q: PajakQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload | JobAccepted> {
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
  @ApiAcceptedResponse(JOB)
  @UseInterceptors(PdfRenderGateInterceptor)
  lpjPdf(@Query() q: KelurahanMonthQueryDto, @CurrentUser() user: AuthUser): Promise<FileDownload | JobAccepted> {
    return this.docs.lpjPdf(user, q);
  }
}

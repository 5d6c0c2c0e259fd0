import { fileOrProgress } from '../reports/job-redirect';
import { Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { readForm, megabytes } from '../../common/upload/file-upload';
import { BookPeriodService } from '../../modules/books/book-period.service';
import { BooksBalanceService } from '../../modules/books/books-balance.service';
import { loadBooksSettings } from '../../modules/books/books-settings';
import { EvidenceService } from '../../modules/evidence/evidence.service';
import { BooksDocumentsService } from '../../modules/reports/books/books-documents.service';
import { FileDownload, FileDownloadInterceptor } from '../../modules/reports/file-download';
import { SpendingService } from '../../modules/spending/spending.service';
import { todayIso } from '../../modules/spending/spending-date';
import { asFormError, FieldErrors, formErrorsFrom } from '../form';
import { PageRequest, redirect, render } from '../page-context';
import { PageController } from '../page.decorators';
import { currentYear } from '../plans/plan-view';
import {
  BookMonth, EVIDENCE_LABELS, firstDay, lastDay, METHOD_LABELS, monthLabel, monthParams, monthUrl, pageWords, PAYMENT_LABELS, PICKERS,
} from './books-view';

const SAVED: Record<string, string> = { bayar: 'Pembayaran dicatat.', batal: 'Pembayaran dibatalkan.', terima: 'Penerimaan dicatat.', setor: 'Setoran pajak dicatat.' };

/** Buku: the bendahara's Buku Kas Umum of a month, what is still missing, the monthly close and the printed books. */
@PageController('buku')
@Roles('bendahara')
export class BooksPageController {
  constructor(
    private readonly docs: BooksDocumentsService,
    private readonly periods: BookPeriodService,
    private readonly balance: BooksBalanceService,
    private readonly spending: SpendingService,
    private readonly evidence: EvidenceService,
  ) {}

  @Get()
  async index(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const today = todayIso();
    return redirect(req, reply, monthUrl({ kelurahan: req.user!.regionCode!, year: currentYear(), month: Number(today.slice(5, 7)) }));
  }

  /** The month and year pickers (a GET form, so it works without JavaScript). */
  @Get(':kelurahan/pilih')
  async pick(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') kelurahan: string, @Query('tahun') year = '', @Query('bulan') month = ''): Promise<void> {
    const m = monthParams(kelurahan, year, month);
    return redirect(req, reply, monthUrl(m));
  }

  @Get(':kelurahan/:year/:month')
  async bku(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    return this.showBku(req, reply, monthParams(k, y, mo), {}, 200, req.query as Record<string, string>);
  }

  @Get(':kelurahan/:year/:month/kurang')
  async missing(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    return this.showMissing(req, reply, monthParams(k, y, mo), {}, null);
  }

  /** Evidence for a payment already booked (from the list of what is missing), multipart with the token in the query. */
  @Post(':kelurahan/:year/:month/bukti/:id')
  async upload(
    @Req() req: PageRequest, @Res() reply: FastifyReply,
    @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string, @Param('id') id: string,
  ): Promise<void> {
    const m = monthParams(k, y, mo);
    const user = req.user!;
    const entry = await this.spending.get(user, id);
    if (entry.kelurahanCode !== m.kelurahan) return this.showMissing(req, reply, m, {}, null, 404);
    let errors: FieldErrors = {};
    try {
      const { file, fields } = await readForm(req, { maxBytes: loadBooksSettings(m.kelurahan).evidence.maxBytes });
      if (!file) errors = { file: 'Pilih berkas bukti (foto atau PDF)' };
      else await this.evidence.attach(user, entry, file, { kind: fields.kind ?? '' });
    } catch (e) {
      errors = formErrorsFrom(e, { labels: PAYMENT_LABELS });
    }
    if (Object.keys(errors).length) return this.showMissing(req, reply, m, errors, id, 400);
    return redirect(req, reply, monthUrl(m, '/kurang?diunggah=1'));
  }

  @Get(':kelurahan/:year/:month/tutup')
  async confirmClose(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    const m = monthParams(k, y, mo);
    const model = await this.docs.bku(req.user!, m);
    return render(req, reply, 'views/confirm', {
      title: `Tutup buku ${monthLabel(m)}`,
      question: `Tutup buku bulan ${monthLabel(m)}?`,
      detail: `Saldo akhir ${model.closing.toLocaleString('id-ID')} rupiah. Setelah ditutup, transaksi bertanggal di bulan ini tidak dapat dicatat lagi; hanya camat yang dapat membukanya kembali.`,
      action: monthUrl(m, '/tutup'),
      button: 'Tutup buku',
      danger: true,
      back: monthUrl(m),
      errors: {},
    });
  }

  @Post(':kelurahan/:year/:month/tutup')
  async close(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    const m = monthParams(k, y, mo);
    try {
      await this.periods.close(req.user!, m.kelurahan, m.year, m.month);
    } catch (e) {
      return this.showBku(req, reply, m, asFormError(pageWords(e, formErrorsFrom(e))), 409);
    }
    return redirect(req, reply, monthUrl(m, '?ditutup=1'));
  }

  // Downloads: the same numbered documents as the API's, through the browser session.

  @Get(':kelurahan/:year/:month/bku.pdf')
  @UseInterceptors(FileDownloadInterceptor)
  async bkuPdf(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<FileDownload | string> {
    return fileOrProgress(reply, await this.docs.bkuPdf(req.user!, monthParams(k, y, mo)));
  }

  @Get(':kelurahan/:year/:month/bku.xlsx')
  @UseInterceptors(FileDownloadInterceptor)
  bkuXlsx(@Req() req: PageRequest, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<FileDownload> {
    return this.docs.bkuXlsx(req.user!, monthParams(k, y, mo));
  }

  @Get(':kelurahan/:year/:month/pajak.pdf')
  @UseInterceptors(FileDownloadInterceptor)
  async pajakPdf(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string, @Query('susunan') layout?: string): Promise<FileDownload | string> {
    return fileOrProgress(reply, await this.docs.pajakPdf(req.user!, { ...monthParams(k, y, mo), layout: layout === 'rekap' ? 'recap' : 'chronological' }));
  }

  @Get(':kelurahan/:year/:month/lpj.pdf')
  @UseInterceptors(FileDownloadInterceptor)
  async lpjPdf(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<FileDownload | string> {
    return fileOrProgress(reply, await this.docs.lpjPdf(req.user!, monthParams(k, y, mo)));
  }

  // ---------------------------------------------------------------- helpers

  private async showBku(req: PageRequest, reply: FastifyReply, m: BookMonth, errors: FieldErrors, status = 200, query: Record<string, string> = {}): Promise<void> {
    const user = req.user!;
    const model = await this.docs.bku(user, m);
    const [payments, position] = await Promise.all([
      this.spending.list(user, { region: m.kelurahan, year: m.year, from: firstDay(m), to: lastDay(m), page: 1, pageSize: 500 }),
      this.balance.get(user, m.kelurahan, m.year),
    ]);
    const years = [m.year - 1, m.year, m.year + 1].filter((x) => x <= currentYear() + 1);
    return render(req, reply, 'books/bku', {
      title: `Buku Kas Umum ${monthLabel(m)}`,
      m, model, payments: payments.items, position, errors, years, pickers: PICKERS, methodLabels: METHOD_LABELS,
      url: (rest = '') => monthUrl(m, rest),
      flash: query.ditutup ? 'Buku bulan ini sudah ditutup.' : query.tersimpan ? (SAVED[String(query.tersimpan)] ?? 'Tersimpan.') : null,
    }, status);
  }

  private async showMissing(req: PageRequest, reply: FastifyReply, m: BookMonth, errors: FieldErrors, failedId: string | null, status = 200): Promise<void> {
    const user = req.user!;
    const [items, position] = await Promise.all([this.evidence.missing(user, m.kelurahan, m.year), this.balance.get(user, m.kelurahan, m.year)]);
    const maxBytes = loadBooksSettings(m.kelurahan).evidence.maxBytes;
    return render(req, reply, 'books/missing', {
      title: `Yang belum lengkap ${m.year}`,
      m, items, taxes: position.taxes.filter((t) => t.outstanding !== 0), errors, failedId, pickers: PICKERS, evidenceLabels: EVIDENCE_LABELS,
      maxBytes, maxLabel: megabytes(maxBytes), url: (rest = '') => monthUrl(m, rest),
      flash: (req.query as Record<string, string>).diunggah ? 'Bukti diunggah.' : null,
      failedUpload: !!(req.query as Record<string, string>).gagal,
    }, status);
  }
}

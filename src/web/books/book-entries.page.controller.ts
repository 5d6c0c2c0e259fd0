import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { readForm, type UploadedFile, megabytes } from '../../common/upload/file-upload';
import { BookPeriodService } from '../../modules/books/book-period.service';
import { BooksAccess } from '../../modules/books/books-access';
import { RecordDepositDto, RecordFundDto } from '../../modules/books/books.dto';
import { loadBooksSettings } from '../../modules/books/books-settings';
import { DepositService } from '../../modules/books/deposit.service';
import { FundService } from '../../modules/books/fund.service';
import { EvidenceService, type PreparedEvidence } from '../../modules/evidence/evidence.service';
import { PlansService } from '../../modules/plans/plans.service';
import { RecordSpendingDto, ReverseSpendingDto } from '../../modules/spending/spending.dto';
import { SpendingService } from '../../modules/spending/spending.service';
import { todayIso } from '../../modules/spending/spending-date';
import { FieldErrors, formErrorsFrom, parseForm } from '../form';
import { PageRequest, redirect, render } from '../page-context';
import { PageController } from '../page.decorators';
import {
  BookMonth, defaultDate, DEPOSIT_LABELS, FUND_LABELS, monthLabel, monthParams, monthUrl, newFormKey, pageWords, payableLines, PAYMENT_LABELS,
  PICKERS, REVERSE_LABELS, taxesFromForm, taxRows,
} from './books-view';

const PAYMENT_FIELDS = ['planLineId', 'date', 'amount', 'description', 'payee', 'evidenceNo', 'method'];
const PAYMENT_FORM = { labels: PAYMENT_LABELS, numbers: ['amount'] };
type Fields = Record<string, string | undefined>;

/** Buku: what the bendahara records — payments with taxes and evidence, reversals, receipts (UP/GU/TU), STS, tax deposits. */
@PageController('buku')
@Roles('bendahara')
export class BookEntriesPageController {
  constructor(
    private readonly access: BooksAccess,
    private readonly plans: PlansService,
    private readonly spending: SpendingService,
    private readonly evidence: EvidenceService,
    private readonly funds: FundService,
    private readonly deposits: DepositService,
    private readonly periods: BookPeriodService,
  ) {}

  // ---------------------------------------------------------------- payment

  @Get(':kelurahan/:year/:month/bayar')
  async paymentForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    const m = monthParams(k, y, mo);
    await this.access.kelurahan(req.user!, m.kelurahan);
    const values: Fields = { date: defaultDate(m, todayIso()), method: 'TUNAI', purchaseKind: 'BARANG', kind: 'KUITANSI' };
    return this.showPayment(req, reply, m, values, {}, false);
  }

  /** The suggested taxes for what is filled in so far (htmx swaps the rows in; without JavaScript the form's own button does it). */
  @Get(':kelurahan/:year/:month/bayar/pajak')
  async taxFragment(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string, @Query() q: Fields): Promise<void> {
    const m = monthParams(k, y, mo);
    await this.access.kelurahan(req.user!, m.kelurahan);
    return render(req, reply, 'books/tax-rows', { rows: taxRows(q, false), values: q, errors: {}, pickers: PICKERS });
  }

  @Post(':kelurahan/:year/:month/bayar')
  async recordPayment(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    const m = monthParams(k, y, mo);
    const user = req.user!;
    await this.access.kelurahan(user, m.kelurahan);
    const fields: Record<string, string> = {};
    let file: UploadedFile | null;
    try {
      ({ file } = await readForm(req, { maxBytes: loadBooksSettings(m.kelurahan).evidence.maxBytes, maxFields: 80, fields }));
    } catch (e) {
      return this.showPayment(req, reply, m, fields, formErrorsFrom(e, PAYMENT_FORM), true, 400);
    }
    // "Hitung pajak" without JavaScript: the same form again, with the table's suggestion for what is filled in.
    if (fields.langkah === 'hitung') return this.showPayment(req, reply, m, fields, {}, false);

    const body: Record<string, unknown> = {};
    for (const f of PAYMENT_FIELDS) if (fields[f] !== undefined) body[f] = fields[f];
    const taxes = taxesFromForm(fields);
    const form = await parseForm(RecordSpendingDto, { ...body, ...(taxes.taxes.length ? { taxes: taxes.taxes } : {}) }, PAYMENT_FORM);
    const errors: FieldErrors = { ...(form.ok ? {} : form.errors), ...taxes.errors };
    // The file is checked by the evidence rules before anything is booked, so a refused file books no payment.
    let prepared: PreparedEvidence | null = null;
    if (file) {
      try {
        prepared = await this.evidence.prepare(file, { kind: fields.kind ?? '' });
      } catch (e) {
        Object.assign(errors, formErrorsFrom(e, PAYMENT_FORM));
      }
    }
    if (!form.ok || Object.keys(errors).length) return this.showPayment(req, reply, m, fields, errors, true, 400);

    let booked: Awaited<ReturnType<SpendingService['record']>>;
    try {
      // The form's own key: a double click or a resend of this form answers with the first booking.
      booked = await this.spending.record(user, form.value, fields.idempotencyKey || undefined);
    } catch (e) {
      return this.showPayment(req, reply, m, { ...fields, idempotencyKey: newFormKey() }, pageWords(e, formErrorsFrom(e, PAYMENT_FORM)), true, 400);
    }
    // Only the booking itself attaches the file, so a resend of the same form never attaches it twice; should storing
    // it fail, the payment stands and the list of what is missing offers the upload again.
    if (file && prepared && !booked.replayed) {
      try {
        await this.evidence.store(user, await this.spending.get(user, booked.body.id), file, prepared);
      } catch {
        return redirect(req, reply, monthUrl(m, '/kurang?gagal=1'));
      }
    }
    return redirect(req, reply, monthUrl(m, '?tersimpan=bayar'));
  }

  // ---------------------------------------------------------------- reversal

  @Get(':kelurahan/:year/:month/batal/:id')
  async reverseForm(
    @Req() req: PageRequest, @Res() reply: FastifyReply,
    @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string, @Param('id') id: string,
  ): Promise<void> {
    const m = monthParams(k, y, mo);
    return this.showReverse(req, reply, m, id, { date: defaultDate(m, todayIso()), idempotencyKey: newFormKey() }, {});
  }

  @Post(':kelurahan/:year/:month/batal/:id')
  async reverse(
    @Req() req: PageRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>,
    @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string, @Param('id') id: string,
  ): Promise<void> {
    const m = monthParams(k, y, mo);
    const { idempotencyKey, ...rest } = body as Record<string, string>;
    const form = await parseForm(ReverseSpendingDto, rest, { labels: REVERSE_LABELS });
    if (!form.ok) return this.showReverse(req, reply, m, id, body as Fields, form.errors, 400);
    await this.entryOf(req, m, id);
    try {
      await this.spending.reverse(req.user!, id, form.value, idempotencyKey || undefined);
    } catch (e) {
      return this.showReverse(req, reply, m, id, { ...(body as Fields), idempotencyKey: newFormKey() }, pageWords(e, formErrorsFrom(e, { labels: REVERSE_LABELS })), 400);
    }
    return redirect(req, reply, monthUrl(m, '?tersimpan=batal'));
  }

  // ---------------------------------------------------------------- receipts and STS

  @Get(':kelurahan/:year/:month/terima')
  async fundForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string, @Query('jenis') kind?: string): Promise<void> {
    const m = monthParams(k, y, mo);
    await this.access.kelurahan(req.user!, m.kelurahan);
    const date = defaultDate(m, todayIso());
    return this.showFund(req, reply, m, { kind: kind === 'STS' ? 'STS' : 'TU', account: 'BANK', date, documentDate: date }, {});
  }

  @Post(':kelurahan/:year/:month/terima')
  async recordFund(@Req() req: PageRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    const m = monthParams(k, y, mo);
    const opts = { labels: FUND_LABELS, numbers: ['amount'] };
    const form = await parseForm(RecordFundDto, { ...body, kelurahanCode: m.kelurahan }, opts);
    if (!form.ok) return this.showFund(req, reply, m, body as Fields, form.errors, 400);
    try {
      await this.funds.record(req.user!, form.value);
    } catch (e) {
      return this.showFund(req, reply, m, body as Fields, pageWords(e, formErrorsFrom(e, opts)), 400);
    }
    return redirect(req, reply, monthUrl(m, '?tersimpan=terima'));
  }

  // ---------------------------------------------------------------- tax deposits

  @Get(':kelurahan/:year/:month/setor')
  async depositForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string, @Query('jenis') type?: string): Promise<void> {
    const m = monthParams(k, y, mo);
    await this.access.kelurahan(req.user!, m.kelurahan);
    return this.showDeposit(req, reply, m, { type: type ?? '', account: 'TUNAI', date: defaultDate(m, todayIso()) }, {});
  }

  @Post(':kelurahan/:year/:month/setor')
  async recordDeposit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>, @Param('kelurahan') k: string, @Param('year') y: string, @Param('month') mo: string): Promise<void> {
    const m = monthParams(k, y, mo);
    const opts = { labels: DEPOSIT_LABELS, numbers: ['amount'] };
    const form = await parseForm(RecordDepositDto, { ...body, kelurahanCode: m.kelurahan }, opts);
    if (!form.ok) return this.showDeposit(req, reply, m, body as Fields, form.errors, 400);
    try {
      await this.deposits.record(req.user!, form.value);
    } catch (e) {
      return this.showDeposit(req, reply, m, body as Fields, pageWords(e, formErrorsFrom(e, opts)), 400);
    }
    return redirect(req, reply, monthUrl(m, '?tersimpan=setor'));
  }

  // ---------------------------------------------------------------- helpers

  /** Whether the month shown is closed, so a form can say so before anything is typed. */
  private async closed(req: PageRequest, m: BookMonth): Promise<boolean> {
    const months = await this.periods.list(req.user!, m.kelurahan, m.year);
    return months[m.month - 1].closed;
  }

  private async entryOf(req: PageRequest, m: BookMonth, id: string) {
    const entry = await this.spending.get(req.user!, id);
    if (entry.kelurahanCode !== m.kelurahan || entry.reversesId !== null) throw COMMON_ERRORS.error('NOT_FOUND');
    return entry;
  }

  private async showPayment(req: PageRequest, reply: FastifyReply, m: BookMonth, values: Fields, errors: FieldErrors, fromPost: boolean, status = 200): Promise<void> {
    const user = req.user!;
    const { items } = await this.plans.list(user, { kelurahan: m.kelurahan, year: m.year, page: 1, pageSize: 1 });
    const plan = items.length ? await this.plans.get(user, items[0].id) : null;
    const maxBytes = loadBooksSettings(m.kelurahan).evidence.maxBytes;
    return render(req, reply, 'books/payment-form', { closed: await this.closed(req, m),
      title: `Catat pembayaran · ${monthLabel(m)}`,
      m, lines: payableLines(plan), rows: taxRows(values, fromPost),
      values: { ...values, idempotencyKey: values.idempotencyKey || newFormKey() },
      errors, pickers: PICKERS, maxBytes, maxLabel: megabytes(maxBytes), url: (rest = '') => monthUrl(m, rest),
    }, status);
  }

  private async showReverse(req: PageRequest, reply: FastifyReply, m: BookMonth, id: string, values: Fields, errors: FieldErrors, status = 200): Promise<void> {
    const entry = await this.entryOf(req, m, id);
    return render(req, reply, 'books/reverse-form', { closed: await this.closed(req, m), title: 'Batalkan pembayaran', m, entry, values, errors, url: (rest = '') => monthUrl(m, rest) }, status);
  }

  private async showFund(req: PageRequest, reply: FastifyReply, m: BookMonth, values: Fields, errors: FieldErrors, status = 200): Promise<void> {
    return render(req, reply, 'books/fund-form', { closed: await this.closed(req, m), title: `Penerimaan / STS · ${monthLabel(m)}`, m, values, errors, pickers: PICKERS, url: (rest = '') => monthUrl(m, rest) }, status);
  }

  private async showDeposit(req: PageRequest, reply: FastifyReply, m: BookMonth, values: Fields, errors: FieldErrors, status = 200): Promise<void> {
    return render(req, reply, 'books/deposit-form', { closed: await this.closed(req, m), title: `Setor pajak · ${monthLabel(m)}`, m, values, errors, pickers: PICKERS, url: (rest = '') => monthUrl(m, rest) }, status);
  }
}

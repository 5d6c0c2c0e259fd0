import { Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { readForm, megabytes } from '../../common/upload/file-upload';
import { loadBooksSettings } from '../../modules/books/books-settings';
import { EvidenceService } from '../../modules/evidence/evidence.service';
import { FileDownload, FileDownloadInterceptor } from '../../modules/reports/file-download';
import type { SpendingEntryDto } from '../../modules/spending/spending.dto';
import { SpendingService } from '../../modules/spending/spending.service';
import { UsersService } from '../../modules/users/users.service';
import { monthUrl, PICKERS, EVIDENCE_LABELS, METHOD_LABELS } from '../books/books-view';
import { FieldErrors, formErrorsFrom } from '../form';
import { PageRequest, redirect, render } from '../page-context';
import { PageController } from '../page.decorators';
import { EVIDENCE_FORM_LABELS, evidenceView } from './evidence-view';

/** Who may attach or replace a file: the same roles as the API's upload. */
const UPLOADERS = new Set(['lurah', 'bendahara']);
const FLASH: Record<string, string> = { diunggah: 'Bukti diunggah.', diganti: 'Bukti diganti; berkas lama tetap tersimpan dan tercatat.' };

/**
 * Bukti: the evidence of one payment for everyone who may read it (lurah, camat, bendahara, auditor, admin), the
 * files themselves, and for the lurah and bendahara adding a file or replacing a wrong one with a reason (the old
 * file is kept and shown as replaced; nothing is deleted).
 */
@PageController('bukti')
export class EvidencePageController {
  constructor(
    private readonly spending: SpendingService,
    private readonly evidence: EvidenceService,
    private readonly users: UsersService,
  ) {}

  /** The stored file as uploaded, shown in the browser (its SHA-256 in a header, checked against the stored one). */
  @Get('berkas/:evidenceId')
  @UseInterceptors(FileDownloadInterceptor)
  async file(@Req() req: PageRequest, @Param('evidenceId') id: string): Promise<FileDownload> {
    return inline(await this.evidence.content(req.user!, id));
  }

  @Get('berkas/:evidenceId/kecil')
  @UseInterceptors(FileDownloadInterceptor)
  async thumbnail(@Req() req: PageRequest, @Param('evidenceId') id: string): Promise<FileDownload> {
    return inline(await this.evidence.thumbnail(req.user!, id));
  }

  @Get(':paymentId')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('paymentId') id: string): Promise<void> {
    return this.showPage(req, reply, await this.spending.get(req.user!, id), {}, null);
  }

  /** Another file for the payment (multipart, the CSRF token in the query as on the other upload forms). */
  @Post(':paymentId/tambah')
  @Roles('lurah', 'bendahara')
  async add(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('paymentId') id: string): Promise<void> {
    return this.receive(req, reply, id, null);
  }

  /** A wrong file replaced: the new file supersedes the old one, with the reason, in one audited write. */
  @Post(':paymentId/ganti/:evidenceId')
  @Roles('lurah', 'bendahara')
  async replace(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('paymentId') id: string, @Param('evidenceId') evidenceId: string): Promise<void> {
    return this.receive(req, reply, id, evidenceId);
  }

  // ---------------------------------------------------------------- helpers

  private async receive(req: PageRequest, reply: FastifyReply, paymentId: string, supersedesId: string | null): Promise<void> {
    const user = req.user!;
    const entry = await this.spending.get(user, paymentId);
    const formId = supersedesId ?? 'tambah';
    let errors: FieldErrors = {};
    const typed: Record<string, string> = {};
    try {
      const { file, fields } = await readForm(req, { maxBytes: loadBooksSettings(entry.kelurahanCode).evidence.maxBytes, fields: typed });
      const form: Record<string, string> = { kind: fields.kind ?? '' };
      if (supersedesId !== null) Object.assign(form, { supersedesId, reason: fields.reason ?? '' });
      // The evidence rules refuse a missing reason, or a file that is not this payment's, naming the field.
      if (!file) errors = { file: 'Pilih berkas bukti (foto atau PDF)' };
      else await this.evidence.attach(user, entry, file, form);
    } catch (e) {
      errors = formErrorsFrom(e, { labels: EVIDENCE_FORM_LABELS });
    }
    if (Object.keys(errors).length) return this.showPage(req, reply, entry, errors, { id: formId, typed }, 400);
    return redirect(req, reply, `/bukti/${entry.id}?${supersedesId === null ? 'diunggah' : 'diganti'}=1`);
  }

  private async showPage(
    req: PageRequest, reply: FastifyReply, entry: SpendingEntryDto, errors: FieldErrors, failed: { id: string; typed: Record<string, string> } | null, status = 200,
  ): Promise<void> {
    const user = req.user!;
    const listed = await this.evidence.listFor(entry);
    const people = await this.users.people(listed.items.map((e) => e.uploadedBy));
    const maxBytes = loadBooksSettings(entry.kelurahanCode).evidence.maxBytes;
    const query = req.query as Record<string, string>;
    const flashKey = Object.keys(FLASH).find((k) => query[k]);
    const month = { kelurahan: entry.kelurahanCode, year: Number(entry.date.slice(0, 4)), month: Number(entry.date.slice(5, 7)) };
    return render(req, reply, 'evidence/evidence', {
      title: `Bukti pembayaran ${entry.evidenceNo}`,
      entry, view: evidenceView(listed, people), errors, failed, pickers: PICKERS, evidenceLabels: EVIDENCE_LABELS, methodLabels: METHOD_LABELS,
      canUpload: UPLOADERS.has(user.role) && entry.reversesId === null,
      back: user.role === 'bendahara' ? { href: monthUrl(month), label: 'Buku Kas Umum' } : null,
      maxBytes, maxLabel: megabytes(maxBytes),
      flash: flashKey ? FLASH[flashKey] : null,
    }, status);
  }
}

/** Opened in the browser's own viewer rather than saved: the same bytes, name and headers as the API's download. */
function inline(file: FileDownload): FileDownload {
  return new FileDownload(file.body, file.contentType, file.filename, file.headers, true);
}

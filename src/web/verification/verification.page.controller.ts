import { Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MAX_UPLOAD_BYTES } from '../../configure-app';
import type { PublicDocumentDto, PublicVerifyDto } from '../../modules/documents/documents.dto';
import { DocumentsService } from '../../modules/documents/documents.service';
import { readPdfUpload } from '../../modules/documents/pdf-upload';
import { PublicDocumentsThrottlerGuard } from '../../modules/documents/public-throttler.guard';
import { ensureAnonCsrf } from '../anon-csrf';
import { FieldErrors, formErrorsFrom } from '../form';
import { PageRequest, render } from '../page-context';
import { PageController, PublicPage } from '../page.decorators';
import { AUDIT_VIEW, periodText } from '../audit/audit-view';

const KIND_LABEL: Record<string, string> = {
  realisasi: 'Laporan realisasi',
  plan: 'Rencana penggunaan dana',
  bku: 'Buku Kas Umum',
  pajak: 'Buku Pembantu Pajak',
  lpj: 'Laporan pertanggungjawaban',
};

/**
 * The page the QR code of every document opens, without a login: what the document is (only what it prints), whether
 * it is still in force or superseded, and a check of the PDF a visitor holds, byte for byte. Limited per client IP
 * like the public JSON (same window and limit).
 */
@PageController('verifikasi')
@PublicPage()
@UseGuards(PublicDocumentsThrottlerGuard)
export class VerificationPageController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':number')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('number') number: string): Promise<void> {
    const doc = await this.documents.publicFacts(number);
    return this.page(req, reply, doc, null, {});
  }

  /** The visitor's PDF (multipart, CSRF token in the query), checked against every document the system issued. */
  @Post(':number')
  async check(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('number') number: string): Promise<void> {
    const doc = await this.documents.publicFacts(number);
    let result: PublicVerifyDto;
    try {
      result = await this.documents.publicVerify(await readPdfUpload(req));
    } catch (e) {
      return this.page(req, reply, doc, null, formErrorsFrom(e, { labels: { file: 'Berkas PDF' } }), 400);
    }
    return this.page(req, reply, doc, result, {});
  }

  private page(req: PageRequest, reply: FastifyReply, doc: PublicDocumentDto, result: PublicVerifyDto | null, errors: FieldErrors, status = 200) {
    ensureAnonCsrf(req, reply);
    return render(
      req,
      reply,
      'verification/verify',
      {
        title: `Verifikasi ${doc.number}`,
        doc,
        result,
        errors,
        kind: KIND_LABEL[doc.kind] ?? doc.kind,
        periodText: periodText(doc),
        href: (n: string) => `/verifikasi/${encodeURIComponent(n)}`,
        maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
        v: AUDIT_VIEW,
      },
      status,
    );
  }
}

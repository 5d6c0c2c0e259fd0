import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { monthPeriod } from '../../../common/period/period';
import { AppConfig } from '../../../config/app-config';
import { BooksAccess } from '../../books/books-access';
import { DocumentIssuanceService } from '../../documents/document-issuance.service';
import { PDF_SIGNER, type PdfSigner } from '../../documents/signing/pdf-signer';
import { verificationUrl } from '../../documents/verification-link';
import { UsersService } from '../../users/users.service';
import { FileDownload, JobAccepted } from '../file-download';
import type { DocumentFooterInput, RegionIdentity, SignatureInput } from '../model/report.types';
import { renderInWorker } from '../pdf/render-in-worker';
import { loadReportTemplate } from '../pdf/report-template';
import { placeName } from '../report-files.service';
import { ReportJobsService, type ReportJobData } from '../report-jobs.service';
import { buildBkuModel, type BkuModel } from './bku.model';
import { buildBkuXlsx } from './bku.xlsx';
import { buildLpjModel } from './lpj.model';
import { buildPajakModel } from './pajak.model';
import { bookTableRows, type BookDocumentModel, type BookPdfKind } from './book-documents';
import { bookSignatories } from './books-layout-parts';
import { BooksRepository } from './books.repository';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface BookMonthQuery {
  kelurahan: string;
  year: number;
  month: number;
}

export type PajakLayout = 'chronological' | 'recap';

/** What a book document is, once its figures are read: how to build its model for a number and an issue time. */
interface PreparedBook {
  kind: BookPdfKind;
  key: string;
  fileName: string;
  /** Signatories and place; the date is the issue time. */
  signature: SignatureInput;
  /** The model with a placeholder number: its fingerprint says whether these figures were issued before. */
  draft: BookDocumentModel;
  build: (signature: SignatureInput, document: DocumentFooterInput) => BookDocumentModel;
}

// The footer of the draft model that only yields the fingerprint (which leaves registry data out).
const PENDING_NUMBER = 'DK/00/0000/000000';

/**
 * The bendahara's documents: SQL (BooksRepository) → model (pure) → layout (report renderer). Issued like the
 * reports: the figures are read in one snapshot, and the registry gives the same figures the same number and
 * stored bytes, a new number (superseding the old) when they change; a large month renders as a job.
 */
@Injectable()
export class BooksDocumentsService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly repo: BooksRepository,
    private readonly access: BooksAccess,
    private readonly issuance: DocumentIssuanceService,
    @Inject(PDF_SIGNER) private readonly signer: PdfSigner,
    private readonly jobs: ReportJobsService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    for (const kind of ['bku', 'pajak', 'lpj'] as const) this.jobs.setHandler((data) => this.runJob(data), kind);
  }

  async bkuPdf(user: AuthUser, q: BookMonthQuery): Promise<FileDownload | JobAccepted> {
    await this.access.kelurahan(user, q.kelurahan);
    return this.deliver(user, q, undefined, await this.prepareBku(user, q));
  }

  async pajakPdf(user: AuthUser, q: BookMonthQuery & { layout?: PajakLayout }): Promise<FileDownload | JobAccepted> {
    await this.access.kelurahan(user, q.kelurahan);
    const layout = q.layout ?? 'chronological';
    return this.deliver(user, q, layout, await this.preparePajak(user, q, layout));
  }

  async lpjPdf(user: AuthUser, q: BookMonthQuery): Promise<FileDownload | JobAccepted> {
    await this.access.kelurahan(user, q.kelurahan);
    return this.deliver(user, q, undefined, await this.prepareLpj(user, q));
  }

  /** The stored file when these figures were issued before; else drawn now, or by a job when the month is large. */
  private async deliver(user: AuthUser, q: BookMonthQuery, layout: PajakLayout | undefined, prepared: PreparedBook): Promise<FileDownload | JobAccepted> {
    if (bookTableRows(prepared.draft) > this.config.REPORT_JOB_MIN_ROWS) {
      const stored = await this.issuance.stored(prepared.key, prepared.draft.document.dataSha256);
      if (stored) return new FileDownload(stored.pdf, 'application/pdf', prepared.fileName, { 'X-Document-Number': stored.number });
      const data: ReportJobData = { userId: user.id, region: q.kelurahan, year: q.year, period: monthPeriod(q.month), document: prepared.kind, month: q.month, layout, fileName: prepared.fileName };
      const jobId = await this.jobs.enqueue(data);
      return new JobAccepted({ jobId, jobUrl: `/api/reports/jobs/${jobId}`, state: 'created' });
    }
    const issued = await this.issue(user, q, prepared);
    return new FileDownload(issued.pdf, 'application/pdf', prepared.fileName, { 'X-Document-Number': issued.number });
  }

  /** Runs one queued book document: the requester's scope is checked again, the figures read now. */
  private async runJob(data: ReportJobData): Promise<string> {
    const user = await this.users.activeUser(data.userId);
    if (!user) throw new Error(`book document job for an unknown or inactive user ${data.userId}`);
    const q: BookMonthQuery = { kelurahan: data.region, year: data.year, month: data.month! };
    await this.access.kelurahan(user, q.kelurahan);
    const prepared =
      data.document === 'bku' ? await this.prepareBku(user, q)
        : data.document === 'pajak' ? await this.preparePajak(user, q, data.layout ?? 'chronological')
          : await this.prepareLpj(user, q);
    return (await this.issue(user, q, prepared)).number;
  }

  private issue(user: AuthUser, q: BookMonthQuery, prepared: PreparedBook) {
    const template = loadReportTemplate(q.kelurahan.slice(0, 5));
    const fingerprint = prepared.draft.document.dataSha256;
    return this.issuance.issue({
      ref: { kind: prepared.kind, regionCode: q.kelurahan, year: q.year, period: monthPeriod(q.month) },
      key: prepared.key,
      fingerprint,
      title: prepared.draft.titleLines.join(' '),
      issuedBy: user,
      render: async (number, issuedAt) => {
        const model = prepared.build({ ...prepared.signature, date: issuedAt }, this.footer(number, issuedAt, user));
        // The same figures as the draft the registry looked the document up by, or the number would lie.
        if (model.document.dataSha256 !== fingerprint) throw new Error(`${prepared.kind} figures changed while it was drawn`);
        return this.signer.sign(await renderInWorker(prepared.kind, model, template));
      },
    });
  }

  private async prepareBku(user: AuthUser, q: BookMonthQuery): Promise<PreparedBook> {
    // The figures from one snapshot; the registry then numbers, renders and registers with no lock held.
    const input = await this.db.transaction('REPEATABLE READ', (m) => this.bkuInput(m, q));
    return this.prepared(user, q, 'bku', `bku|${q.kelurahan}|${q.year}|${monthPeriod(q.month)}`, 'bku', input.signature, (signature, document) =>
      buildBkuModel({ ...input, signature, document }),
    );
  }

  private async preparePajak(user: AuthUser, q: BookMonthQuery, layout: PajakLayout): Promise<PreparedBook> {
    const { signature, base, data } = await this.read(q, (m) => this.repo.pajak(m, q.kelurahan, q.year, q.month));
    // The two layouts are two documents (their own numbers), each with one number per unchanged month.
    return this.prepared(user, q, 'pajak', `pajak|${q.kelurahan}|${q.year}|${monthPeriod(q.month)}|${layout}`, `buku-pajak-${layout}`, signature, (s, document) =>
      buildPajakModel({ ...base, ...data, layout, signature: s, document }),
    );
  }

  private async prepareLpj(user: AuthUser, q: BookMonthQuery): Promise<PreparedBook> {
    const { signature, base, data } = await this.read(q, (m) => this.repo.lpj(m, q.kelurahan, q.year, q.month));
    return this.prepared(user, q, 'lpj', `lpj|${q.kelurahan}|${q.year}|${monthPeriod(q.month)}`, 'lpj', signature, (s, document) =>
      buildLpjModel({ ...base, ...data, signature: s, document }),
    );
  }

  private prepared(
    user: AuthUser,
    q: BookMonthQuery,
    kind: BookPdfKind,
    key: string,
    filePrefix: string,
    signature: SignatureInput,
    build: (signature: SignatureInput, document: DocumentFooterInput) => BookDocumentModel,
  ): PreparedBook {
    const now = new Date();
    return {
      kind,
      key,
      fileName: `${filePrefix}-${q.kelurahan}-${q.year}-${monthPeriod(q.month)}.pdf`,
      signature,
      draft: build({ ...signature, date: now }, this.footer(PENDING_NUMBER, now, user)),
      build,
    };
  }

  /** Region, signatories and one document's figures, read in one snapshot. */
  private async read<T>(q: BookMonthQuery, figures: (m: EntityManager) => Promise<T>) {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const region = (await this.repo.region(m, q.kelurahan))!;
      const signature = this.signature(region, await this.repo.people(m, q.kelurahan));
      return { signature, base: { region, year: q.year, month: q.month }, data: await figures(m) };
    });
  }

  async bkuXlsx(user: AuthUser, q: BookMonthQuery): Promise<FileDownload> {
    await this.access.kelurahan(user, q.kelurahan);
    const model = await this.db.transaction('REPEATABLE READ', (m) => this.bkuModel(m, q, user));
    const xlsx = await buildBkuXlsx(model, new Date());
    return new FileDownload(xlsx, XLSX_TYPE, `bku-${q.kelurahan}-${q.year}-${monthPeriod(q.month)}.xlsx`);
  }

  /** The BKU of a month as the PDF prints it, for the screen: the same query and model, so the figures agree. */
  async bku(user: AuthUser, q: BookMonthQuery): Promise<BkuModel> {
    await this.access.kelurahan(user, q.kelurahan);
    return this.db.transaction('REPEATABLE READ', (m) => this.bkuModel(m, q, user));
  }

  /** The model as the PDF would print it (without a registry number), for the workbook and for checks. */
  async bkuModel(m: EntityManager, q: BookMonthQuery, user: AuthUser): Promise<BkuModel> {
    const input = await this.bkuInput(m, q);
    const now = new Date();
    return buildBkuModel({ ...input, signature: { ...input.signature, date: now }, document: { documentNumber: '', verifyUrl: '', issuedAt: now, issuedBy: user.fullName } });
  }

  private async bkuInput(m: EntityManager, q: BookMonthQuery) {
    const region = (await this.repo.region(m, q.kelurahan))!;
    const [data, people] = [await this.repo.bku(m, q.kelurahan, q.year, q.month), await this.repo.people(m, q.kelurahan)];
    return { ...data, region, year: q.year, month: q.month, signature: this.signature(region, people) };
  }

  private signature(region: RegionIdentity, people: Awaited<ReturnType<BooksRepository['people']>>): SignatureInput {
    return {
      place: placeName(region.kabkota?.name ?? ''),
      date: new Date(),
      signatories: bookSignatories(region.kelurahan!.name, people.lurah, people.bendahara),
    };
  }

  /** The QR opens PUBLIC_URL/verifikasi/<number>, as on every other issued document. */
  private footer(number: string, issuedAt: Date, user: AuthUser): DocumentFooterInput {
    const base = this.config.PUBLIC_URL || `http://localhost:${this.config.PORT}`;
    return { documentNumber: number, verifyUrl: verificationUrl(base, number), issuedAt, issuedBy: user.fullName || user.username };
  }
}

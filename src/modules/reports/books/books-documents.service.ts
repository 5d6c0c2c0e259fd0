import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { monthPeriod } from '../../../common/period/period';
import { AppConfig } from '../../../config/app-config';
import { BooksAccess } from '../../books/books-access';
import { DocumentsService } from '../../documents/documents.service';
import { FileDownload } from '../file-download';
import type { DocumentFooterInput, RegionIdentity, SignatureInput } from '../model/report.types';
import { renderInWorker } from '../pdf/render-in-worker';
import { loadReportTemplate } from '../pdf/report-template';
import { placeName } from '../report-files.service';
import { buildBkuModel, type BkuModel } from './bku.model';
import { buildBkuXlsx } from './bku.xlsx';
import { buildLpjModel } from './lpj.model';
import { buildPajakModel } from './pajak.model';
import type { PdfKind } from '../pdf/report-renderer';
import type { BookDocumentModel } from './book-documents';
import { bookSignatories } from './books-layout-parts';
import { BooksRepository } from './books.repository';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface BookMonthQuery {
  kelurahan: string;
  year: number;
  month: number;
}

/**
 * The bendahara's documents: SQL (BooksRepository) → model (pure) → layout (report renderer). PDFs are numbered
 * and registered through the document registry in the transaction that read their figures.
 */
@Injectable()
export class BooksDocumentsService {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly repo: BooksRepository,
    private readonly access: BooksAccess,
    private readonly documents: DocumentsService,
  ) {}

  async bkuPdf(user: AuthUser, q: BookMonthQuery): Promise<FileDownload> {
    await this.access.kelurahan(user, q.kelurahan);
    // The figures from one snapshot; the registry then numbers, renders and registers with no lock held.
    const input = await this.db.transaction('REPEATABLE READ', (m) => this.bkuInput(m, q));
    const template = loadReportTemplate(q.kelurahan.slice(0, 5));
    const issued = await this.documents.issuePdf({ kind: 'bku', regionCode: q.kelurahan, year: q.year, period: monthPeriod(q.month) }, user, async (number, issuedAt) => {
      const model = buildBkuModel({ ...input, signature: { ...input.signature, date: issuedAt }, document: this.footer(number, issuedAt, user) });
      const pdf = await renderInWorker('bku', model, template);
      return { pdf, dataSha256: model.document.dataSha256 };
    });
    return new FileDownload(issued.pdf, 'application/pdf', `bku-${q.kelurahan}-${q.year}-${monthPeriod(q.month)}.pdf`, { 'X-Document-Number': issued.number });
  }

  async pajakPdf(user: AuthUser, q: BookMonthQuery & { layout?: 'chronological' | 'recap' }): Promise<FileDownload> {
    const layout = q.layout ?? 'chronological';
    return this.issue(user, q, 'pajak', `buku-pajak-${layout}`, async (m, base) => {
      const data = await this.repo.pajak(m, q.kelurahan, q.year, q.month);
      return (signature, document) => buildPajakModel({ ...base, ...data, layout, signature, document });
    });
  }

  async lpjPdf(user: AuthUser, q: BookMonthQuery): Promise<FileDownload> {
    return this.issue(user, q, 'lpj', 'lpj', async (m, base) => {
      const data = await this.repo.lpj(m, q.kelurahan, q.year, q.month);
      return (signature, document) => buildLpjModel({ ...base, ...data, signature, document });
    });
  }

  /** Figures read in one snapshot, then numbered, drawn and registered by the registry (the books' document pipeline). */
  private async issue(
    user: AuthUser,
    q: BookMonthQuery,
    kind: Extract<PdfKind, 'pajak' | 'lpj'>,
    filePrefix: string,
    read: (m: EntityManager, base: { region: RegionIdentity; year: number; month: number }) => Promise<(s: SignatureInput, d: DocumentFooterInput) => BookDocumentModel>,
  ): Promise<FileDownload> {
    await this.access.kelurahan(user, q.kelurahan);
    const { signature, build } = await this.db.transaction('REPEATABLE READ', async (m) => {
      const region = (await this.repo.region(m, q.kelurahan))!;
      return { signature: this.signature(region, await this.repo.people(m, q.kelurahan)), build: await read(m, { region, year: q.year, month: q.month }) };
    });
    const template = loadReportTemplate(q.kelurahan.slice(0, 5));
    const issued = await this.documents.issuePdf({ kind, regionCode: q.kelurahan, year: q.year, period: monthPeriod(q.month) }, user, async (number, issuedAt) => {
      const model = build({ ...signature, date: issuedAt }, this.footer(number, issuedAt, user));
      const pdf = await renderInWorker(kind, model, template);
      return { pdf, dataSha256: model.document.dataSha256 };
    });
    return new FileDownload(issued.pdf, 'application/pdf', `${filePrefix}-${q.kelurahan}-${q.year}-${monthPeriod(q.month)}.pdf`, { 'X-Document-Number': issued.number });
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

  private signature(region: RegionIdentity, people: Awaited<ReturnType<BooksRepository['people']>>): Omit<SignatureInput, 'date'> & { date: Date } {
    return {
      place: placeName(region.kabkota?.name ?? ''),
      date: new Date(),
      signatories: bookSignatories(region.kelurahan!.name, people.lurah, people.bendahara),
    };
  }

  private footer(number: string, issuedAt: Date, user: AuthUser): DocumentFooterInput {
    const base = (this.config.PUBLIC_URL || `http://localhost:${this.config.PORT}`).replace(/\/+$/, '');
    return { documentNumber: number, verifyUrl: `${base}/api/documents/${encodeURIComponent(number)}`, issuedAt, issuedBy: user.fullName || user.username };
  }
}

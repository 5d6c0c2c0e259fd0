import { fileOrProgress } from './job-redirect';
import { Get, Param, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { ReportBudgetInterceptor } from '../../common/http/report-budget.interceptor';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { PlansService } from '../../modules/plans/plans.service';
import { BooksDocumentsService } from '../../modules/reports/books/books-documents.service';
import { FileDownload, FileDownloadInterceptor } from '../../modules/reports/file-download';
import { PdfRenderGateInterceptor } from '../../modules/reports/pdf-render-gate';
import { ReportFilesService } from '../../modules/reports/report-files.service';
import { ReportJobsService, type ReportJobStatus } from '../../modules/reports/report-jobs.service';
import { ReportsService } from '../../modules/reports/reports.service';
import { MONTH_NAMES_ID } from '../../common/format/nip';
import { PERIODS, periodShortLabel, type Period } from '../../common/period/period';
import type { PageRequest } from '../page-context';
import { render } from '../page-context';
import { PageController } from '../page.decorators';
import { RegionNames } from '../region-names';
import { monthParam, parentInScope, reportParams, type ReportPageQuery, type ReportParams, reportUrl } from './report-params';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => COMMON_ERRORS.error('NOT_FOUND');
// The period picker: the whole year first, then semesters, quarters and months.
const PERIOD_ORDER: Period[] = ['FY', 'S1', 'S2', 'Q1', 'Q2', 'Q3', 'Q4', ...PERIODS.filter((x) => x.startsWith('M'))];

/** Bahasa Indonesia for a queued report's state. */
export function jobStateText(state: ReportJobStatus['state']): string {
  switch (state) {
    case 'created':
      return 'Menunggu giliran dibuat';
    case 'retry':
      return 'Dicoba lagi';
    case 'active':
      return 'Sedang dibuat';
    case 'completed':
      return 'Selesai';
    default:
      return 'Gagal dibuat';
  }
}

/**
 * Laporan: the realisasi report of any region and period in scope (PDF, XLSX, CSV), the plan document and the
 * bendahara's month books of a kelurahan. Downloads call the report services directly; a large PDF is a job whose
 * progress page polls a status fragment (htmx) or is checked again by a plain link.
 */
@PageController('laporan')
@Roles('camat', 'admin', 'auditor', 'lurah', 'bendahara')
@UseInterceptors(FileDownloadInterceptor, ReportBudgetInterceptor)
export class ReportsPageController {
  constructor(
    private readonly reports: ReportsService,
    private readonly files: ReportFilesService,
    private readonly jobs: ReportJobsService,
    private readonly books: BooksDocumentsService,
    private readonly plans: PlansService,
    private readonly names: RegionNames,
  ) {}

  @Get()
  async index(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: ReportPageQuery): Promise<void> {
    const user = req.user!;
    const p = reportParams(user, q);
    const summary = await this.reports.summary(user, { region: p.region, year: p.year, period: p.period });
    const isKelurahan = p.level === 'kelurahan';
    const plan = isKelurahan ? await this.planOf(req, p) : null;
    const month = monthParam(q, p);
    const parent = parentInScope(user, p.region);
    return render(req, reply, 'reports/laporan', {
      title: 'Laporan',
      p,
      summary,
      plan,
      month,
      months: MONTH_NAMES_ID.map((name, i) => ({ value: i + 1, name })),
      periods: PERIOD_ORDER.map((value) => ({ value, label: periodShortLabel(value, p.year) })),
      parentUrl: parent ? reportUrl('/laporan', { region: parent.code, year: p.year, period: p.period }) : null,
      childUrl: (code: string) => reportUrl('/laporan', { region: code, year: p.year, period: p.period }),
      bookUrl: (path: string) => reportUrl(path, { region: p.region, year: p.year, month }),
      planUrl: reportUrl('/laporan/rencana.pdf', { region: p.region, year: p.year }),
    });
  }

  @Get('realisasi.pdf')
  @UseInterceptors(PdfRenderGateInterceptor)
  async realisasiPdf(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() q: ReportPageQuery): Promise<FileDownload | string> {
    const p = reportParams(req.user!, q);
    if (p.region === null) throw notFound();
    // A large report goes to its progress page, which offers the file once the job is done.
    return fileOrProgress(reply, await this.files.realisasiPdf(req.user!, { region: p.region, year: p.year, period: p.period }));
  }

  @Get('realisasi.xlsx')
  realisasiXlsx(@Req() req: PageRequest, @Query() q: ReportPageQuery): Promise<FileDownload> {
    const p = reportParams(req.user!, q);
    return this.files.realisasiXlsx(req.user!, { region: p.region, year: p.year, period: p.period });
  }

  @Get('realisasi.csv')
  realisasiCsv(@Req() req: PageRequest, @Query() q: ReportPageQuery): Promise<FileDownload> {
    const p = reportParams(req.user!, q);
    return this.files.realisasiCsv(req.user!, { region: p.region, year: p.year, period: p.period });
  }

  /** The plan document of a kelurahan's year: the version in force, else the newest. */
  @Get('rencana.pdf')
  @UseInterceptors(PdfRenderGateInterceptor)
  async planPdf(@Req() req: PageRequest, @Query() q: ReportPageQuery): Promise<FileDownload> {
    const p = reportParams(req.user!, q);
    if (p.level !== 'kelurahan') throw notFound();
    const plan = await this.planOf(req, p);
    if (!plan) throw notFound();
    return this.files.planPdf(req.user!, plan.id, plan.inForceVersion ?? plan.version);
  }

  @Get('bku.pdf')
  @UseInterceptors(PdfRenderGateInterceptor)
  async bkuPdf(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() q: ReportPageQuery): Promise<FileDownload | string> {
    return fileOrProgress(reply, await this.books.bkuPdf(req.user!, this.bookMonth(req, q)));
  }

  @Get('bku.xlsx')
  bkuXlsx(@Req() req: PageRequest, @Query() q: ReportPageQuery): Promise<FileDownload> {
    return this.books.bkuXlsx(req.user!, this.bookMonth(req, q));
  }

  @Get('pajak.pdf')
  @UseInterceptors(PdfRenderGateInterceptor)
  async pajakPdf(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() q: ReportPageQuery): Promise<FileDownload | string> {
    return fileOrProgress(reply, await this.books.pajakPdf(req.user!, this.bookMonth(req, q)));
  }

  @Get('lpj.pdf')
  @UseInterceptors(PdfRenderGateInterceptor)
  async lpjPdf(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() q: ReportPageQuery): Promise<FileDownload | string> {
    return fileOrProgress(reply, await this.books.lpjPdf(req.user!, this.bookMonth(req, q)));
  }

  /** The progress of a large report; only the user who asked for it sees it (anyone else: the 404 page). */
  @Get('pekerjaan/:id')
  async job(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const job = await this.job$(req, id);
    const back = reportUrl('/laporan', { region: job.data.region, year: job.data.year, period: job.data.period });
    const regionName = (await this.names.nameOf(job.data.region)) ?? job.data.region;
    return render(req, reply, 'reports/job', { title: 'Menyiapkan laporan', ...this.jobView(job), regionName, back });
  }

  /** The status fragment the progress page polls every 2 seconds; once the job is over it stops polling. */
  @Get('pekerjaan/:id/status')
  async jobStatus(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const job = await this.job$(req, id);
    return render(req, reply, 'reports/job-status', this.jobView(job));
  }

  /** The finished job's file; before that, back to its progress page. */
  @Get('pekerjaan/:id/berkas')
  async jobFile(@Req() req: PageRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('id') id: string): Promise<FileDownload | string> {
    if (!JOB_ID.test(id)) throw notFound();
    return fileOrProgress(reply, await this.files.jobResult(req.user!, id));
  }

  // ---------------------------------------------------------------- helpers

  private async job$(req: PageRequest, id: string): Promise<ReportJobStatus> {
    if (!JOB_ID.test(id)) throw notFound();
    return this.jobs.status(req.user!, id);
  }

  private jobView(job: ReportJobStatus) {
    const done = job.state === 'completed' && job.number !== null;
    const failed = job.state === 'failed' || job.state === 'cancelled';
    return {
      job,
      done,
      failed,
      stateText: jobStateText(job.state),
      statusUrl: `/laporan/pekerjaan/${job.id}/status`,
      pageUrl: `/laporan/pekerjaan/${job.id}`,
      fileUrl: `/laporan/pekerjaan/${job.id}/berkas`,
      retryUrl: reportUrl(`/laporan/${job.data.document && job.data.document !== 'realisasi' ? job.data.document : 'realisasi'}.pdf`, { region: job.data.region, year: job.data.year, period: job.data.period, month: job.data.month }),
      periodText: periodShortLabel(job.data.period as Period, job.data.year),
    };
  }

  private bookMonth(req: PageRequest, q: ReportPageQuery): { kelurahan: string; year: number; month: number } {
    const p = reportParams(req.user!, q);
    if (p.level !== 'kelurahan' || p.region === null) throw notFound();
    return { kelurahan: p.region, year: p.year, month: monthParam(q, p) };
  }

  private async planOf(req: PageRequest, p: ReportParams) {
    const { items } = await this.plans.list(req.user!, { kelurahan: p.region!, year: p.year, page: 1, pageSize: 1 });
    return items[0] ?? null;
  }
}

import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { PLAN_ERRORS } from '../plans/plans.errors';
import { UsersService } from '../users/users.service';
import { DocumentIssuanceService, type IssueRequest } from '../documents/document-issuance.service';
import { PDF_SIGNER, type PdfSigner } from '../documents/signing/pdf-signer';
import { verificationUrl } from '../documents/verification-link';
import { buildDocumentFooter, buildSignatureSection } from './model/model-common';
import { resolveSignatories } from './signatories';
import { RegionScopeService } from '../regions/region-scope.service';
import { buildPlanDocumentModel } from './model/plan-document.model';
import { buildRealisasiReportModel } from './model/realisasi-report.model';
import type {
  AggregateRow,
  DocumentFooterInput,
  KelurahanLineRow,
  RegionIdentity,
  SignatoryInput,
} from './model/report.types';
import { renderInWorker, shutdownPdfWorkers } from './pdf/render-in-worker';
import { loadReportTemplate } from './pdf/report-template';
import { FileDownload, JobAccepted } from './file-download';
import { ReportJobsService, type ReportJobData } from './report-jobs.service';
import { ReportRepository, type RegionRow, type RollUp } from './report.repository';
import { buildCsv, buildExportData, buildXlsx } from './report-export';
import { CHILD_LENGTH } from './report-summary';
import { REPORT_ERRORS } from './reports.errors';
import { ReportsService, type ReportRequest, type ResolvedReport } from './reports.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Kab/kota names carry their kind ("Kota Malang"); the place line of a signature wants just "Malang". */
export function placeName(name: string): string {
  return name.replace(/^(Kota|Kabupaten)(\s+Administrasi)?\s+/i, '').trim() || name;
}

const code = (t: ResolvedReport) => t.code!;

function fileName(ext: string, t: ResolvedReport): string {
  return `realisasi-${t.code ?? 'nasional'}-${t.year}-${t.period}.${ext}`;
}

/** The downloadable forms of a report: numbered, registered PDFs, and raw-number XLSX/CSV. */
@Injectable()
export class ReportFilesService implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly config: AppConfig,
    private readonly reports: ReportsService,
    private readonly repo: ReportRepository,
    private readonly issuance: DocumentIssuanceService,
    private readonly scope: RegionScopeService,
    @Inject(PDF_SIGNER) private readonly signer: PdfSigner,
    private readonly jobs: ReportJobsService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.jobs.setHandler((data) => this.runJob(data));
  }

  // Render workers end when idle, but an app that closes should not wait for that.
  async onModuleDestroy(): Promise<void> {
    await shutdownPdfWorkers();
  }

  async realisasiXlsx(user: AuthUser, q: ReportRequest): Promise<FileDownload> {
    const target = this.reports.resolve(user, q);
    const rollUp = await this.reports.rollUp(target, 'all');
    const xlsx = await buildXlsx(buildExportData(rollUp, target.level, target.year, target.period));
    return new FileDownload(xlsx, XLSX_TYPE, fileName('xlsx', target));
  }

  async realisasiCsv(user: AuthUser, q: ReportRequest): Promise<FileDownload> {
    const target = this.reports.resolve(user, q);
    const rollUp = await this.reports.rollUp(target, 'all');
    const csv = buildCsv(buildExportData(rollUp, target.level, target.year, target.period));
    return new FileDownload(csv, 'text/csv; charset=utf-8', fileName('csv', target));
  }

  /**
   * Roll-up → model → the registry: the same figures asked for again are the stored file with its number; new
   * figures are drawn (in a worker), numbered and registered, superseding the previous issue.
   */
  async realisasiPdf(user: AuthUser, q: ReportRequest): Promise<FileDownload | JobAccepted> {
    const target = this.reports.resolve(user, q);
    if (target.code === null) {
      throw REPORT_ERRORS.error('REPORT_REGION_REQUIRED').with([{ field: 'region', message: 'isi kode provinsi, kab/kota, kecamatan atau kelurahan' }]);
    }
    const prepared = await this.prepareRealisasi(user, target);
    if (prepared.rows > this.config.REPORT_JOB_MIN_ROWS) {
      // Already issued with these figures: the stored file at once; otherwise drawn by a job.
      const stored = await this.issuance.stored(prepared.request.key, prepared.request.fingerprint);
      if (stored) return new FileDownload(stored.pdf, 'application/pdf', fileName('pdf', target), { 'X-Document-Number': stored.number });
      const jobId = await this.jobs.enqueue({ userId: user.id, region: code(target), year: target.year, period: target.period });
      return new JobAccepted({ jobId, jobUrl: `/api/reports/jobs/${jobId}`, state: 'created' });
    }
    const issued = await this.issuance.issue(prepared.request);
    return new FileDownload(issued.pdf, 'application/pdf', fileName('pdf', target), { 'X-Document-Number': issued.number });
  }

  /** GET /api/reports/jobs/:id — 202 while the job runs, then the issued file (its number in X-Document-Number). */
  async jobResult(user: AuthUser, id: string): Promise<FileDownload | JobAccepted> {
    const job = await this.jobs.status(user, id);
    if (job.state === 'failed' || job.state === 'cancelled') {
      throw REPORT_ERRORS.error('REPORT_JOB_FAILED');
    }
    if (job.state !== 'completed' || !job.number) return new JobAccepted({ jobId: id, jobUrl: `/api/reports/jobs/${id}`, state: job.state });
    const pdf = await this.issuance.file(job.number);
    if (!pdf) throw REPORT_ERRORS.error('REPORT_JOB_FAILED');
    const name = job.data.fileName ?? `realisasi-${job.data.region}-${job.data.year}-${job.data.period}.pdf`;
    return new FileDownload(pdf, 'application/pdf', name, { 'X-Document-Number': job.number });
  }

  /** Runs one queued report: the requester's scope is checked again, the figures read now. */
  private async runJob(data: ReportJobData): Promise<string> {
    const user = await this.users.activeUser(data.userId);
    if (!user) throw new Error(`report job for an unknown or inactive user ${data.userId}`);
    const target = this.reports.resolve(user, { region: data.region, year: data.year, period: data.period });
    const prepared = await this.prepareRealisasi(user, target);
    return (await this.issuance.issue(prepared.request)).number;
  }

  /** Everything a realisasi PDF needs before it has a number: the model (with its fingerprint) and how to draw it. */
  async prepareRealisasi(user: AuthUser, target: ResolvedReport): Promise<{ request: IssueRequest; rows: number }> {
    const code = target.code!;
    const rollUp = await this.reports.rollUp(target, 'children');
    const region = regionIdentityFrom(rollUp.lineage);
    const template = loadReportTemplate(templateCode(code));
    const signatories = resolveSignatories(template, region, await this.signatories(region));
    const common = {
      region,
      year: target.year,
      period: target.period,
      signature: { place: this.place(rollUp.lineage), date: new Date(), signatories },
      document: this.footer(PENDING_NUMBER, new Date(), user),
    };
    const draft =
      target.level === 'kelurahan'
        ? buildRealisasiReportModel({ ...common, allocation: rollUp.total.allocation, lines: lineRows(rollUp) })
        : buildRealisasiReportModel({ ...common, rows: aggregateRows(rollUp, CHILD_LENGTH[target.level]!) });
    const fingerprint = draft.document.dataSha256;
    const rows = draft.level === 'kelurahan' ? rollUp.lines.length : draft.rows.length;
    return {
      rows,
      request: {
        ref: { kind: 'realisasi', regionCode: code, year: target.year, period: target.period },
        key: `realisasi|${code}|${target.year}|${target.period}`,
        fingerprint,
        title: draft.titleLines.join(' '),
        issuedBy: user,
        render: async (number, issuedAt) => {
          const model = {
            ...draft,
            signature: buildSignatureSection({ ...common.signature, date: issuedAt }),
            document: buildDocumentFooter(this.footer(number, issuedAt, user), fingerprint),
          };
          return this.signer.sign(await renderInWorker('realisasi', model, template));
        },
      },
    };
  }

  /** The plan document of one version (default: the newest), for signature; another kelurahan's plan is a 404. */
  async planPdf(user: AuthUser, planId: string, version?: number): Promise<FileDownload> {
    const missing = () => PLAN_ERRORS.error('PLAN_NOT_FOUND');
    const plan = await this.repo.planHeader(planId);
    if (!plan || !this.scope.canAccess(user, plan.kelurahan_code)) throw missing();
    const v = version ?? plan.latest_version;
    const data = await this.repo.planDocument(planId, v);
    if (!data) throw missing();
    const previous = data.previousVersion ? await this.repo.planDocument(planId, data.previousVersion) : null;
    const region = regionIdentityFrom(data.lineage);
    const template = loadReportTemplate(templateCode(plan.kelurahan_code));
    const signatories = resolveSignatories(template, region, await this.signatories(region));
    const signature = { place: this.place(data.lineage), date: new Date(), signatories };
    const draft = buildPlanDocumentModel({
      region,
      year: plan.year,
      planId,
      version: v,
      status: data.status,
      allocation: data.allocation,
      lines: data.lines,
      approval: data.approval,
      previous: previous && data.previousVersion ? { version: data.previousVersion, lines: previous.lines } : null,
      supersededBy: data.supersededBy,
      signature,
      document: this.footer(PENDING_NUMBER, new Date(), user),
    });
    const fingerprint = draft.document.dataSha256;
    const issued = await this.issuance.issue({
      ref: { kind: 'plan', regionCode: plan.kelurahan_code, year: plan.year, period: `v${v}` },
      key: `plan|${plan.kelurahan_code}|${plan.year}|${planId}|v${v}`,
      fingerprint,
      title: draft.titleLines.join(' '),
      issuedBy: user,
      render: async (number, issuedAt) => {
        const model = {
          ...draft,
          signature: buildSignatureSection({ ...signature, date: issuedAt }),
          document: buildDocumentFooter(this.footer(number, issuedAt, user), fingerprint),
        };
        return this.signer.sign(await renderInWorker('plan', model, template));
      },
    });
    const filename = `rencana-${plan.kelurahan_code}-${plan.year}-v${v}.pdf`;
    return new FileDownload(issued.pdf, 'application/pdf', filename, { 'X-Document-Number': issued.number });
  }

  private footer(number: string, issuedAt: Date, user: AuthUser): DocumentFooterInput {
    const base = this.config.PUBLIC_URL || `http://localhost:${this.config.PORT}`;
    return {
      documentNumber: number,
      verifyUrl: verificationUrl(base, number),
      issuedAt,
      issuedBy: user.fullName || user.username,
    };
  }

  /** The kab/kota's name without its kind; a provinsi report signs in the provinsi's name. */
  private place(lineage: RegionRow[]): string {
    const kabkota = lineage.find((r) => r.level === 'kabkota');
    if (kabkota) return placeName(kabkota.name);
    return lineage.find((r) => r.level === 'provinsi')?.name ?? '';
  }

  /**
   * Camat of the kecamatan, lurah and bendahara of the kelurahan, from the active user rows (the earliest created
   * first); the template's signatories (resolveSignatories) then name who has no account or signs as Plh/Plt.
   */
  private async signatories(region: RegionIdentity): Promise<SignatoryInput[]> {
    const kecamatan = region.kecamatan?.code ?? null;
    const kelurahan = region.level === 'kelurahan' ? (region.kelurahan?.code ?? null) : null;
    if (!kecamatan) return [];
    const rows = await this.repo.signatories(kecamatan, kelurahan);
    const order = ['camat', 'bendahara', 'lurah'];
    return rows
      .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
      .map((r) => ({ role: r.role, name: r.full_name, nip: r.nip, rank: r.rank, title: r.position }));
  }
}

// The footer of the draft model that only yields the fingerprint (which leaves registry data out).
const PENDING_NUMBER = 'DK/00/0000/000000';

function regionIdentityFrom(lineage: RegionRow[]): RegionIdentity {
  const self = lineage[0];
  const identity: RegionIdentity = { level: self.level };
  for (const r of lineage) identity[r.level] = { code: r.code, name: r.name };
  return identity;
}

// Templates are chosen per kab/kota (or province for a provinsi report).
function templateCode(code: string): string {
  return code.length >= 5 ? code.slice(0, 5) : code.slice(0, 2);
}

function lineRows(rollUp: RollUp): KelurahanLineRow[] {
  return rollUp.lines.map((l) => ({
    lineId: l.lineId,
    category: l.category,
    subType: l.subType,
    accountCode: l.accountCode,
    description: l.description,
    volume: l.volume,
    unit: l.unit,
    location: l.location,
    fundingSource: l.fundingSource,
    budget: l.planned,
    realizedBefore: l.realizedBefore,
    realizedInPeriod: l.realizedInPeriod,
  }));
}

function aggregateRows(rollUp: RollUp, childLength: number): AggregateRow[] {
  return rollUp.regions
    .filter((r) => r.code.length === childLength)
    .map((r) => ({
      code: r.code,
      name: r.name,
      allocation: r.allocation,
      planned: r.planned,
      realizedBefore: r.realizedBefore,
      realizedInPeriod: r.realizedInPeriod,
      byCategory: r.byCategory,
    }));
}

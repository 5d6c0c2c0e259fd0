import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { DocumentsService } from '../documents/documents.service';
import { PLAN_ERRORS } from '../plans/plans.errors';
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
import { FileDownload } from './file-download';
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

function fileName(ext: string, t: ResolvedReport): string {
  return `realisasi-${t.code ?? 'nasional'}-${t.year}-${t.period}.${ext}`;
}

/** The downloadable forms of a report: numbered, registered PDFs, and raw-number XLSX/CSV. */
@Injectable()
export class ReportFilesService implements OnModuleDestroy {
  constructor(
    private readonly config: AppConfig,
    private readonly reports: ReportsService,
    private readonly repo: ReportRepository,
    private readonly documents: DocumentsService,
    private readonly scope: RegionScopeService,
  ) {}

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
   * Roll-up → model → worker render → registered with its audit event. The figures are read first; the number is
   * reserved, the PDF rendered with no lock or transaction held, then registered (DocumentsService.issuePdf).
   */
  async realisasiPdf(user: AuthUser, q: ReportRequest): Promise<FileDownload> {
    const target = this.reports.resolve(user, q);
    if (target.code === null) {
      throw REPORT_ERRORS.error('REPORT_REGION_REQUIRED').with([{ field: 'region', message: 'isi kode provinsi, kab/kota, kecamatan atau kelurahan' }]);
    }
    const code = target.code;
    const rollUp = await this.reports.rollUp(target, 'children');
    const region = regionIdentityFrom(rollUp.lineage);
    const signatories = await this.signatories(region);
    const template = loadReportTemplate(templateCode(code));
    const issued = await this.documents.issuePdf(
      { kind: 'realisasi', regionCode: code, year: target.year, period: target.period },
      user,
      async (number, issuedAt) => {
        const common = {
          region,
          year: target.year,
          period: target.period,
          signature: { place: this.place(rollUp.lineage), date: issuedAt, signatories },
          document: this.footer(number, issuedAt, user),
        };
        const model =
          target.level === 'kelurahan'
            ? buildRealisasiReportModel({ ...common, allocation: rollUp.total.allocation, lines: lineRows(rollUp) })
            : buildRealisasiReportModel({ ...common, rows: aggregateRows(rollUp, CHILD_LENGTH[target.level]!) });
        const pdf = await renderInWorker('realisasi', model, template);
        return { pdf, dataSha256: model.document.dataSha256 };
      },
    );
    return new FileDownload(issued.pdf, 'application/pdf', fileName('pdf', target), { 'X-Document-Number': issued.number });
  }

  /** The plan document of one version (default: the newest), for signature; another kelurahan's plan is a 404. */
  async planPdf(user: AuthUser, planId: string, version?: number): Promise<FileDownload> {
    const missing = () => PLAN_ERRORS.error('PLAN_NOT_FOUND');
    const plan = await this.repo.planHeader(planId);
    if (!plan || !this.scope.canAccess(user, plan.kelurahan_code)) throw missing();
    const v = version ?? plan.latest_version;
    const data = await this.repo.planDocument(planId, v);
    if (!data) throw missing();
    const region = regionIdentityFrom(data.lineage);
    const signatories = await this.signatories(region);
    const template = loadReportTemplate(templateCode(plan.kelurahan_code));
    const issued = await this.documents.issuePdf(
      { kind: 'plan', regionCode: plan.kelurahan_code, year: plan.year, period: `v${v}` },
      user,
      async (number, issuedAt) => {
        const model = buildPlanDocumentModel({
          region,
          year: plan.year,
          planId,
          version: v,
          status: data.status,
          allocation: data.allocation,
          lines: data.lines,
          approval: data.approval,
          signature: { place: this.place(data.lineage), date: issuedAt, signatories },
          document: this.footer(number, issuedAt, user),
        });
        const pdf = await renderInWorker('plan', model, template);
        return { pdf, dataSha256: model.document.dataSha256 };
      },
    );
    const filename = `rencana-${plan.kelurahan_code}-${plan.year}-v${v}.pdf`;
    return new FileDownload(issued.pdf, 'application/pdf', filename, { 'X-Document-Number': issued.number });
  }

  private footer(number: string, issuedAt: Date, user: AuthUser): DocumentFooterInput {
    const base = (this.config.PUBLIC_URL || `http://localhost:${this.config.PORT}`).replace(/\/+$/, '');
    return {
      documentNumber: number,
      verifyUrl: `${base}/api/documents/${encodeURIComponent(number)}`,
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

  /** Camat of the kecamatan and lurah of the kelurahan, camat first. */
  private async signatories(region: RegionIdentity): Promise<SignatoryInput[]> {
    const kecamatan = region.kecamatan?.code ?? null;
    const kelurahan = region.level === 'kelurahan' ? (region.kelurahan?.code ?? null) : null;
    if (!kecamatan) return [];
    const rows = await this.repo.signatories(kecamatan, kelurahan);
    const order = ['camat', 'lurah'];
    return rows
      .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
      .map((r) => ({ role: r.role, name: r.full_name, nip: r.nip, rank: r.rank, title: r.position }));
  }
}

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

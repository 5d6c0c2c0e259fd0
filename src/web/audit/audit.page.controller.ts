import { Get, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { formatNumberId } from '../../common/money/rupiah';
import { MAX_UPLOAD_BYTES } from '../../configure-app';
import { AuditCheckpointService } from '../../modules/audit/audit-checkpoint.service';
import { AuditTrailService } from '../../modules/audit/audit-trail.service';
import type { VerifyReport } from '../../modules/audit/audit-verifier';
import { AuditQueryDto } from '../../modules/audit/audit.dto';
import { DocumentsService } from '../../modules/documents/documents.service';
import { readPdfUpload } from '../../modules/documents/pdf-upload';
import { RegionDirectoryService } from '../../modules/regions/region-directory.service';
import { FileDownload, FileDownloadInterceptor } from '../../modules/reports/file-download';
import { ADMIN_PAGE_SIZE, ADMIN_VIEW, kabkotaOf, pager, queryString, regionOptions } from '../admin/admin-view';
import { FieldErrors, formErrorsFrom, parseForm } from '../form';
import { PageRequest, render } from '../page-context';
import { PageController } from '../page.decorators';
import { WEB_ERRORS } from '../web.errors';
import { ACTION_LABEL_LIST, AUDIT_VIEW, auditCsv, auditXlsx, ENTITY_LABEL_LIST, periodText } from './audit-view';

const LABELS = { region: 'Wilayah', actor: 'Pelaku', action: 'Aksi', entity: 'Entitas', from: 'Dari tanggal', to: 'Sampai tanggal', page: 'Halaman' };
const FILTERS = ['region', 'actor', 'action', 'entity', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
/** An export holds at most this many events; a wider filter is refused with a way to narrow it. */
export const EXPORT_MAX = 50_000;

/** The API's filters and, on the page, who acted (a user name, exactly as the trail records it, or 'sistem'). */
class AuditPageQuery extends AuditQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function filtersOf(q: Record<string, unknown>): Filters {
  const out: Filters = {};
  for (const k of FILTERS) if (str(q[k])) out[k] = str(q[k]);
  return out;
}

/** The partitions (kab/kota chains) a user may read the details of: a national user all, others their own kab/kota. */
const partitionVisible = (user: AuthUser, partition: string | undefined) => user.regionCode === null || (partition !== undefined && partition === kabkotaOf(user.regionCode));

/**
 * Auditor and admin: the audit trail in their scope with filters and readable changes, its CSV/XLSX export, the
 * verification of the hash chains and signed checkpoints, and the check of an uploaded PDF against the registry.
 */
@PageController('audit')
@Roles('auditor', 'admin')
export class AuditPageController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly checkpoints: AuditCheckpointService,
    private readonly documents: DocumentsService,
    private readonly regions: RegionDirectoryService,
  ) {}

  // Not at /audit itself: a page path is excluded from the /api prefix by path, so it would take GET /api/audit.
  @Get('jejak')
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, unknown>): Promise<void> {
    const user = req.user!;
    const filters = filtersOf(q);
    const pageRaw = str(q.page);
    const parsed = await parseForm(AuditPageQuery, { ...filters, page: pageRaw, pageSize: String(ADMIN_PAGE_SIZE) }, { labels: LABELS, numbers: ['page', 'pageSize'] });
    let errors: FieldErrors = {};
    let result = { items: [] as Awaited<ReturnType<AuditTrailService['list']>>['items'], total: 0 };
    if (!parsed.ok) {
      errors = parsed.errors;
    } else {
      try {
        result = await this.trail.list(user, parsed.value);
      } catch (e) {
        errors = this.filterErrors(e);
      }
    }
    const page = parsed.ok ? (parsed.value.page ?? 1) : 1;
    const options = await regionOptions(this.regions, user, ['kabkota', 'kecamatan', 'kelurahan'], filters.region ?? null);
    const status = Object.keys(errors).length ? 400 : 200;
    return render(
      req,
      reply,
      'audit/trail',
      {
        title: 'Jejak Audit',
        filters,
        errors,
        events: result.items,
        options,
        actions: ACTION_LABEL_LIST,
        entities: ENTITY_LABEL_LIST,
        pager: pager('/audit/jejak', filters, result.total, page, ADMIN_PAGE_SIZE),
        exportQuery: queryString(filters),
        a: ADMIN_VIEW,
        v: AUDIT_VIEW,
      },
      status,
    );
  }

  @Get('unduh.csv')
  @UseInterceptors(FileDownloadInterceptor)
  async downloadCsv(@Req() req: PageRequest, @Query() q: Record<string, unknown>): Promise<FileDownload> {
    const items = await this.exportSlice(req.user!, q);
    return new FileDownload(auditCsv(items), 'text/csv; charset=utf-8', `jejak-audit-${stamp()}.csv`);
  }

  @Get('unduh.xlsx')
  @UseInterceptors(FileDownloadInterceptor)
  async downloadXlsx(@Req() req: PageRequest, @Query() q: Record<string, unknown>): Promise<FileDownload> {
    const filters = filtersOf(q);
    const items = await this.exportSlice(req.user!, q);
    const said = Object.entries(filters).map(([k, v]) => `${LABELS[k as keyof typeof LABELS]}: ${v}`).join(', ');
    const title = `Jejak Audit Dana Kelurahan${said ? ` (${said})` : ''}, diunduh ${AUDIT_VIEW.dateTimeWib(new Date().toISOString())}`;
    return new FileDownload(
      await auditXlsx(items, title),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `jejak-audit-${stamp()}.xlsx`,
    );
  }

  /** The chains, checkpoints, facts and totals checked now, said in words. */
  @Get('verifikasi')
  async verify(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = req.user!;
    const report: VerifyReport = await this.checkpoints.verify();
    const partitions = report.partitions.filter((p) => partitionVisible(user, p.partition));
    const hidden = report.partitions.length - partitions.length;
    // A problem of a chain is shown to whoever may read that chain; one of the checkpoints or the former single
    // chain names no region and concerns everyone; a fact without a partition may be any region's (national only).
    const problems = report.problems.filter((p) =>
      p.partition !== undefined ? partitionVisible(user, p.partition) : user.regionCode === null || p.kind.startsWith('CHECKPOINT_') || p.kind === 'LEGACY_CHAIN_BROKEN',
    );
    const firstProblem = new Map<string, (typeof problems)[number]>();
    for (const p of problems) if (p.partition && !firstProblem.has(p.partition)) firstProblem.set(p.partition, p);
    return render(req, reply, 'audit/verify', {
      title: 'Verifikasi Jejak Audit',
      report,
      partitions,
      hidden,
      hiddenValid: report.partitions.filter((p) => !partitionVisible(user, p.partition)).every((p) => p.valid),
      problems,
      hiddenProblems: report.problemCount - problems.length,
      firstProblem,
      v: AUDIT_VIEW,
    });
  }

  @Get('dokumen')
  async documentForm(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.renderDocument(req, reply, null, {});
  }

  /** A PDF uploaded (multipart, CSRF token in the query) and compared byte for byte with what the system issued. */
  @Post('dokumen')
  async documentCheck(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    let upload;
    try {
      upload = await readPdfUpload(req);
    } catch (e) {
      return this.renderDocument(req, reply, null, formErrorsFrom(e, { labels: { file: 'Berkas PDF' } }), 400);
    }
    const result = await this.documents.verify(req.user!, upload);
    const doc = result.document && !('restricted' in result.document) ? result.document : null;
    const facts = doc ? await this.documents.publicFacts(doc.number).catch(() => null) : null;
    return this.renderDocument(req, reply, { ...result, full: doc, facts }, {});
  }

  private renderDocument(req: PageRequest, reply: FastifyReply, result: unknown, errors: FieldErrors, status = 200) {
    return render(req, reply, 'audit/document', { title: 'Periksa Dokumen', result, errors, maxMb: MAX_UPLOAD_BYTES / 1024 / 1024, v: AUDIT_VIEW, periodText }, status);
  }

  private filterErrors(e: unknown): FieldErrors {
    // An unknown or out-of-scope region is said at the picker, exactly as for one that does not exist.
    if (e instanceof AppError && e.code === 'REGION_NOT_FOUND') return { region: 'Wilayah tidak ditemukan di wilayah kerja Anda' };
    if (e instanceof AppError && e.code === 'AUDIT_RANGE_INVALID') return { to: 'Sampai tanggal harus sama dengan atau sesudah dari tanggal' };
    return formErrorsFrom(e, { labels: LABELS });
  }

  private async exportSlice(user: AuthUser, q: Record<string, unknown>) {
    const parsed = await parseForm(AuditPageQuery, filtersOf(q), { labels: LABELS });
    if (!parsed.ok) throw COMMON_ERRORS.error('VALIDATION_FAILED', Object.keys(parsed.errors), Object.values(parsed.errors).join('; '));
    const { items, total } = await this.trail.slice(user, parsed.value, EXPORT_MAX);
    if (total > EXPORT_MAX) throw WEB_ERRORS.error('AUDIT_EXPORT_TOO_LARGE', formatNumberId(total), formatNumberId(EXPORT_MAX));
    return items;
  }
}

const stamp = () => new Date().toISOString().slice(0, 10);

import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { BookPeriodService } from '../../modules/books/book-period.service';
import { DocumentsService } from '../../modules/documents/documents.service';
import { EvidenceService } from '../../modules/evidence/evidence.service';
import { levelOfCode } from '../../modules/regions/region-code';
import { RegionScopeService } from '../../modules/regions/region-scope.service';
import { RegionsService } from '../../modules/regions/regions.service';
import { ReportsService } from '../../modules/reports/reports.service';
import { MONTH_NAMES_ID } from '../../common/format/nip';
import type { PageRequest } from '../page-context';
import { render } from '../page-context';
import { PageController } from '../page.decorators';
import { currentYear, yearParam } from '../plans/plan-view';
import { buildCompleteness, MARK_ICON } from './completeness';
import { parentInScope } from './report-params';

const notFound = () => COMMON_ERRORS.error('NOT_FOUND');
const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

const kelengkapanUrl = (code: string | null, year: number) => `/kelengkapan?${new URLSearchParams({ ...(code ? { wilayah: code } : {}), tahun: String(year) }).toString()}`;

/**
 * Kelengkapan laporan: for one kecamatan and year, each kelurahan × month — books closed, LPJ issued, evidence
 * complete — so the camat sees who is late. An admin or auditor first picks a kecamatan within their scope.
 */
@PageController('kelengkapan')
@Roles('camat', 'admin', 'auditor')
export class CompletenessPageController {
  constructor(
    private readonly regions: RegionsService,
    private readonly scope: RegionScopeService,
    private readonly reports: ReportsService,
    private readonly periods: BookPeriodService,
    private readonly documents: DocumentsService,
    private readonly evidence: EvidenceService,
  ) {}

  @Get()
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: { wilayah?: string; tahun?: string }): Promise<void> {
    const user = req.user!;
    const tahun = one(q.tahun);
    const year = tahun === undefined ? currentYear() : yearParam(tahun);
    const code = one(q.wilayah) ?? user.regionCode;
    const level = code === null ? 'nasional' : levelOfCode(code);
    if (!level || level === 'kelurahan' || (code !== null && !this.scope.canAccess(user, code))) throw notFound();
    const parent = parentInScope(user, code);
    const upUrl = parent && level !== 'nasional' ? kelengkapanUrl(parent.code, year) : null;

    if (level !== 'kecamatan') {
      // Above a kecamatan: choose one (drilling down a level at a time).
      // The nation's provinces come from its report summary (the region tree has no call for its top level).
      const region = code === null
        ? { name: 'Indonesia', children: (await this.reports.summary(user, { region: null, year })).children.map((c) => ({ code: c.code, name: c.name })) }
        : await this.regions.get(code);
      return render(req, reply, 'reports/kelengkapan-pilih', {
        title: 'Kelengkapan laporan',
        year,
        regionName: region.name,
        upUrl,
        choices: region.children.map((c) => ({ ...c, url: kelengkapanUrl(c.code, year) })),
        childKind: level === 'kabkota' ? 'kecamatan' : level === 'provinsi' ? 'kab/kota' : 'provinsi',
      });
    }

    const kecamatan = await this.regions.get(code!);
    const [closed, lpj, evidence] = await Promise.all([
      this.periods.closedMonths(user, kecamatan.code, year),
      this.documents.issuedPeriods(user, 'lpj', kecamatan.code, year),
      this.evidence.missingByMonth(user, kecamatan.code, year),
    ]);
    const rows = buildCompleteness({ year, kelurahan: kecamatan.children.filter((c) => c.level === 'kelurahan'), closed, lpj, evidence });
    const late = rows.filter((r) => r.lateMonths > 0);
    return render(req, reply, 'reports/kelengkapan', {
      title: 'Kelengkapan laporan',
      year,
      kecamatan,
      rows,
      late,
      upUrl,
      icon: MARK_ICON,
      monthsShort: MONTH_NAMES_ID.map((m) => m.slice(0, 3)),
    });
  }
}

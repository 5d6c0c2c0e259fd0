import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { FlagsService } from '../../modules/flags/flags.service';
import { DashboardService } from '../../modules/reports/dashboard.service';
import { PageRequest, render } from '../page-context';
import { PageController } from '../page.decorators';
import { currentYear } from '../plans/plan-view';
import {
  chartData,
  COLUMNS,
  dashboardHref,
  headerOf,
  jsonBlock,
  LEVEL_LABEL,
  PAGE_SIZE,
  PERIOD_OPTIONS,
  periodText,
  readParams,
  regionTitle,
  reportHref,
  rowView,
  absorptionText,
  statusText,
  closedText,
} from './dashboard-view';
import { date, rupiah } from '../format';

/**
 * Dasbor: the figures of a region one level down (kab/kota → kecamatan → kelurahan → rincian belanja), sorted and paged
 * by the server through query parameters, with charts drawn from the same figures. Out of scope is the 404 page.
 */
@PageController('dasbor')
@Roles('camat', 'admin', 'auditor')
export class DashboardPageController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly flags: FlagsService,
  ) {}

  @Get()
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, string>): Promise<void> {
    const p = readParams(q);
    const d = await this.dashboards.dashboard(req.user!, {
      region: p.region,
      year: p.year,
      period: p.period,
      sort: p.sort,
      direction: p.direction,
      page: p.page,
      pageSize: PAGE_SIZE,
      childLevel: p.level,
    });
    const here = d.region.code;
    const pages = Math.max(1, Math.ceil(d.rowCount / d.pageSize));
    const from = d.rowCount ? (d.page - 1) * d.pageSize + 1 : 0;
    const to = Math.min(d.rowCount, d.page * d.pageSize);
    const columns = COLUMNS.map((c) => headerOf(c.key === 'nama' ? { ...c, label: d.childLevel === 'line' ? 'Uraian' : LEVEL_LABEL[d.childLevel] } : c, p, here));
    const title = d.region.level === 'nasional' ? 'Dasbor nasional' : `Dasbor ${regionTitle(d.region.level, d.region.name)}`;
    const year = currentYear();
    const charts = chartData(d);
    // Early warning beside the figures: open flags per child region, from kab/kota down (a kab/kota's detection is
    // cheap; a province or the nation would rerun it for thousands of kelurahan, so those pages only link to it).
    const flagCounts = here !== null && here.length >= 5 ? await this.flags.countOpenByRegion(req.user!, here, d.year) : null;
    const flagLink = (code: string | null) => `/peringatan?${new URLSearchParams({ ...(code ? { wilayah: code } : {}), tahun: String(d.year) }).toString()}`;
    const warnings = flagCounts && {
      total: [...flagCounts.values()].reduce((a, b) => a + b, 0),
      href: flagLink(here),
      children: d.rows
        .filter((r) => r.code && (flagCounts.get(r.code) ?? 0) > 0)
        .map((r) => ({ name: r.name, count: flagCounts.get(r.code!) ?? 0, href: flagLink(r.code!) })),
    };
    return render(req, reply, 'dashboard/dashboard', {
      title,
      d,
      p,
      columns,
      rows: d.rows.map((r) => rowView(r, d, p)),
      totals: {
        pagu: rupiah(d.totals.allocation),
        rencana: rupiah(d.totals.planned),
        realisasi: rupiah(d.totals.realized),
        sisa: rupiah(d.totals.remaining),
        serapan: absorptionText(d.totals.absorption),
        status: statusText(d.totals, d.region.level === 'kelurahan' ? 'kelurahan' : 'region'),
        entri: date(d.totals.lastEntry),
        tutup: closedText(d.totals, 'region'),
      },
      childLabel: LEVEL_LABEL[d.childLevel],
      periodLabel: periodText(d.period, d.year),
      periods: PERIOD_OPTIONS.map((value) => ({ value, label: periodText(value, d.year) })),
      years: [...new Set([year - 2, year - 1, year, year + 1, d.year])].sort((a, b) => a - b),
      breadcrumb: [
        ...(req.user!.regionCode === null ? [{ name: 'Nasional', href: dashboardHref({ year: d.year, period: d.period }) }] : []),
        ...d.ancestors
          .filter((a) => req.user!.regionCode === null || a.code.length >= req.user!.regionCode.length)
          .map((a) => ({ name: regionTitle(a.level, a.name), href: dashboardHref({ region: a.code, year: d.year, period: d.period }) })),
      ],
      reportHref: reportHref(here, d.year, d.period),
      warnings,
      warningsHref: flagLink(here),
      national: here === null,
      levelLinks:
        here === null
          ? (['provinsi', 'kabkota'] as const).map((level) => ({
              level,
              label: level === 'provinsi' ? 'Per provinsi' : 'Per kabupaten/kota',
              href: dashboardHref({ year: d.year, period: d.period, level, sort: p.sort, direction: p.direction }),
              current: d.childLevel === level,
            }))
          : [],
      pager: {
        total: d.rowCount,
        page: d.page,
        pages,
        from,
        to,
        prevHref: d.page > 1 ? dashboardHref({ ...p, region: here, page: d.page - 1 }) : null,
        nextHref: d.page < pages ? dashboardHref({ ...p, region: here, page: d.page + 1 }) : null,
      },
      charts,
      chartJson: jsonBlock(charts),
    });
  }
}

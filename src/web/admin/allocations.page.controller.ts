import { Body, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { AppError } from '../../common/errors/app-error';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { FIRST_FISCAL_YEAR, lastFiscalYear, parseFiscalYear } from '../../common/period/fiscal-year';
import { BulkAllocationDto, SetAllocationDto } from '../../modules/allocations/allocation.dto';
import { AllocationsService } from '../../modules/allocations/allocations.service';
import { FUNDING_SOURCES } from '../../modules/reference/taxonomy';
import { RegionDirectoryService } from '../../modules/regions/region-directory.service';
import { RegionsService } from '../../modules/regions/regions.service';
import { FileDownload, FileDownloadInterceptor } from '../../modules/reports/file-download';
import { ReportFilesService } from '../../modules/reports/report-files.service';
import { FieldErrors, formErrorsFrom, parseForm } from '../form';
import { number } from '../format';
import { PageRequest, redirect, render } from '../page-context';
import { PageController } from '../page.decorators';
import { ADMIN_PAGE_SIZE, ADMIN_VIEW, pager, queryString, regionOptions, sayMissing } from './admin-view';

const LABELS = { amount: 'Pagu', source: 'Sumber dana', note: 'Keterangan', regionCode: 'Wilayah', year: 'Tahun anggaran', page: 'Halaman' };
const LIST_PATH = '/admin/alokasi';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const years = () => Array.from({ length: lastFiscalYear() - FIRST_FISCAL_YEAR + 1 }, (_, i) => lastFiscalYear() - i);

/** A year from the path or a filter; a bad one is the 404 page (it names no page that exists). */
function yearOf(raw: string): number {
  try {
    return parseFiscalYear(raw);
  } catch {
    throw COMMON_ERRORS.error('NOT_FOUND');
  }
}

/**
 * Admin: pagu per kelurahan and year. The list shows every kelurahan in the chosen region with its pagu (or none yet);
 * bulk sets one amount for all kelurahan under a region after a preview; one kelurahan has its own form and history.
 */
@PageController('admin/alokasi')
@Roles('admin')
export class AllocationsPageController {
  constructor(
    private readonly allocations: AllocationsService,
    private readonly regions: RegionDirectoryService,
    private readonly files: ReportFilesService,
    private readonly kelurahan: RegionsService,
  ) {}

  /** The API's realisasi download for the chosen region and year: pagu, anggaran and realisasi per wilayah below it. */
  @Get('unduh.xlsx')
  @UseInterceptors(FileDownloadInterceptor)
  downloadXlsx(@Req() req: PageRequest, @Query() q: Record<string, unknown>): Promise<FileDownload> {
    return this.files.realisasiXlsx(req.user!, this.reportQuery(q));
  }

  @Get('unduh.csv')
  @UseInterceptors(FileDownloadInterceptor)
  downloadCsv(@Req() req: PageRequest, @Query() q: Record<string, unknown>): Promise<FileDownload> {
    return this.files.realisasiCsv(req.user!, this.reportQuery(q));
  }

  private reportQuery(q: Record<string, unknown>): { region?: string; year: number; period: 'FY' } {
    return { region: str(q.region) || undefined, year: yearOf(str(q.year) || String(new Date().getFullYear())), period: 'FY' };
  }

  @Get()
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, unknown>): Promise<void> {
    return this.renderList(req, reply, q, {}, {});
  }

  /** Step one of a bulk change: checked and previewed (how many kelurahan, how many pagu replaced); nothing written. */
  @Post(':year/massal')
  async bulk(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string, @Body() body: Record<string, unknown>) {
    const year = yearOf(yearRaw);
    const { konfirmasi, ...fields } = body;
    const back = { year: String(year), region: str(body.regionCode) };
    const form = await parseForm(BulkAllocationDto, fields, { labels: LABELS, numbers: ['amount'] });
    if (!form.ok) return this.renderList(req, reply, back, sayMissing(form.errors, fields, ['regionCode', 'amount'], LABELS), fields, 400);
    const user = req.user!;
    let region;
    try {
      region = await this.regions.assertVisible(user, form.value.regionCode);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) {
        return this.renderList(req, reply, back, { regionCode: 'Wilayah tidak ditemukan di wilayah kerja Anda' }, fields, 404);
      }
      throw e;
    }
    if (konfirmasi !== '1') {
      const [counts, existing] = await Promise.all([
        this.regions.counts(user, region.code),
        this.allocations.list(user, year, { region: region.code, page: 1, pageSize: 1 }),
      ]);
      return render(req, reply, 'admin/allocation-bulk-confirm', {
        title: 'Konfirmasi pagu sekaligus',
        year,
        region,
        kelurahan: counts.kelurahan,
        existing: existing.total,
        existingAmount: existing.totalAmount,
        value: form.value,
        sourceLabel: FUNDING_SOURCES.find((s) => s.code === (form.value.source ?? 'APBD'))?.label,
        a: ADMIN_VIEW,
      });
    }
    try {
      const r = await this.allocations.bulk(user, year, form.value);
      const flash = { year, region: r.regionCode, ok: 'massal', kelurahan: r.kelurahan, baru: r.created, berubah: r.updated, sama: r.unchanged };
      return redirect(req, reply, `${LIST_PATH}${queryString(flash)}`);
    } catch (e) {
      return this.renderList(req, reply, back, formErrorsFrom(e, { labels: LABELS }), fields, 400);
    }
  }

  @Get(':year/:kode')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string, @Param('kode') code: string, @Query() q: Record<string, unknown>) {
    return this.renderOne(req, reply, yearOf(yearRaw), code, null, {}, q.disimpan === '1');
  }

  @Post(':year/:kode')
  async save(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string, @Param('kode') code: string, @Body() body: Record<string, unknown>) {
    const year = yearOf(yearRaw);
    // Scope first: a kelurahan outside the region is the 404 page whatever the form says.
    await this.kelurahan.kelurahanName(req.user!, code);
    const form = await parseForm(SetAllocationDto, body, { labels: LABELS, numbers: ['amount'] });
    if (!form.ok) return this.renderOne(req, reply, year, code, body, sayMissing(form.errors, body, ['amount'], LABELS), false, 400);
    try {
      await this.allocations.set(req.user!, year, code, form.value);
    } catch (e) {
      return this.renderOne(req, reply, year, code, body, formErrorsFrom(e, { labels: LABELS }), false, 400);
    }
    return redirect(req, reply, `${LIST_PATH}/${year}/${code}?disimpan=1`);
  }

  private async renderList(
    req: PageRequest,
    reply: FastifyReply,
    q: Record<string, unknown>,
    bulkErrors: FieldErrors,
    bulkValues: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    const user = req.user!;
    const errors: FieldErrors = {};
    let year = new Date().getFullYear();
    if (str(q.year)) {
      try {
        year = parseFiscalYear(str(q.year));
      } catch (e) {
        errors.year = (e as Error).message;
        status = Math.max(status, 400);
      }
    }
    let page = 1;
    if (str(q.page)) {
      page = Number(q.page);
      if (!/^\d{1,6}$/.test(str(q.page)) || page < 1) {
        errors.page = 'Halaman harus bilangan bulat mulai 1';
        page = 1;
        status = Math.max(status, 400);
      }
    }
    let region: string | null = str(q.region) || null;
    if (region !== null) {
      await this.regions.assertVisible(user, region).catch((e) => {
        if (!(e instanceof AppError && e.status === 404)) throw e;
        errors.region = 'Wilayah tidak ditemukan di wilayah kerja Anda';
        region = null;
        status = Math.max(status, 404);
      });
    }
    const [kelurahan, summary, options, bulkOptions] = await Promise.all([
      this.regions.kelurahan(user, region, { page, pageSize: ADMIN_PAGE_SIZE }),
      this.allocations.list(user, year, { region: region ?? undefined, page: 1, pageSize: 1 }),
      regionOptions(this.regions, user, ['kabkota', 'kecamatan'], region),
      regionOptions(this.regions, user, ['kabkota', 'kecamatan', 'kelurahan'], region),
    ]);
    const pagu = await this.allocations.forKelurahan(user, year, kelurahan.items.map((k) => k.code));
    const filters = { year: year === new Date().getFullYear() ? undefined : year, region: region ?? undefined };
    const flash =
      q.ok === 'massal'
        ? `Pagu ditetapkan untuk ${Number(q.kelurahan) || 0} kelurahan: ${Number(q.baru) || 0} baru, ${Number(q.berubah) || 0} berubah, ${Number(q.sama) || 0} sudah sama.`
        : null;
    return render(
      req,
      reply,
      'admin/allocations',
      {
        title: 'Alokasi',
        year,
        years: years(),
        region,
        errors,
        flash: flash ? { tone: 'success', text: flash } : null,
        rows: kelurahan.items.map((k) => ({ ...k, allocation: pagu.get(k.code) ?? null })),
        kelurahanTotal: kelurahan.total,
        withAllocation: summary.total,
        totalAmount: summary.totalAmount,
        pager: pager(LIST_PATH, filters, kelurahan.total, page, ADMIN_PAGE_SIZE),
        options,
        bulkOptions,
        bulkErrors,
        bulkValues: { regionCode: region ?? user.regionCode ?? '', source: 'APBD', ...bulkValues },
        sources: FUNDING_SOURCES,
        a: ADMIN_VIEW,
      },
      status,
    );
  }

  private async renderOne(
    req: PageRequest,
    reply: FastifyReply,
    year: number,
    code: string,
    values: Record<string, unknown> | null,
    errors: FieldErrors,
    saved: boolean,
    status = 200,
  ): Promise<void> {
    const user = req.user!;
    // The history call checks that the kelurahan exists and lies in the admin's region (404 page otherwise).
    const history = await this.allocations.history(user, year, code);
    const [kelurahan, current] = await Promise.all([this.regions.assertVisible(user, code), this.allocations.forKelurahan(user, year, [code])]);
    const allocation = current.get(code) ?? null;
    const kecamatan = (await this.regions.names([code.slice(0, 8)])).get(code.slice(0, 8)) ?? null;
    return render(
      req,
      reply,
      'admin/allocation',
      {
        title: `Pagu ${kelurahan.name} ${year}`,
        year,
        years: years(),
        kelurahan,
        kecamatan,
        allocation,
        history: [...history.items].reverse(),
        values: values ?? { amount: allocation ? number(allocation.amount) : '', source: allocation?.source ?? 'APBD', note: '' },
        errors,
        saved,
        sources: FUNDING_SOURCES,
        sourceLabel: (c: string | null) => FUNDING_SOURCES.find((s) => s.code === c)?.label ?? c ?? '–',
        a: ADMIN_VIEW,
      },
      status,
    );
  }
}

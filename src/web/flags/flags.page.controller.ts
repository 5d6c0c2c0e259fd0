import { Get, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { Roles } from '../../common/auth/roles.decorator';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { isFiscalYear } from '../../common/period/fiscal-year';
import { FLAG_KINDS, FlagKind } from '../../modules/flags/flags-config';
import { FlagsRiskService } from '../../modules/flags/flags-risk.service';
import { FLAG_STATUSES, FlagFilter, FlagsService, FlagStatus } from '../../modules/flags/flags.service';
import { isRegionCode } from '../../modules/regions/region-code';
import { RegionsService } from '../../modules/regions/regions.service';
import { FileDownloadInterceptor } from '../../modules/reports/file-download';
import { PageRequest, render } from '../page-context';
import { PageController } from '../page.decorators';
import { currentYear } from '../plans/plan-view';
import { flagCard, KIND_LABEL, PART_LABEL, STATUS_LABEL } from './flag-view';

/** The status filter of the page: 'aktif' (not resolved: open or explained, the default), one status, or 'semua'. */
const STATUS_CHOICES = ['aktif', ...FLAG_STATUSES, 'semua'] as const;
type StatusChoice = (typeof STATUS_CHOICES)[number];

interface PageQuery {
  region: string | null;
  year: number;
  kind: FlagKind | null;
  status: StatusChoice;
}

/** The page's query in its own words (wilayah, tahun, jenis, status); a region that is not a code is a missing page. */
function readQuery(user: AuthUser, q: Record<string, string>): PageQuery {
  const raw = (q.wilayah ?? '').trim();
  if (raw && !isRegionCode(raw)) throw COMMON_ERRORS.error('NOT_FOUND');
  const year = Number(q.tahun);
  return {
    region: raw || user.regionCode,
    year: isFiscalYear(year) ? year : currentYear(),
    kind: (FLAG_KINDS as readonly string[]).includes(q.jenis) ? (q.jenis as FlagKind) : null,
    status: (STATUS_CHOICES as readonly string[]).includes(q.status) ? (q.status as StatusChoice) : 'aktif',
  };
}

/** Points of a risk score (two decimals at most), in Indonesian notation. */
const points = (n: number) => n.toLocaleString('id-ID', { maximumFractionDigits: 2 });

const filterOf = (p: PageQuery): FlagFilter => ({
  region: p.region ?? undefined, year: p.year, kind: p.kind ?? undefined,
  status: p.status === 'aktif' || p.status === 'semua' ? undefined : (p.status as FlagStatus),
});

/** Peringatan: early warning in the caller's region for the camat, the admin and the Inspektorat. */
@PageController('peringatan')
@Roles('camat', 'admin', 'auditor')
export class FlagsPageController {
  constructor(
    private readonly risk: FlagsRiskService,
    private readonly flags: FlagsService,
    private readonly regions: RegionsService,
  ) {}

  @Get()
  async index(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, string>): Promise<void> {
    const user = req.user!;
    const p = readQuery(user, q);
    const years = [p.year - 1, p.year, p.year + 1].filter((y) => isFiscalYear(y));
    const base = { title: 'Peringatan dini', query: p, years, kinds: FLAG_KINDS.map((k) => ({ code: k, label: KIND_LABEL[k] })), statuses: STATUS_CHOICES.map((s) => ({ code: s, label: s === 'aktif' ? 'Belum selesai' : s === 'semua' ? 'Semua' : STATUS_LABEL[s] })) };
    // A national admin has no one region to pick under: a typed code with every kab/kota (and the chosen region's
    // children) offered as suggestions, so any region can be reached from the form.
    const suggestions = user.regionCode ? [] : await this.nationalSuggestions(p.region ?? '');
    if (!p.region) return render(req, reply, 'flags/flags', { ...base, regionOptions: [], suggestions, overview: null, exportHref: null });
    const overview = await this.risk.overview(user, filterOf(p));
    const names = new Map(overview.risk.map((r) => [r.kelurahanCode, r.name]));
    const flags = overview.flags
      .filter((f) => p.status !== 'aktif' || f.status !== 'resolved')
      .map((f) => ({ ...flagCard(f), kelurahanName: names.get(f.regionCode) ?? f.regionCode, href: user.role === 'camat' && f.planId ? `/persetujuan/${f.planId}#peringatan-${f.id}` : null }));
    const params = new URLSearchParams({ wilayah: p.region, tahun: String(p.year), ...(p.kind ? { jenis: p.kind } : {}), status: p.status });
    return render(req, reply, 'flags/flags', {
      ...base,
      regionOptions: user.regionCode ? await this.regionOptions(user, p.region) : [],
      suggestions,
      overview: {
        flags,
        risk: overview.risk.map((r) => ({ ...r, scoreText: points(r.score), parts: r.parts.map((x) => ({ ...x, label: PART_LABEL[x.part], pointsText: points(x.points) })) })),
        atRisk: overview.absorption.filter((a) => a.atRisk).map((a) => ({ ...a, lagText: points(a.lagPoints) })),
      },
      exportHref: `/peringatan/unduh.xlsx?${params.toString()}`,
    });
  }

  /** The auditor's workbook of the same filter, downloaded in the browser session. */
  @Get('unduh.xlsx')
  @UseInterceptors(FileDownloadInterceptor)
  async download(@Req() req: PageRequest, @Query() q: Record<string, string>) {
    const p = readQuery(req.user!, q);
    if (!p.region) throw COMMON_ERRORS.error('NOT_FOUND');
    return this.flags.workbook(req.user!, filterOf(p));
  }

  private async nationalSuggestions(selected: string): Promise<Array<{ code: string; label: string }>> {
    const out = new Map((await this.regions.listLevel('kabkota')).map((r) => [r.code, r.name]));
    if (selected) {
      const r = await this.regions.get(selected).catch(() => null);
      for (const c of r?.children ?? []) out.set(c.code, c.name);
    }
    return [...out].sort(([a], [b]) => a.localeCompare(b)).map(([code, name]) => ({ code, label: name }));
  }

  /** The caller's region and the regions under it (and under the chosen one), for the region picker. */
  private async regionOptions(user: AuthUser, selected: string): Promise<Array<{ code: string; label: string }>> {
    const roots = [...new Set([user.regionCode ?? selected, selected])];
    const out = new Map<string, string>();
    for (const code of roots) {
      const r = await this.regions.get(code);
      out.set(r.code, r.name);
      for (const c of r.children) out.set(c.code, `${code === roots[0] ? '' : '· '}${c.name}`);
    }
    return [...out].map(([code, label]) => ({ code, label: `${label} (${code})` }));
  }
}

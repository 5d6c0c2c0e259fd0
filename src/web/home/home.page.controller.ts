import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthUser, Role } from '../../common/auth/auth-user';
import { ROLES } from '../../common/auth/auth-user';
import { AllocationsService } from '../../modules/allocations/allocations.service';
import { PlansService } from '../../modules/plans/plans.service';
import { RegionsService } from '../../modules/regions/regions.service';
import { ReportsService } from '../../modules/reports/reports.service';
import { UsersService } from '../../modules/users/users.service';
import { ROLE_LABEL } from '../format';
import { PageRequest, render } from '../page-context';
import { PageController } from '../page.decorators';
import { currentYear } from '../plans/plan-view';

/** The lurah's next step, in words, from the state of the year's plan. */
export function nextAction(plan: { status: string; version: number; returnReason: string | null } | null): { text: string; href: string | null; tone: string } {
  if (!plan) return { text: 'Lengkapi rencana', href: '/rencana', tone: 'primary' };
  switch (plan.status) {
    case 'draft':
      return { text: plan.version > 1 ? 'Lengkapi perubahan rencana' : 'Lengkapi rencana', href: '/rencana', tone: 'primary' };
    case 'returned':
      return { text: `Dikembalikan: ${plan.returnReason ?? ''}`.trim(), href: '/rencana', tone: 'warning' };
    case 'submitted':
      return { text: 'Menunggu persetujuan camat', href: null, tone: 'info' };
    case 'approved':
      return { text: 'Rencana disetujui; realisasi dapat dicatat', href: null, tone: 'success' };
    default:
      return { text: 'Lihat rencana', href: '/rencana', tone: 'secondary' };
  }
}

/** Beranda: what each role should look at first. */
@PageController()
export class HomePageController {
  constructor(
    private readonly plans: PlansService,
    private readonly reports: ReportsService,
    private readonly regions: RegionsService,
    private readonly users: UsersService,
    private readonly allocations: AllocationsService,
  ) {}

  @Get()
  async home(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = req.user!;
    const year = currentYear();
    const base = { title: 'Beranda', year };
    switch (user.role) {
      case 'lurah':
        return render(req, reply, 'home/lurah', { ...base, ...(await this.lurah(user, year)) });
      case 'camat':
        return render(req, reply, 'home/camat', { ...base, ...(await this.camat(user, year)) });
      case 'admin':
        return render(req, reply, 'home/admin', { ...base, ...(await this.admin(user, year)) });
      default:
        return render(req, reply, 'home/reader', { ...base, summary: await this.reports.summary(user, { region: user.regionCode, year }) });
    }
  }

  private async lurah(user: AuthUser, year: number) {
    const [list, summary] = await Promise.all([
      this.plans.list(user, { kelurahan: user.regionCode!, year, page: 1, pageSize: 1 }),
      this.reports.summary(user, { region: user.regionCode, year }),
    ]);
    const plan = list.items.length ? await this.plans.get(user, list.items[0].id) : null;
    return { plan, summary, next: nextAction(plan) };
  }

  private async camat(user: AuthUser, year: number) {
    const [summary, list] = await Promise.all([
      this.reports.summary(user, { region: user.regionCode, year }),
      this.plans.list(user, { region: user.regionCode!, year, page: 1, pageSize: 500 }),
    ]);
    const byKelurahan = new Map(list.items.map((p) => [p.kelurahanCode, p]));
    const rows = summary.children.map((c) => ({ ...c, plan: byKelurahan.get(c.code) ?? null }));
    const waiting = list.items.filter((p) => p.status === 'submitted').length;
    return { summary, rows, waiting };
  }

  private async admin(user: AuthUser, year: number) {
    const region = user.regionCode ? await this.regions.get(user.regionCode) : null;
    let kelurahan: number | null = null;
    if (region) {
      const kecamatan = await Promise.all(region.children.map((k) => this.regions.get(k.code)));
      kelurahan = kecamatan.reduce((n, k) => n + k.children.length, 0);
    }
    const usersByRole = await Promise.all(
      ROLES.map(async (role: Role) => ({ role, count: (await this.users.list(user, { role, active: 'true', page: 1, pageSize: 1 })).total })),
    );
    const allocations = await this.allocations.list(user, year, { page: 1, pageSize: 1 });
    const todo: Array<{ text: string; href: string; done: boolean }> = [
      { text: region ? `Wilayah: ${region.children.length} kecamatan, ${kelurahan} kelurahan` : 'Wilayah: impor data wilayah nasional', href: '/admin/wilayah', done: region ? (kelurahan ?? 0) > 0 : false },
      ...usersByRole
        .filter((u) => u.role !== 'admin')
        .map((u) => ({ text: `Pengguna ${ROLE_LABEL[u.role]}: ${u.count} aktif`, href: '/admin/pengguna', done: u.count > 0 })),
      {
        text: kelurahan !== null ? `Pagu ${year}: ${allocations.total} dari ${kelurahan} kelurahan` : `Pagu ${year}: ${allocations.total} kelurahan`,
        href: '/admin/alokasi',
        done: kelurahan !== null ? allocations.total >= kelurahan && kelurahan > 0 : allocations.total > 0,
      },
    ];
    return { region, kelurahan, usersByRole, allocations, todo };
  }
}

import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ROLES } from '../../common/auth/auth-user';
import { Roles } from '../../common/auth/roles.decorator';
import { AppError } from '../../common/errors/app-error';
import { RegionDirectoryService } from '../../modules/regions/region-directory.service';
import { CreateUserDto, ListUsersQueryDto, SetActiveDto } from '../../modules/users/users.dto';
import { ROLE_LEVEL, UsersService } from '../../modules/users/users.service';
import { FieldErrors, formErrorsFrom, parseForm } from '../form';
import { PageRequest, redirect, render } from '../page-context';
import { PageController } from '../page.decorators';
import { ADMIN_PAGE_SIZE, ADMIN_VIEW, kabkotaOf, LEVEL_LABEL, pager, queryString, regionOptions, sayMissing } from './admin-view';

const USER_LABELS = {
  username: 'Nama pengguna',
  password: 'Kata sandi',
  fullName: 'Nama lengkap',
  nip: 'NIP',
  rank: 'Pangkat/golongan',
  position: 'Jabatan',
  role: 'Peran',
  regionCode: 'Wilayah',
};
const REQUIRED = ['username', 'password', 'fullName', 'role'] as const;
const FILTER_LABELS = { role: 'Peran', region: 'Wilayah', active: 'Status', page: 'Halaman' };
const LIST_PATH = '/admin/pengguna';

type Flash = { tone: 'success' | 'danger'; text: string } | null;

/** Only a return address on this list, with its filters; anything else goes back to the plain list. */
const backTo = (raw: unknown): string => (typeof raw === 'string' && /^\/admin\/pengguna(\?[^#]*)?$/.test(raw) ? raw : LIST_PATH);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Admin: the users in the admin's region; create one with a role and a region; deactivate and activate. */
@PageController('admin/pengguna')
@Roles('admin')
export class UsersPageController {
  constructor(
    private readonly users: UsersService,
    private readonly regions: RegionDirectoryService,
  ) {}

  @Get()
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, unknown>): Promise<void> {
    return this.renderList(req, reply, q, this.flashOf(q));
  }

  @Get('baru')
  async newForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, unknown>): Promise<void> {
    const values = { role: str(q.role), regionCode: str(q.regionCode), kabkota: str(q.kabkota) };
    return this.renderForm(req, reply, values, {});
  }

  @Post()
  async create(@Req() req: PageRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const values = { ...body };
    delete values.password;
    // The kab/kota chooser only narrows the region picker of a national admin; it is not part of the user.
    const { kabkota: _kabkota, ...fields } = body;
    const form = await parseForm(CreateUserDto, fields, { labels: USER_LABELS });
    if (!form.ok) return this.renderForm(req, reply, values, sayMissing(form.errors, fields, REQUIRED, USER_LABELS), 400);
    try {
      const user = await this.users.create(req.user!, form.value);
      return redirect(req, reply, `${LIST_PATH}${queryString({ dibuat: user.username })}`);
    } catch (e) {
      return this.renderForm(req, reply, values, formErrorsFrom(e, { labels: USER_LABELS }), 400);
    }
  }

  @Post(':id/nonaktifkan')
  async deactivate(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.setActive(req, reply, id, false, body);
  }

  @Post(':id/aktifkan')
  async activate(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.setActive(req, reply, id, true, body);
  }

  private async setActive(req: PageRequest, reply: FastifyReply, id: string, active: boolean, body: Record<string, unknown>) {
    const back = backTo(body.kembali);
    const { kembali: _kembali, ...fields } = body;
    const backQuery = Object.fromEntries(new URLSearchParams(back.split('?')[1] ?? ''));
    const form = await parseForm(SetActiveDto, fields, { labels: { reason: 'Alasan' } });
    if (!form.ok) return this.renderList(req, reply, backQuery, { tone: 'danger', text: Object.values(form.errors)[0] }, 400);
    try {
      const user = await this.users.setActive(req.user!, id, active, form.value.reason);
      const sep = back.includes('?') ? '&' : '?';
      return redirect(req, reply, `${back}${sep}${active ? 'diaktifkan' : 'dinonaktifkan'}=${encodeURIComponent(user.username)}`);
    } catch (e) {
      // Already (in)active, or one's own account: said on the list it came from; a missing user is the 404 page.
      if (e instanceof AppError && e.status === 409) return this.renderList(req, reply, backQuery, { tone: 'danger', text: e.message }, 409);
      throw e;
    }
  }

  private flashOf(q: Record<string, unknown>): Flash {
    if (typeof q.dibuat === 'string') return { tone: 'success', text: `Pengguna ${q.dibuat} sudah dibuat.` };
    if (typeof q.dinonaktifkan === 'string') {
      return { tone: 'success', text: `Pengguna ${q.dinonaktifkan} dinonaktifkan; sesi yang masih terbuka sudah berakhir.` };
    }
    if (typeof q.diaktifkan === 'string') return { tone: 'success', text: `Pengguna ${q.diaktifkan} diaktifkan kembali.` };
    return null;
  }

  private async renderList(req: PageRequest, reply: FastifyReply, q: Record<string, unknown>, flash: Flash, status = 200): Promise<void> {
    const user = req.user!;
    const filters = { role: str(q.role), region: str(q.region), active: str(q.active) };
    const form = await parseForm(ListUsersQueryDto, { ...filters, page: str(q.page) }, { labels: FILTER_LABELS, numbers: ['page'] });
    let errors: FieldErrors = {};
    let result = { items: [] as Awaited<ReturnType<UsersService['list']>>['items'], total: 0 };
    let page = 1;
    if (!form.ok) {
      errors = form.errors;
      status = 400;
    } else {
      page = form.value.page ?? 1;
      try {
        result = await this.users.list(user, { ...form.value, page, pageSize: ADMIN_PAGE_SIZE });
      } catch (e) {
        // A region filter outside the admin's region answers like one that does not exist, next to the filter.
        if (!(e instanceof AppError && e.status === 404 && e.code === 'REGION_NOT_FOUND')) throw e;
        errors = { region: 'Wilayah tidak ditemukan di wilayah kerja Anda' };
        status = 404;
      }
    }
    const regionFilter = errors.region ? null : filters.region || null;
    const [options, names] = await Promise.all([
      regionOptions(this.regions, user, ['kabkota', 'kecamatan', 'kelurahan'], regionFilter),
      this.regions.names(result.items.map((u) => u.regionCode).filter((c): c is string => c !== null)),
    ]);
    const here = `${LIST_PATH}${queryString({ ...filters, page: page === 1 ? undefined : page })}`;
    return render(
      req,
      reply,
      'admin/users',
      {
        title: 'Pengguna',
        filters,
        errors,
        flash,
        users: result.items.map((u) => ({ ...u, regionName: u.regionCode ? (names.get(u.regionCode) ?? null) : null })),
        pager: pager(LIST_PATH, filters, result.total, page, ADMIN_PAGE_SIZE),
        roles: ROLES,
        options,
        here,
        a: ADMIN_VIEW,
      },
      status,
    );
  }

  private async renderForm(req: PageRequest, reply: FastifyReply, values: Record<string, unknown>, errors: FieldErrors, status = 200) {
    const user = req.user!;
    // A national admin picks a kab/kota first (its tree then fills the region picker); a kab/kota admin sees its own.
    const kabkota = user.regionCode === null ? kabkotaOf(str(values.kabkota) || str(values.regionCode)) : user.regionCode;
    const options = await regionOptions(this.regions, user, ['kabkota', 'kecamatan', 'kelurahan'], kabkota).catch((e) => {
      if (e instanceof AppError && e.status === 404) return [];
      throw e;
    });
    const kabkotaChoices = user.regionCode === null ? await this.regions.subtree(user, null, ['kabkota']) : [];
    const roleHints = ROLES.map((r) => ({ role: r, code: ROLE_LEVEL[r], level: LEVEL_LABEL[ROLE_LEVEL[r]] }));
    return render(
      req,
      reply,
      'admin/user-new',
      { title: 'Tambah pengguna', values, errors, roles: ROLES, roleHints, options, kabkota, kabkotaChoices, a: ADMIN_VIEW },
      status,
    );
  }
}

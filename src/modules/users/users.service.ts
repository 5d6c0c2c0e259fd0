import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { AuthUser, Role } from '../../common/auth/auth-user';
import { badRequest, conflict, forbidden, notFound } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { RegionScopeService } from '../regions/region-scope.service';
import { levelOfCode } from '../regions/region-code';
import type { RegionLevel } from '../regions/region.entity';
import { rowToUserDto, USER_COLUMNS, UserRow } from './user.mapper';
import type { CreateUserDto, ListUsersQueryDto, UserDto, UserListDto } from './users.dto';
import { SessionService } from '../auth/session.service';

/** The region level each role works at; an admin may also have none (national). */
export const ROLE_LEVEL: Record<Role, RegionLevel> = {
  admin: 'kabkota',
  auditor: 'kabkota',
  camat: 'kecamatan',
  lurah: 'kelurahan',
  bendahara: 'kelurahan',
};

const LEVEL_LABEL: Record<RegionLevel, string> = {
  provinsi: 'provinsi',
  kabkota: 'kabupaten/kota (mis. 35.73)',
  kecamatan: 'kecamatan (mis. 35.73.01)',
  kelurahan: 'kelurahan (mis. 35.73.01.1001)',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const userNotFound = () => notFound('USER_NOT_FOUND', 'Pengguna tidak ditemukan');
const regionNotFound = (code: string) => notFound('REGION_NOT_FOUND', `Wilayah ${code} tidak ditemukan`);
const usernameTaken = (username: string) =>
  badRequest('USERNAME_TAKEN', `Nama pengguna ${username} sudah dipakai`, [
    { field: 'username', message: `nama pengguna ${username} sudah dipakai (huruf besar/kecil tidak dibedakan)` },
  ]);

const constraintOf = (e: QueryFailedError) =>
  ((e as { driverError?: { constraint?: string } }).driverError ?? (e as { constraint?: string })).constraint;

export type NewUser = Pick<CreateUserDto, 'username' | 'password' | 'fullName' | 'nip' | 'rank' | 'position' | 'role' | 'regionCode'>;

/** Users: create, list and (de)activate, each within the acting admin's region. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly scope: RegionScopeService,
    private readonly sessions: SessionService,
  ) {}

  /** `actor` null is the system itself (demo seed), which may create anything. */
  async create(actor: AuthUser | null, input: NewUser): Promise<UserDto> {
    const regionCode = input.regionCode ?? null;
    this.assertRoleFitsRegion(input.role, regionCode);
    if (actor) {
      // Route-level role check happened already; here: the new user's region must lie inside the admin's own.
      if (regionCode === null && actor.regionCode !== null) {
        throw forbidden('USER_NATIONAL_ADMIN_FORBIDDEN', 'Hanya admin nasional yang boleh membuat admin nasional');
      }
      if (regionCode !== null) this.scope.assertAccess(actor, regionCode, 'REGION_NOT_FOUND', `Wilayah ${regionCode} tidak ditemukan`);
    }
    // Hashing is slow on purpose: do it before the transaction so no lock waits on it.
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    try {
      return await this.db.transaction(async (m) => {
        if (regionCode !== null) await this.assertRegionExists(m, regionCode);
        const taken: unknown[] = await m.query('SELECT 1 FROM app_user WHERE lower(username) = lower($1)', [input.username]);
        if (taken.length) throw usernameTaken(input.username);
        const [row]: UserRow[] = await m.query(
          `INSERT INTO app_user AS u (username, password_hash, full_name, nip, rank, position, role, region_code)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${USER_COLUMNS}`,
          [input.username, passwordHash, input.fullName, input.nip ?? null, input.rank ?? null, input.position ?? null, input.role, regionCode],
        );
        const user = rowToUserDto(row);
        await this.audit.record(m, { actor, action: 'user.create', entity: 'user', entityId: user.id, regionCode, after: user });
        return user;
      });
    } catch (e) {
      // Two creates racing for one name: the unique index decides, and the loser hears the same 400.
      if (e instanceof QueryFailedError && constraintOf(e) === 'app_user_username_uq') {
        throw usernameTaken(input.username);
      }
      throw e;
    }
  }

  async list(actor: AuthUser, q: ListUsersQueryDto): Promise<UserListDto> {
    const params: unknown[] = [];
    const where = [this.scope.condition(actor, 'u.region_code', params)];
    if (q.region) {
      // A filter outside the admin's region answers like a region that does not exist.
      if (!this.scope.canAccess(actor, q.region)) throw regionNotFound(q.region);
      const found: unknown[] = await this.db.query('SELECT 1 FROM region WHERE code = $1', [q.region]);
      if (!found.length) throw regionNotFound(q.region);
      params.push(q.region);
      where.push(`(u.region_code >= $${params.length} AND u.region_code < $${params.length} || '/')`);
    }
    if (q.role) {
      params.push(q.role);
      where.push(`u.role = $${params.length}`);
    }
    if (q.active) {
      params.push(q.active === 'true');
      where.push(`u.active = $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.db.query(`SELECT count(*)::int AS total FROM app_user u WHERE ${filter}`, params);
    const rows: UserRow[] = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM app_user u WHERE ${filter}
       ORDER BY u.region_code NULLS FIRST, u.role, lower(u.username)
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    return { items: rows.map(rowToUserDto), total };
  }

  async setActive(actor: AuthUser, id: string, active: boolean, reason?: string): Promise<UserDto> {
    if (!UUID.test(id)) throw userNotFound();
    return this.db.transaction(async (m) => {
      const [row]: UserRow[] = await m.query(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1 FOR UPDATE`, [id]);
      if (!row || !this.canManage(actor, row.region_code)) throw userNotFound();
      if (!active && row.id === actor.id) {
        throw conflict('USER_SELF_DEACTIVATE', 'Anda tidak dapat menonaktifkan akun Anda sendiri');
      }
      if (row.active === active) {
        throw active
          ? conflict('USER_ALREADY_ACTIVE', 'Pengguna ini sudah aktif')
          : conflict('USER_ALREADY_INACTIVE', 'Pengguna ini sudah nonaktif');
      }
      await m.query('UPDATE app_user SET active = $2, updated_at = now() WHERE id = $1', [id, active]);
      // Reactivating must not revive a browser session that deactivation ended.
      if (!active) await this.sessions.revokeAllForUser(id, m);
      const user = { ...rowToUserDto(row), active };
      await this.audit.record(m, {
        actor,
        action: active ? 'user.activate' : 'user.deactivate',
        entity: 'user',
        entityId: id,
        regionCode: row.region_code,
        before: { active: row.active },
        after: { active },
        reason: reason ?? null,
      });
      return user;
    });
  }

  /** A national admin's account is managed only by a national admin; any other by an admin whose region holds it. */
  private canManage(actor: AuthUser, regionCode: string | null): boolean {
    if (regionCode === null) return actor.role === 'admin' && actor.regionCode === null;
    return this.scope.canAccess(actor, regionCode);
  }

  private assertRoleFitsRegion(role: Role, regionCode: string | null): void {
    const need = ROLE_LEVEL[role];
    if (regionCode === null) {
      if (role === 'admin') return;
      throw badRequest('VALIDATION_FAILED', `regionCode wajib diisi untuk peran ${role}`, [
        { field: 'regionCode', message: `peran ${role} memerlukan wilayah tingkat ${LEVEL_LABEL[need]}` },
      ]);
    }
    if (levelOfCode(regionCode) !== need) {
      throw badRequest('USER_ROLE_REGION_MISMATCH', `Peran ${role} harus ditempatkan di wilayah tingkat ${LEVEL_LABEL[need]}`, [
        { field: 'regionCode', message: `peran ${role} memerlukan wilayah tingkat ${LEVEL_LABEL[need]}, bukan ${regionCode}` },
      ]);
    }
  }

  private async assertRegionExists(m: EntityManager, code: string): Promise<void> {
    const found: unknown[] = await m.query('SELECT 1 FROM region WHERE code = $1', [code]);
    if (!found.length) {
      throw badRequest('REGION_UNKNOWN', `Wilayah ${code} tidak terdaftar`, [
        { field: 'regionCode', message: `wilayah ${code} tidak terdaftar; impor data wilayah terlebih dahulu` },
      ]);
    }
  }
}

import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser, Role } from '../../common/auth/auth-user';
import { invalidField } from '../../common/errors/validation';
import { isUuid } from '../../common/ids/uuid';
import { pageOf } from '../../common/pagination/page-query.dto';
import { MutationRunner } from '../../database/mutation-runner';
import { violatedConstraint } from '../../database/pg-errors';
import { Where } from '../../database/sql-where';
import { levelOfCode } from '../regions/region-code';
import { RegionScopeService } from '../regions/region-scope.service';
import type { RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { REGION_ERRORS } from '../regions/regions.errors';
import { User } from './user.entity';
import { rowToUserDto, USER_COLUMNS, UserRow } from './user.mapper';
import type { CreateUserDto, ListUsersQueryDto, UserDto, UserListDto } from './users.dto';
import { USER_ERRORS } from './users.errors';

export type DeactivationListener = (m: EntityManager, userId: string) => Promise<void>;

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

const usernameTaken = (username: string) =>
  USER_ERRORS.error('USERNAME_TAKEN', username).with([
    { field: 'username', message: `nama pengguna ${username} sudah dipakai (huruf besar/kecil tidak dibedakan)` },
  ]);

export type NewUser = Pick<CreateUserDto, 'username' | 'password' | 'fullName' | 'nip' | 'rank' | 'position' | 'role' | 'regionCode'>;

/** Someone named on a record (who created, submitted, approved …). */
export interface Person {
  id: string;
  username: string;
  fullName: string;
}

/** Users: create, list and (de)activate, each within the acting admin's region; and who is who, for the other modules. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly scope: RegionScopeService,
    private readonly regions: RegionsService,
  ) {}

  /**
   * `actor` null is the system itself (demo seed, start-up admin), which may create anything; `action` names the
   * audit event (the start-up admin is 'user.bootstrap_admin').
   */
  async create(actor: AuthUser | null, input: NewUser, action = 'user.create'): Promise<UserDto> {
    const regionCode = input.regionCode ?? null;
    this.assertRoleFitsRegion(input.role, regionCode);
    if (actor) {
      // Route-level role check happened already; here: the new user's region must lie inside the admin's own.
      if (regionCode === null && actor.regionCode !== null) throw USER_ERRORS.error('USER_NATIONAL_ADMIN_FORBIDDEN');
      if (regionCode !== null && !this.scope.canAccess(actor, regionCode)) throw REGION_ERRORS.error('REGION_NOT_FOUND', regionCode);
    }
    // Hashing is slow on purpose: do it before the transaction so no lock waits on it.
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    try {
      const answer = await this.runner.run(actor, async (m) => {
        if (regionCode !== null && !(await this.regions.exists(regionCode, m))) {
          throw REGION_ERRORS.error('REGION_UNKNOWN', regionCode).with([
            { field: 'regionCode', message: `wilayah ${regionCode} tidak terdaftar; impor data wilayah terlebih dahulu` },
          ]);
        }
        if (await this.usernameExists(input.username, m)) throw usernameTaken(input.username);
        const [row]: UserRow[] = await m.query(
          `INSERT INTO app_user AS u (username, password_hash, full_name, nip, rank, position, role, region_code)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${USER_COLUMNS}`,
          [input.username, passwordHash, input.fullName, input.nip ?? null, input.rank ?? null, input.position ?? null, input.role, regionCode],
        );
        const user = rowToUserDto(row);
        return { body: user, audit: { action, entity: 'user', entityId: user.id, regionCode, after: user } };
      });
      return answer.body;
    } catch (e) {
      // Two creates racing for one name: the unique index decides, and the loser hears the same 400.
      if (violatedConstraint(e) === 'app_user_username_uq') throw usernameTaken(input.username);
      throw e;
    }
  }

  async usernameExists(username: string, m = this.db.manager): Promise<boolean> {
    const taken: unknown[] = await m.query('SELECT 1 FROM app_user WHERE lower(username) = lower($1)', [username]);
    return taken.length > 0;
  }

  async list(actor: AuthUser, q: ListUsersQueryDto): Promise<UserListDto> {
    // A filter outside the admin's region answers like a region that does not exist.
    if (q.region) await this.regions.assertVisible(actor, q.region);
    const w = new Where().scope(actor, 'u.region_code').andIf(q.role, 'u.role = ?');
    if (q.region) w.within('u.region_code', q.region);
    if (q.active) w.and('u.active = ?', q.active === 'true');
    const [{ total }]: Array<{ total: number }> = await this.db.query(`SELECT count(*)::int AS total FROM app_user u WHERE ${w.sql}`, w.params);
    const { limit, offset } = pageOf(q);
    const rows: UserRow[] = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM app_user u WHERE ${w.sql}
       ORDER BY u.region_code NULLS FIRST, u.role, lower(u.username)
       LIMIT ${w.param(limit)} OFFSET ${w.param(offset)}`,
      w.params,
    );
    return { items: rows.map(rowToUserDto), total };
  }

  private readonly deactivationListeners: DeactivationListener[] = [];

  /** Called inside the deactivating transaction; the module that keeps something per user (sessions) registers here. */
  onDeactivate(listener: DeactivationListener): void {
    this.deactivationListeners.push(listener);
  }

  async setActive(actor: AuthUser, id: string, active: boolean, reason?: string): Promise<UserDto> {
    if (!isUuid(id)) throw USER_ERRORS.error('USER_NOT_FOUND');
    const answer = await this.runner.run(actor, async (m) => {
      const [row]: UserRow[] = await m.query(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1 FOR UPDATE`, [id]);
      if (!row || !this.canManage(actor, row.region_code)) throw USER_ERRORS.error('USER_NOT_FOUND');
      if (!active && row.id === actor.id) throw USER_ERRORS.error('USER_SELF_DEACTIVATE');
      if (row.active === active) throw USER_ERRORS.error(active ? 'USER_ALREADY_ACTIVE' : 'USER_ALREADY_INACTIVE');
      // A new epoch either way: tokens issued before a deactivation must not come back to life with the account.
      await m.query('UPDATE app_user SET active = $2, token_epoch = token_epoch + 1, updated_at = now() WHERE id = $1', [id, active]);
      // What hangs on the account (browser sessions) ends in the same transaction, so reactivation cannot revive it.
      if (!active) for (const listener of this.deactivationListeners) await listener(m, id);
      return {
        body: { ...rowToUserDto(row), active },
        audit: {
          action: active ? 'user.activate' : 'user.deactivate',
          entity: 'user',
          entityId: id,
          regionCode: row.region_code,
          before: { active: row.active },
          after: { active },
          reason: reason ?? null,
        },
      };
    });
    return answer.body;
  }

  /** The active user's full record (for GET /auth/me), or null. */
  async findActiveRecord(id: string): Promise<User | null> {
    return isUuid(id) ? this.db.getRepository(User).findOneBy({ id, active: true }) : null;
  }

  /**
   * The user and its password hash, for the login check only. `usernameKey` is normaliseUsername's form, compared
   * as it is: PostgreSQL's lower() of the input would fold letters (such as "İ") that the throttle does not.
   */
  async findForLogin(usernameKey: string): Promise<User | null> {
    return this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = :key', { key: usernameKey })
      .getOne();
  }

  /** Who these ids are, for records that name people. */
  async people(ids: Array<string | null>): Promise<Map<string, Person>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (!unique.length) return new Map();
    const rows: Array<{ id: string; username: string; full_name: string }> = await this.db.query(
      `SELECT id, username, full_name FROM app_user WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, username: r.username, fullName: r.full_name }]));
  }

  /** An active user as a caller, whatever its token epoch (a queued report runs as the user who asked for it). */
  async activeUser(id: string): Promise<AuthUser | null> {
    const user = await this.findActiveRecord(id);
    return user ? { id: user.id, username: user.username, fullName: user.fullName, role: user.role, regionCode: user.regionCode } : null;
  }

  /** The caller behind a token or a browser session: an active user whose token epoch is still `epoch`. */
  async activeIdentity(id: string, epoch: number): Promise<AuthUser | null> {
    if (!isUuid(id) || !Number.isSafeInteger(epoch)) return null;
    const rows: Array<{ id: string; username: string; full_name: string; role: Role; region_code: string | null }> = await this.db.query(
      'SELECT id, username, full_name, role, region_code FROM app_user WHERE id = $1 AND active AND token_epoch = $2',
      [id, epoch],
    );
    if (!rows.length) return null;
    const u = rows[0];
    return { id: u.id, username: u.username, fullName: u.full_name, role: u.role, regionCode: u.region_code };
  }

  /** Ends every token and session of the user (inside the caller's transaction); returns the new epoch. */
  async endSessions(m: EntityManager, id: string): Promise<number> {
    return this.nextEpoch(await m.query(
      'UPDATE app_user SET token_epoch = token_epoch + 1, updated_at = now() WHERE id = $1 RETURNING token_epoch',
      [id],
    ));
  }

  /** Replaces the password hash and ends every earlier session; returns the new epoch. */
  async replacePassword(m: EntityManager, id: string, passwordHash: string): Promise<number> {
    return this.nextEpoch(await m.query(
      'UPDATE app_user SET password_hash = $2, token_epoch = token_epoch + 1, updated_at = now() WHERE id = $1 RETURNING token_epoch',
      [id, passwordHash],
    ));
  }

  // An UPDATE … RETURNING through EntityManager.query answers [rows, affected].
  private nextEpoch([rows]: [Array<{ token_epoch: number }>, number]): number {
    if (!rows.length) throw USER_ERRORS.error('USER_NOT_FOUND');
    return rows[0].token_epoch;
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
      throw invalidField('regionCode', `peran ${role} memerlukan wilayah tingkat ${LEVEL_LABEL[need]}`, `regionCode wajib diisi untuk peran ${role}`);
    }
    if (levelOfCode(regionCode) !== need) {
      throw USER_ERRORS.error('USER_ROLE_REGION_MISMATCH', role, LEVEL_LABEL[need]).with([
        { field: 'regionCode', message: `peran ${role} memerlukan wilayah tingkat ${LEVEL_LABEL[need]}, bukan ${regionCode}` },
      ]);
    }
  }
}

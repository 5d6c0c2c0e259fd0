import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { pageOf } from '../../common/pagination/page-query.dto';
import { Where } from '../../database/sql-where';
import { RegionsService } from '../regions/regions.service';
import { AUDIT_AT_SQL } from './audit-hash';
import type { AuditEventDto, AuditPageDto, AuditQueryDto } from './audit.dto';
import { AUDIT_ERRORS } from './audit.errors';
import type { EventRow as AuditRow } from './audit-verifier';

const COLUMNS = `partition, seq, ${AUDIT_AT_SQL('at')} AS at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash`;
// Calendar dates in filters are read in WIB, the users' day.
const WIB = '+07:00';

const toDto = (r: AuditRow): AuditEventDto => ({
  partition: r.partition,
  seq: Number(r.seq),
  at: r.at,
  actorId: r.actor_id,
  actor: r.actor,
  role: r.role,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  regionCode: r.region_code,
  before: r.before,
  after: r.after,
  reason: r.reason,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The API's filters, and who acted (the web's audit page filters by user name too). */
export type AuditFilter = AuditQueryDto & { actor?: string };

const isDateOnly = (s: string) => s.length === 10;
const DAY_MS = 86_400_000;

/** Reading the audit trail: the scoped list (verification is AuditCheckpointService.verify). */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly db: DataSource,
    private readonly regions: RegionsService,
  ) {}

  /**
   * Events the caller may see, newest first. Scope is the event's region code: an event without one (system,
   * national import, national admin's own acts) is visible to the national admin only.
   */
  async list(user: AuthUser, q: AuditFilter): Promise<AuditPageDto> {
    const w = await this.filter(user, q);
    const { limit, offset } = pageOf(q);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_event WHERE ${w.sql}`, w.params);
    const rows: AuditRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM audit_event WHERE ${w.sql} ORDER BY id DESC LIMIT ${w.param(limit)} OFFSET ${w.param(offset)}`,
      w.params,
    );
    return { items: rows.map(toDto), total };
  }

  /**
   * The whole filtered slice, newest first, in one read (no paging, so it is the listing's rows exactly): for an
   * export. At most `max` rows; `total` says how many the filter matched.
   */
  async slice(user: AuthUser, q: AuditFilter, max: number): Promise<AuditPageDto> {
    const w = await this.filter(user, q);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_event WHERE ${w.sql}`, w.params);
    const rows: AuditRow[] = await this.db.query(`SELECT ${COLUMNS} FROM audit_event WHERE ${w.sql} ORDER BY id DESC LIMIT ${w.param(max)}`, w.params);
    return { items: rows.map(toDto), total };
  }

  private async filter(user: AuthUser, q: AuditFilter): Promise<Where> {
    const w = new Where().scope(user, 'region_code');
    if (q.region !== undefined) {
      await this.regions.assertVisible(user, q.region);
      w.within('region_code', q.region);
    }
    // A date 'from' starts at 00:00 WIB; a date 'to' includes its whole day; a timestamp is taken as given.
    const from = q.from === undefined ? undefined : isDateOnly(q.from) ? `${q.from}T00:00:00${WIB}` : q.from;
    const toExclusive = q.to !== undefined && isDateOnly(q.to);
    // The day after a date 'to' is the database's to compute: in text it has no form for 9999-12-31.
    const toMs = q.to === undefined ? undefined : toExclusive ? Date.parse(`${q.to}T00:00:00${WIB}`) + DAY_MS : Date.parse(q.to);
    if (from && toMs !== undefined && (toExclusive ? Date.parse(from) >= toMs : Date.parse(from) > toMs)) {
      throw AUDIT_ERRORS.error('AUDIT_RANGE_INVALID').with([{ field: 'to', message: 'to harus sama dengan atau sesudah from' }]);
    }
    w.andIf(from, 'at >= ?::timestamptz')
      .andIf(q.to, toExclusive ? `at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta'` : 'at <= ?::timestamptz')
      .andIf(q.entity, 'entity = ?')
      .andIf(q.action, 'action = ?')
      .andIf(q.entityId, 'entity_id = ?')
      .andIf(q.actor, 'actor = ?');
    return w;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { badRequest, notFound } from '../../common/errors/app-error';
import { RegionScopeService } from '../regions/region-scope.service';
import { AUDIT_AT_SQL, AuditContent, GENESIS_HASH, hashEvent } from './audit-hash';
import type { AuditEventDto, AuditPageDto, AuditQueryDto, AuditVerifyDto } from './audit.dto';

interface AuditRow {
  seq: string;
  at: string;
  actor_id: string | null;
  actor: string;
  role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  region_code: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

const COLUMNS = `seq, ${AUDIT_AT_SQL('at')} AS at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash`;
// Rows per round trip while verifying: memory stays flat however long the chain grows.
export const VERIFY_BATCH = 2000;
// Calendar dates in filters are read in WIB, the users' day.
const WIB = '+07:00';

function contentOf(r: AuditRow): AuditContent {
  return {
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
  };
}

const toDto = (r: AuditRow): AuditEventDto => ({ ...contentOf(r), prevHash: r.prev_hash, hash: r.hash });

const isDateOnly = (s: string) => s.length === 10;
const DAY_MS = 86_400_000;

/** Reading the audit trail: the scoped list and the verification of the whole chain. */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: RegionScopeService,
  ) {}

  /**
   * Events the caller may see, newest first. Scope is the event's region code: an event without one (system,
   * national import, national admin's own acts) is visible to the national admin only.
   */
  async list(user: AuthUser, q: AuditQueryDto): Promise<AuditPageDto> {
    const params: unknown[] = [];
    const where = [this.scope.condition(user, 'region_code', params)];
    if (q.region !== undefined) {
      await this.assertRegion(user, q.region);
      params.push(q.region);
      where.push(`(region_code >= $${params.length} AND region_code < $${params.length} || '/')`);
    }
    // A date 'from' starts at 00:00 WIB; a date 'to' includes its whole day; a timestamp is taken as given.
    const from = q.from === undefined ? undefined : isDateOnly(q.from) ? `${q.from}T00:00:00${WIB}` : q.from;
    const toExclusive = q.to !== undefined && isDateOnly(q.to);
    // The day after a date 'to' is the database's to compute: in text it has no form for 9999-12-31.
    const toMs = q.to === undefined ? undefined : toExclusive ? Date.parse(`${q.to}T00:00:00${WIB}`) + DAY_MS : Date.parse(q.to);
    if (from && toMs !== undefined && (toExclusive ? Date.parse(from) >= toMs : Date.parse(from) > toMs)) {
      throw badRequest('AUDIT_RANGE_INVALID', 'Tanggal "from" tidak boleh sesudah tanggal "to"', [
        { field: 'to', message: 'to harus sama dengan atau sesudah from' },
      ]);
    }
    if (from) {
      params.push(from);
      where.push(`at >= $${params.length}::timestamptz`);
    }
    if (q.to !== undefined) {
      params.push(q.to);
      where.push(toExclusive ? `at < ($${params.length}::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta'` : `at <= $${params.length}::timestamptz`);
    }
    for (const [value, column] of [[q.entity, 'entity'], [q.action, 'action'], [q.entityId, 'entity_id']] as const) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    }
    const pageSize = q.pageSize ?? 50;
    const page = q.page ?? 1;
    const whereSql = where.join(' AND ');
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_event WHERE ${whereSql}`, params);
    const rows: AuditRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM audit_event WHERE ${whereSql} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toDto), total };
  }

  /**
   * Recomputes the whole chain in seq order, batch by batch, inside one read-only snapshot. Answers about the
   * global chain with sequence numbers and hashes only, never another region's content.
   */
  async verify(): Promise<AuditVerifyDto> {
    const qr = this.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query('SET TRANSACTION READ ONLY');
      const [{ events }] = await qr.query('SELECT count(*)::int AS events FROM audit_event');
      const [last] = await qr.query('SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1');
      const head: string = last?.hash ?? GENESIS_HASH;
      let expectedSeq = 1;
      let prev = GENESIS_HASH;
      for (;;) {
        const rows: AuditRow[] = await qr.query(`SELECT ${COLUMNS} FROM audit_event WHERE seq >= $1 ORDER BY seq LIMIT $2`, [
          expectedSeq,
          VERIFY_BATCH,
        ]);
        if (!rows.length) break;
        for (const r of rows) {
          const broken = (problem: string, brokenAt: number) => ({ valid: false, events, head, brokenAt, problem });
          // A missing seq (or a chain not starting at 1) breaks at the first seq that should be there.
          if (Number(r.seq) !== expectedSeq) return broken('SEQ_GAP', expectedSeq);
          if (r.prev_hash !== prev) return broken('PREV_HASH_MISMATCH', expectedSeq);
          if (hashEvent(contentOf(r), prev) !== r.hash) return broken('HASH_MISMATCH', expectedSeq);
          prev = r.hash;
          expectedSeq++;
        }
      }
      return { valid: true, events, head };
    } finally {
      await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
    }
  }

  private async assertRegion(user: AuthUser, code: string): Promise<void> {
    this.scope.assertAccess(user, code, 'REGION_NOT_FOUND', `Wilayah ${code} tidak ditemukan`);
    const [row] = await this.db.query('SELECT 1 AS ok FROM region WHERE code = $1', [code]);
    if (!row) throw notFound('REGION_NOT_FOUND', `Wilayah ${code} tidak ditemukan`);
  }
}

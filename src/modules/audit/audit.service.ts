import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AUDIT_AT_SQL, AUDIT_HASH_SQL, AuditBody, canonicalJson, GENESIS_HASH, partitionOf, storableJson, storableText, storableTextOrNull } from './audit-hash';

export interface AuditInput {
  /** null for the system itself (seed, bootstrap, import by CLI) */
  actor: AuthUser | null;
  action: string; // e.g. 'plan.submit'
  entity: string; // e.g. 'plan'
  entityId?: string | null;
  /** The region the event belongs to; it decides who sees the event in GET /api/audit (null: national admin only). */
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface RecordedEvent {
  partition: string;
  seq: number;
  hash: string;
}

// One statement appends: it takes the partition's head row lock (held until commit, so appends within one kab/kota
// are serialised and gapless while other partitions proceed), moves the head, and inserts the event hashed in SQL.
const AT = `date_trunc('milliseconds', statement_timestamp())`;
const APPEND_SQL = `
  WITH p AS (
    UPDATE audit_partition
       SET seq = seq + 1, prev_head = head, head = ${AUDIT_HASH_SQL('head', 'partition', 'seq + 1', AUDIT_AT_SQL(AT), '$2')}
     WHERE partition = $1
     RETURNING seq, prev_head, head)
  INSERT INTO audit_event (partition, seq, at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash)
  SELECT $1, p.seq, ${AT}, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, p.prev_head, p.head FROM p
  RETURNING seq, hash`;

@Injectable()
export class AuditService {
  /**
   * `statement` (its rows giving entity_id, region_code, before, after and reason, as text and jsonb) with, for each row, its event
   * appended by audit_append (migration 1765800000000) in the same statement, after the statement's own work: the
   * partition's head row lock is then held only until the statement commits. `params` are the statement's; the
   * actor's and the action's come after them.
   */
  appendingStatement(statement: string, params: unknown[], event: { actor: AuthUser | null; action: string; entity: string }): { sql: string; params: unknown[] } {
    const n = params.length;
    const sql = `WITH w AS MATERIALIZED (${statement})
      SELECT w.*, a.partition AS audit_partition, a.seq AS audit_seq, a.hash AS audit_hash
        FROM w CROSS JOIN LATERAL audit_append($${n + 1}::uuid, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, w.entity_id, w.region_code, w.before, w.after, w.reason) a`;
    const actor = event.actor;
    return {
      sql,
      params: [
        ...params, actor?.id ? actor.id.toLowerCase() : null, storableText(actor?.username ?? 'sistem'), actor?.role ?? null,
        storableText(event.action), storableText(event.entity),
      ],
    };
  }

  /**
   * Appends an event inside the caller's transaction (pass its EntityManager): if the mutation rolls back,
   * so does its event. Call it last in the transaction, so the partition's head row stays locked only until commit.
   * Under REPEATABLE READ / SERIALIZABLE a head moved since the snapshot fails as a serialisation failure
   * (SQLSTATE 40001), which the caller retries like any other.
   */
  async record(manager: EntityManager, input: AuditInput): Promise<RecordedEvent> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record must run inside the mutation transaction');
    }
    const partition = partitionOf(input.regionCode);
    const body: AuditBody = {
      // The actor id in the canonical text form the uuid column gives back (lower case, hyphenated).
      actorId: input.actor?.id ? input.actor.id.toLowerCase() : null,
      actor: storableText(input.actor?.username ?? 'sistem'),
      role: input.actor?.role ?? null,
      action: storableText(input.action),
      entity: storableText(input.entity),
      entityId: storableTextOrNull(input.entityId),
      regionCode: input.regionCode ?? null,
      // Normalised so the hashed value is exactly what jsonb gives back (no Dates, no undefined, no bigint).
      before: storableJson(input.before),
      after: storableJson(input.after),
      reason: storableTextOrNull(input.reason),
    };
    const params = [
      partition, canonicalJson(body), body.actorId, body.actor, body.role, body.action, body.entity, body.entityId, body.regionCode,
      body.before === null ? null : JSON.stringify(body.before),
      body.after === null ? null : JSON.stringify(body.after),
      body.reason,
    ];
    let rows: Array<{ seq: string; hash: string }> = await manager.query(APPEND_SQL, params);
    if (!rows.length) {
      // The first event of a partition: its head row is made once (a concurrent maker wins, ours does nothing).
      await manager.query(
        `INSERT INTO audit_partition (partition, seq, head, prev_head) VALUES ($1, 0, $2, $2) ON CONFLICT (partition) DO NOTHING`,
        [partition, GENESIS_HASH],
      );
      rows = await manager.query(APPEND_SQL, params);
    }
    return { partition, seq: Number(rows[0].seq), hash: rows[0].hash };
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AUDIT_AT_SQL, AuditContent, GENESIS_HASH, hashEvent, storableJson, storableText, storableTextOrNull } from './audit-hash';

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

// One lock for the whole chain: appends are serialised so the chain stays a single line.
export const AUDIT_CHAIN_LOCK = 7_310_001;

@Injectable()
export class AuditService {
  /**
   * Appends an event inside the caller's transaction (pass its EntityManager): if the mutation rolls back,
   * so does its event. Call it last in the transaction, so the chain lock is held only until commit.
   * Under REPEATABLE READ / SERIALIZABLE the head read after the lock can be stale; the append then fails as a
   * serialisation failure (SQLSTATE 40001), which the caller retries like any other.
   */
  async record(manager: EntityManager, input: AuditInput): Promise<{ seq: number; hash: string }> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record must run inside the mutation transaction');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    // The database clock, read after the lock, keeps `at` in seq order; truncated to ms so the text round-trips.
    // The actor id in the canonical text form the uuid column gives back (lower case, hyphenated).
    const [head]: Array<{ seq: string | null; hash: string | null; at: string; actor_id: string | null }> = await manager.query(
      `SELECT h.seq, h.hash, ${AUDIT_AT_SQL("date_trunc('milliseconds', clock_timestamp())")} AS at, $1::uuid::text AS actor_id
         FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1) h ON TRUE`,
      [input.actor?.id ?? null],
    );
    const prevHash = head.hash ?? GENESIS_HASH;
    const content: AuditContent = {
      seq: head.seq === null ? 1 : Number(head.seq) + 1,
      at: head.at,
      actorId: head.actor_id,
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
    const hash = hashEvent(content, prevHash);
    try {
      await manager.query(
        `INSERT INTO audit_event (seq, at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          content.seq, content.at, content.actorId, content.actor, content.role, content.action, content.entity,
          content.entityId, content.regionCode,
          content.before === null ? null : JSON.stringify(content.before),
          content.after === null ? null : JSON.stringify(content.after),
          content.reason, prevHash, hash,
        ],
      );
    } catch (e) {
      // A taken seq means this transaction's snapshot predates the last append (repeatable read): retryable.
      const err = e as { code?: string; constraint?: string };
      if (e instanceof QueryFailedError && err.code === '23505' && err.constraint === 'audit_event_pk') {
        throw new QueryFailedError(e.query, e.parameters, Object.assign(new Error('audit chain head moved; retry the transaction'), { code: '40001' }));
      }
      throw e;
    }
    return { seq: content.seq, hash };
  }
}

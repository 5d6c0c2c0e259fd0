import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AuditContent, GENESIS_HASH, hashEvent } from './audit-hash';

export interface AuditInput {
  /** null for the system itself (seed, bootstrap, import by CLI) */
  actor: AuthUser | null;
  action: string; // e.g. 'plan.submit'
  entity: string; // e.g. 'plan'
  entityId?: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

// One lock for the whole chain: appends are serialised so the chain stays a single line.
const AUDIT_CHAIN_LOCK = 7_310_001;

@Injectable()
export class AuditService {
  /**
   * Appends an event inside the caller's transaction (pass its EntityManager): if the mutation rolls back,
   * so does its event. Call it last in the transaction, so the chain lock is held only until commit.
   */
  async record(manager: EntityManager, input: AuditInput): Promise<{ seq: number; hash: string }> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record must run inside the mutation transaction');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const last: Array<{ seq: string; hash: string }> = await manager.query(
      'SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1',
    );
    const prevHash = last.length ? last[0].hash : GENESIS_HASH;
    const content: AuditContent = {
      seq: last.length ? Number(last[0].seq) + 1 : 1,
      at: new Date().toISOString(),
      actorId: input.actor?.id ?? null,
      actor: input.actor?.username ?? 'sistem',
      role: input.actor?.role ?? null,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId ?? null,
      regionCode: input.regionCode ?? null,
      // Round-trip through JSON so the hashed value is exactly what jsonb will give back (no Dates, no undefined).
      before: input.before === undefined ? null : JSON.parse(JSON.stringify(input.before)),
      after: input.after === undefined ? null : JSON.parse(JSON.stringify(input.after)),
      reason: input.reason ?? null,
    };
    const hash = hashEvent(content, prevHash);
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
    return { seq: content.seq, hash };
  }
}

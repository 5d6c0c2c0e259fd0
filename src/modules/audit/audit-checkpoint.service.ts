import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { PartitionHead, SignedCheckpoint, signCheckpoint } from './audit-checkpoint';
import { canonicalJson, GENESIS_HASH } from './audit-hash';
import { resolveSigningKey, SigningKey } from './audit-signing-key';
import { verifyAuditTrail, VerifyReport } from './audit-verifier';
import type { CheckpointListDto, CheckpointRefDto, PublicKeyDto } from './audit.dto';
import { AuditService } from './audit.service';
import { CONSISTENCY_CHECKS, FACT_SOURCES } from './verification-registry';

// Checkpoints are signed one at a time, so each names the one before it.
const CHECKPOINT_LOCK = 7_310_003;

interface CheckpointRow {
  seq: string;
  signed_at: string;
  events: string;
  partitions: Record<string, PartitionHead>;
  prev_hash: string;
  key_id: string;
  hash: string;
  signature: string;
}

const CHECKPOINT_COLUMNS = `seq, to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at, events, partitions,
  prev_hash, key_id, hash, signature`;

const toCheckpoint = (r: CheckpointRow): SignedCheckpoint => ({
  seq: Number(r.seq),
  signedAt: r.signed_at,
  events: Number(r.events),
  partitions: r.partitions,
  prevHash: r.prev_hash,
  keyId: r.key_id,
  hash: r.hash,
  signature: r.signature,
});

/** Where an event sits, and the first signed checkpoint that covers it (null until one is signed). */
export interface EventCoverage {
  partition: string;
  seq: number;
  checkpoint: CheckpointRefDto | null;
  /** What the event says the entity was (its `after`), to compare with the row. */
  after: unknown;
}

/**
 * Signed checkpoints over the partitioned chains (per partition: event count and head hash; the time; the previous
 * checkpoint's hash), signed with Ed25519 at an interval and on demand; and the one verification of the trail.
 */
@Injectable()
export class AuditCheckpointService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditCheckpointService.name);
  private readonly key: SigningKey;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.key = resolveSigningKey(config);
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS;
    if (!seconds) return;
    // TODO(#10): move onto the job queue once it lands, so one instance signs per interval.
    this.timer = setInterval(() => {
      this.sign(null, { onlyIfChanged: true }).catch((e) => this.logger.error(`checkpoint gagal: ${(e as Error).message}`));
    }, seconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  publicKey(): PublicKeyDto {
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKeyPem: this.key.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }

  /**
   * Signs the chains as committed now; a damaged partition keeps its last signed state (see below). With
   * onlyIfChanged, nothing is signed when no chain moved.
   * An admin's checkpoint is itself an audit event (after the heads it signs); the interval's is not.
   */
  async sign(actor: AuthUser | null, opts: { onlyIfChanged?: boolean } = {}): Promise<SignedCheckpoint | null> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
      const [last]: CheckpointRow[] = await m.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY seq DESC LIMIT 1`);
      // Per partition: its head row, the event at that head, and the event where the last checkpoint left it.
      const rows: Array<{ partition: string; seq: string; head: string; event_hash: string | null; cp_events: string | null; cp_head: string | null; cp_event_hash: string | null }> =
        await m.query(
          `SELECT p.partition, p.seq, p.head, e.hash AS event_hash, h.events AS cp_events, h.head AS cp_head, e2.hash AS cp_event_hash
             FROM audit_partition p
             LEFT JOIN audit_event e ON e.partition = p.partition AND e.seq = p.seq
             LEFT JOIN audit_checkpoint_head h ON h.checkpoint_seq = $1 AND h.partition = p.partition
             LEFT JOIN audit_event e2 ON e2.partition = p.partition AND e2.seq = h.events
            WHERE p.seq > 0 ORDER BY p.partition`,
          [last?.seq ?? 0],
        );
      // A chain that no longer ends at its head row, or no longer reaches what the last checkpoint signed, is not
      // sealed again: it stays at its last signed state (and verification reports it) while the others move on.
      const partitions: Record<string, PartitionHead> = { ...(last?.partitions ?? {}) };
      const pinned: string[] = [];
      for (const r of rows) {
        const whole = r.event_hash === r.head && (r.cp_events === null || (Number(r.seq) >= Number(r.cp_events) && r.cp_event_hash === r.cp_head));
        if (whole) partitions[r.partition] = { events: Number(r.seq), head: r.head };
        else pinned.push(r.partition);
      }
      if (pinned.length) this.logger.warn(`checkpoint: rantai ${pinned.join(', ')} tidak utuh; tetap pada checkpoint sebelumnya`);
      const heads = Object.entries(partitions)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([partition, h]) => ({ partition, seq: h.events, head: h.head }));
      if (opts.onlyIfChanged && last && canonicalJson(last.partitions) === canonicalJson(partitions)) return null;
      const checkpoint = signCheckpoint(
        {
          seq: last ? Number(last.seq) + 1 : 1,
          signedAt: new Date().toISOString(),
          events: heads.reduce((n, h) => n + Number(h.seq), 0),
          partitions,
          prevHash: last?.hash ?? GENESIS_HASH,
          keyId: this.key.keyId,
        },
        this.key.privateKey,
      );
      await m.query(
        `INSERT INTO audit_checkpoint (seq, signed_at, events, partitions, prev_hash, key_id, hash, signature)
         VALUES ($1, $2::timestamptz, $3, $4::jsonb, $5, $6, $7, $8)`,
        [checkpoint.seq, checkpoint.signedAt, checkpoint.events, JSON.stringify(partitions), checkpoint.prevHash, checkpoint.keyId, checkpoint.hash, checkpoint.signature],
      );
      await m.query(
        `INSERT INTO audit_checkpoint_head (checkpoint_seq, partition, events, head)
         SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[])`,
        [checkpoint.seq, heads.map((h) => h.partition), heads.map((h) => h.seq), heads.map((h) => h.head)],
      );
      if (actor) {
        await this.audit.record(m, {
          actor, action: 'audit.checkpoint', entity: 'audit_checkpoint', entityId: String(checkpoint.seq), regionCode: null,
          after: { seq: checkpoint.seq, hash: checkpoint.hash, events: checkpoint.events, keyId: checkpoint.keyId },
        });
      }
      return checkpoint;
    });
  }

  /** Every checkpoint after `after`, oldest first, with the key that verifies them: the file an auditor keeps. */
  async list(after = 0, limit = 1000): Promise<CheckpointListDto> {
    const rows: CheckpointRow[] = await this.db.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, limit]);
    return { items: rows.map(toCheckpoint), publicKey: this.publicKey() };
  }

  /** The event that created an entity (e.g. document.issue of a number) and the first checkpoint covering it. */
  async coverage(entity: string, entityId: string, action: string): Promise<EventCoverage | null> {
    const [row]: Array<{ partition: string; seq: string; after: unknown; cp_seq: string | null; signed_at: string | null; hash: string | null }> = await this.db.query(
      `SELECT a.partition, a.seq, a.after, c.seq AS cp_seq, to_char(c.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at, c.hash
         FROM audit_event a
         LEFT JOIN LATERAL (SELECT h.checkpoint_seq FROM audit_checkpoint_head h
                             WHERE h.partition = a.partition AND h.events >= a.seq ORDER BY h.checkpoint_seq LIMIT 1) h ON TRUE
         LEFT JOIN audit_checkpoint c ON c.seq = h.checkpoint_seq
        WHERE a.entity = $1 AND a.entity_id = $2 AND a.action = $3
        ORDER BY a.at LIMIT 1`,
      [entity, entityId, action],
    );
    if (!row) return null;
    return {
      partition: row.partition,
      seq: Number(row.seq),
      checkpoint: row.cp_seq === null ? null : { seq: Number(row.cp_seq), signedAt: row.signed_at!, hash: row.hash! },
      after: row.after,
    };
  }

  /** GET /api/audit/verify: the chains, the checkpoints (this instance's key), the facts and the totals, in one report. */
  verify(): Promise<VerifyReport> {
    return verifyAuditTrail(this.db, {
      trustedKeys: new Map([[this.key.keyId, this.key.publicKey]]),
      factSources: FACT_SOURCES,
      checks: CONSISTENCY_CHECKS,
    });
  }
}

import { createHash, KeyObject } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { ConsistencyCheck, FactSource } from './audit-facts';
import { checkpointProblem, PartitionHead, SignedCheckpoint } from './audit-checkpoint';
import { AUDIT_AT_SQL, AuditBody, canonicalJson, GENESIS_HASH, hashEvent, hashLegacyEvent } from './audit-hash';

export type ProblemKind =
  | 'EVENT_CHANGED'
  | 'PREV_HASH_MISMATCH'
  | 'SEQ_GAP'
  | 'HEAD_ROW_MISMATCH'
  | 'CHECKPOINT_NOT_REACHED'
  | 'CHECKPOINT_HEAD_MISMATCH'
  | 'CHECKPOINT_HASH_MISMATCH'
  | 'CHECKPOINT_KEY_UNKNOWN'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_CHAIN_BROKEN'
  | 'CHECKPOINT_MISSING'
  | 'LEGACY_CHAIN_BROKEN'
  | 'FACT_WITHOUT_EVENT'
  | 'FACT_DIFFERS_FROM_EVENT'
  | 'FACT_MISSING'
  | 'CHECK_FAILED';

export interface VerifyProblem {
  kind: ProblemKind;
  partition?: string;
  seq?: number;
  checkpoint?: number;
  table?: string;
  id?: string;
  check?: string;
  message: string;
  [detail: string]: unknown;
}

export interface PartitionReport {
  partition: string;
  events: number;
  head: string;
  valid: boolean;
  /** The newest signed checkpoint's count for this partition (0 when none covers it). */
  checkpointed: number;
}

export interface VerifyReport {
  valid: boolean;
  events: number;
  /** SHA-256 over every partition's count and head (canonical JSON): one value that changes with any append. */
  head: string;
  /** The first problem, as the single-chain answer named it. */
  brokenAt?: number;
  partition?: string;
  problem?: ProblemKind;
  partitions: PartitionReport[];
  checkpoints: { count: number; valid: boolean; latest: { seq: number; signedAt: string; hash: string } | null };
  facts: Array<{ table: string; rows: number; events: number; problems: number }>;
  checks: Array<{ name: string; consistent: boolean; detail: unknown }>;
  legacy: { events: number; head: string; valid: boolean } | null;
  problems: VerifyProblem[];
  /** Problems found in all; `problems` lists at most MAX_PROBLEMS of them. */
  problemCount: number;
}

export interface VerifyOptions {
  /** Public keys trusted to sign checkpoints, by key id. */
  trustedKeys: Map<string, KeyObject>;
  /** Checkpoints an auditor kept outside the database: each must still be in it, and the chains must still reach it. */
  keptCheckpoints?: SignedCheckpoint[];
  factSources: FactSource[];
  checks: ConsistencyCheck[];
}

export const VERIFY_BATCH = 5000;
const MAX_PROBLEMS = 500;
const FACT_PROBLEMS_PER_TABLE = 100;

/** An audit_event row as SELECT * gives it back (bigint seq as text, jsonb parsed). */
export interface EventRow {
  partition: string;
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

const EVENT_COLUMNS = `partition, seq, ${AUDIT_AT_SQL('at')} AS at, actor_id, actor, role, action, entity, entity_id, region_code,
  before, after, reason, prev_hash, hash`;

export const eventBody = (r: Omit<EventRow, 'partition' | 'seq' | 'at' | 'prev_hash' | 'hash'>): AuditBody => ({
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
});

/** The tree head: one hash over every partition's state, as a checkpoint would sign it. */
export function treeHead(partitions: Record<string, PartitionHead>): string {
  return createHash('sha256').update(canonicalJson(partitions), 'utf8').digest('hex');
}

/**
 * Verifies everything the audit trail vouches for, inside one read-only snapshot: every partition's chain, every
 * checkpoint's signature and chain, that the chains still reach every signed checkpoint (truncation), the events
 * carried over from the former single chain, and the registered facts and consistency checks. Runs from the API
 * and from the CLI against a copy of the database, with nothing but public keys and kept checkpoints.
 */
export async function verifyAuditTrail(db: DataSource, opts: VerifyOptions): Promise<VerifyReport> {
  const qr = db.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction('REPEATABLE READ');
    await qr.query('SET TRANSACTION READ ONLY');
    return await new Verification(qr, opts).run();
  } finally {
    await qr.rollbackTransaction().catch(() => undefined);
    await qr.release();
  }
}

class Verification {
  private readonly problems: VerifyProblem[] = [];
  private problemCount = 0;
  /** partition → seq → what signed checkpoints say that event's hash is. */
  private readonly expected = new Map<string, Map<number, { head: string; checkpoint: number }>>();

  constructor(
    private readonly qr: QueryRunner,
    private readonly opts: VerifyOptions,
  ) {}

  private report(p: VerifyProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }

  async run(): Promise<VerifyReport> {
    const checkpoints = await this.checkpoints();
    const { partitions, events } = await this.chains();
    const legacy = await this.legacyChain();
    const facts = [];
    for (const source of this.opts.factSources) facts.push(await this.facts(source));
    const checks = [];
    for (const check of this.opts.checks) {
      const r = await check.run(this.qr.manager);
      for (const p of r.problems) this.report({ kind: 'CHECK_FAILED', check: check.name, ...p });
      checks.push({ name: check.name, consistent: r.consistent, detail: r.detail });
    }
    const heads: Record<string, PartitionHead> = {};
    for (const p of partitions) heads[p.partition] = { events: p.events, head: p.head };
    const first = this.problems[0];
    return {
      valid: this.problemCount === 0,
      events,
      head: treeHead(heads),
      ...(first ? { brokenAt: first.seq ?? first.checkpoint ?? 0, partition: first.partition, problem: first.kind } : {}),
      partitions,
      checkpoints,
      facts,
      checks,
      legacy,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }

  /** Every stored checkpoint, and every kept one: signature, hash, the chain of checkpoints; their heads become expectations. */
  private async checkpoints(): Promise<VerifyReport['checkpoints']> {
    const rows: Array<{ seq: string; signed_at: string; events: string; partitions: Record<string, PartitionHead>; prev_hash: string; key_id: string; hash: string; signature: string }> =
      await this.qr.query(
        `SELECT seq, to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at, events, partitions, prev_hash,
                key_id, hash, signature FROM audit_checkpoint ORDER BY seq`,
      );
    const stored: SignedCheckpoint[] = rows.map((r) => ({
      seq: Number(r.seq), signedAt: r.signed_at, events: Number(r.events), partitions: r.partitions, prevHash: r.prev_hash,
      keyId: r.key_id, hash: r.hash, signature: r.signature,
    }));
    const problemsBefore = this.problemCount;
    let prev: SignedCheckpoint | undefined;
    for (const c of stored) {
      const expectedSeq = (prev?.seq ?? 0) + 1;
      if (c.seq !== expectedSeq) {
        this.report({ kind: 'CHECKPOINT_CHAIN_BROKEN', checkpoint: expectedSeq, message: `checkpoint ${expectedSeq} sampai ${c.seq - 1} hilang` });
      } else if (c.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
        this.report({ kind: 'CHECKPOINT_CHAIN_BROKEN', checkpoint: c.seq, message: `checkpoint ${c.seq} tidak merujuk hash checkpoint sebelumnya` });
      }
      prev = c;
      this.expect(c, 'tersimpan');
    }
    const bySeq = new Map(stored.map((c) => [c.seq, c]));
    for (const kept of this.opts.keptCheckpoints ?? []) {
      if (!this.expect(kept, 'yang disimpan auditor')) continue;
      const s = bySeq.get(kept.seq);
      if (!s || s.hash !== kept.hash) {
        this.report({ kind: 'CHECKPOINT_MISSING', checkpoint: kept.seq, message: `checkpoint ${kept.seq} yang disimpan auditor ${s ? 'diganti' : 'tidak ada lagi'} di basis data` });
      }
    }
    const last = stored[stored.length - 1];
    return {
      count: stored.length,
      valid: this.problemCount === problemsBefore,
      latest: last ? { seq: last.seq, signedAt: last.signedAt, hash: last.hash } : null,
    };
  }

  /** A checkpoint's heads as expectations on the chains, if its signature holds; false when it does not. */
  private expect(c: SignedCheckpoint, where: string): boolean {
    const bad = checkpointProblem(c, this.opts.trustedKeys);
    if (bad) {
      const why = { CHECKPOINT_HASH_MISMATCH: 'isinya tidak sesuai hash-nya', CHECKPOINT_KEY_UNKNOWN: `ditandatangani kunci ${c.keyId} yang tidak dipercaya`, CHECKPOINT_SIGNATURE_INVALID: 'tanda tangannya tidak sah' }[bad];
      this.report({ kind: bad, checkpoint: c.seq, message: `checkpoint ${where} ${c.seq} ${why}` });
      return false;
    }
    for (const [partition, h] of Object.entries(c.partitions)) {
      if (h.events <= 0) continue;
      let m = this.expected.get(partition);
      if (!m) this.expected.set(partition, (m = new Map()));
      if (!m.has(h.events)) m.set(h.events, { head: h.head, checkpoint: c.seq });
    }
    return true;
  }

  /** Every partition's chain in (partition, seq) order, batch by batch. */
  private async chains(): Promise<{ partitions: PartitionReport[]; events: number }> {
    const reports = new Map<string, PartitionReport>();
    let cur: { partition: string; seq: number; prev: string; valid: boolean } | undefined;
    let total = 0;
    const close = () => {
      if (!cur) return;
      reports.set(cur.partition, { partition: cur.partition, events: cur.seq, head: cur.prev, valid: cur.valid, checkpointed: 0 });
    };
    for (let after: [string, number] = ['', 0]; ; ) {
      const rows: EventRow[] = await this.qr.query(
        `SELECT ${EVENT_COLUMNS} FROM audit_event WHERE (partition, seq) > ($1, $2) ORDER BY partition, seq LIMIT $3`,
        [after[0], after[1], VERIFY_BATCH],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const seq = Number(r.seq);
        if (cur?.partition !== r.partition) {
          close();
          cur = { partition: r.partition, seq: 0, prev: GENESIS_HASH, valid: true };
        }
        const c = cur;
        const bad = (kind: ProblemKind, at: number, message: string, extra: Record<string, unknown> = {}) => {
          c.valid = false;
          this.report({ kind, partition: c.partition, seq: at, message, ...extra });
        };
        if (seq !== c.seq + 1) {
          bad('SEQ_GAP', c.seq + 1, `partisi ${c.partition}: peristiwa ${c.seq + 1}${seq - 1 > c.seq + 1 ? ` sampai ${seq - 1}` : ''} hilang`, { missing: seq - c.seq - 1 });
        } else if (r.prev_hash !== c.prev) {
          bad('PREV_HASH_MISMATCH', seq, `partisi ${c.partition}: peristiwa ${seq} tidak merujuk hash peristiwa sebelumnya`);
        }
        if (hashEvent(r.partition, seq, r.at, eventBody(r), r.prev_hash) !== r.hash) {
          bad('EVENT_CHANGED', seq, `partisi ${c.partition}: isi peristiwa ${seq} tidak sesuai hash-nya (diubah)`);
        }
        const exp = this.expected.get(c.partition)?.get(seq);
        if (exp && exp.head !== r.hash) {
          bad('CHECKPOINT_HEAD_MISMATCH', seq, `partisi ${c.partition}: peristiwa ${seq} berbeda dari yang ditandatangani checkpoint ${exp.checkpoint} (rantai ditulis ulang)`, { checkpoint: exp.checkpoint });
        }
        c.seq = seq;
        c.prev = r.hash;
        total++;
        after = [r.partition, seq];
      }
    }
    close();

    // Truncation: a signed checkpoint counted more events than the chain now has.
    for (const [partition, m] of this.expected) {
      const rep = reports.get(partition) ?? { partition, events: 0, head: GENESIS_HASH, valid: true, checkpointed: 0 };
      reports.set(partition, rep);
      for (const [events, exp] of m) {
        rep.checkpointed = Math.max(rep.checkpointed, events);
        if (events > rep.events) {
          rep.valid = false;
          this.report({
            kind: 'CHECKPOINT_NOT_REACHED', partition, seq: events, checkpoint: exp.checkpoint, events: rep.events,
            message: `partisi ${partition}: checkpoint ${exp.checkpoint} mencatat ${events} peristiwa, rantai kini hanya ${rep.events} (peristiwa terbaru dihapus)`,
          });
        }
      }
    }
    // The head rows the appends move: a chain shorter than its head row lost its newest events.
    const heads: Array<{ partition: string; seq: string; head: string }> = await this.qr.query('SELECT partition, seq, head FROM audit_partition');
    for (const h of heads) {
      const rep = reports.get(h.partition) ?? { partition: h.partition, events: 0, head: GENESIS_HASH, valid: true, checkpointed: 0 };
      reports.set(h.partition, rep);
      if (Number(h.seq) !== rep.events || (Number(h.seq) > 0 && h.head !== rep.head)) {
        rep.valid = false;
        this.report({
          kind: 'HEAD_ROW_MISMATCH', partition: h.partition, seq: Number(h.seq),
          message: `partisi ${h.partition}: kepala rantai mencatat ${h.seq} peristiwa, rantai berisi ${rep.events}`,
        });
      }
    }
    const partitions = [...reports.values()].sort((a, b) => (a.partition < b.partition ? -1 : a.partition > b.partition ? 1 : 0));
    return { partitions, events: total };
  }

  /** The former single chain, from the seq and hashes its events kept, and the re-chaining event that recorded its head. */
  private async legacyChain(): Promise<VerifyReport['legacy']> {
    const [rechain]: Array<{ before: { events: number; head: string } }> = await this.qr.query(
      `SELECT before FROM audit_event WHERE partition = 'nasional' AND action = 'audit.rechain' ORDER BY seq DESC LIMIT 1`,
    );
    const [{ n }] = await this.qr.query('SELECT count(*)::int AS n FROM audit_event WHERE legacy_seq IS NOT NULL');
    if (!rechain && n === 0) return null;
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let valid = true;
    const fail = (seq: number, message: string) => {
      valid = false;
      this.report({ kind: 'LEGACY_CHAIN_BROKEN', seq, message });
    };
    for (let after = 0; valid; ) {
      const rows: Array<EventRow & { legacy_seq: string; legacy_prev_hash: string; legacy_hash: string }> = await this.qr.query(
        `SELECT ${EVENT_COLUMNS}, legacy_seq, legacy_prev_hash, legacy_hash FROM audit_event WHERE legacy_seq > $1 ORDER BY legacy_seq LIMIT $2`,
        [after, VERIFY_BATCH],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const seq = Number(r.legacy_seq);
        if (seq !== expectedSeq) fail(expectedSeq, `rantai lama: peristiwa ${expectedSeq} hilang`);
        else if (r.legacy_prev_hash !== prev) fail(seq, `rantai lama: peristiwa ${seq} tidak merujuk hash sebelumnya`);
        else if (hashLegacyEvent({ seq, at: r.at, ...eventBody(r) }, prev) !== r.legacy_hash) fail(seq, `rantai lama: isi peristiwa ${seq} tidak sesuai hash-nya`);
        if (!valid) break;
        prev = r.legacy_hash;
        expectedSeq++;
        after = seq;
      }
    }
    const events = expectedSeq - 1;
    if (valid && rechain && (rechain.before.events !== events || rechain.before.head !== prev)) {
      fail(events, `rantai lama berakhir di peristiwa ${events}, peristiwa audit.rechain mencatat ${rechain.before.events}`);
    }
    return { events: rechain?.before.events ?? events, head: rechain?.before.head ?? prev, valid };
  }

  /** One registered table against the events that created its rows, in one statement (each side read once). */
  private async facts(source: FactSource): Promise<VerifyReport['facts'][number]> {
    const events = source.events
      .map((e) => `SELECT (${e.id})::text AS key, ${e.content} AS content, a.partition, a.seq FROM audit_event a ${e.from ?? ''} WHERE ${e.where}`)
      .join(' UNION ALL ');
    const key = source.matchBy === 'key' ? 'x.key' : 'x.id';
    const [out]: Array<{ rows: number; events: number; total: number; bad: Array<{ kind: ProblemKind; id: string; partition: string | null; seq: number | null }> | null }> =
      await this.qr.query(
        `WITH r AS (SELECT x.id, ${key} AS key, x.content FROM (${source.rows}) x),
              e AS (${events}),
              b AS (SELECT CASE WHEN e.key IS NULL THEN 'FACT_WITHOUT_EVENT' WHEN r.key IS NULL THEN 'FACT_MISSING' ELSE 'FACT_DIFFERS_FROM_EVENT' END AS kind,
                           coalesce(r.id, e.key) AS id, e.partition, e.seq
                      FROM r FULL JOIN e ON e.key = r.key
                     WHERE r.key IS NULL OR e.key IS NULL OR r.content IS DISTINCT FROM e.content)
         SELECT (SELECT count(*) FROM r)::int AS rows, (SELECT count(*) FROM e)::int AS events, (SELECT count(*) FROM b)::int AS total,
                (SELECT json_agg(f) FROM (SELECT kind, id, partition, seq FROM b ORDER BY kind, id LIMIT ${FACT_PROBLEMS_PER_TABLE}) f) AS bad`,
      );
    const bad = out.bad ?? [];
    const message = {
      FACT_WITHOUT_EVENT: 'tidak punya peristiwa audit yang membuatnya',
      FACT_DIFFERS_FROM_EVENT: 'berbeda dari peristiwa audit yang membuatnya',
      FACT_MISSING: 'tercatat di peristiwa audit tetapi barisnya tidak ada lagi',
    } as Record<string, string>;
    for (const b of bad) {
      this.report({
        kind: b.kind, table: source.table, id: b.id,
        ...(b.partition ? { partition: b.partition, seq: Number(b.seq) } : {}),
        message: `${source.table} ${b.id} ${message[b.kind]}`,
      });
    }
    this.problemCount += Math.max(0, out.total - bad.length);
    return { table: source.table, rows: out.rows, events: out.events, problems: out.total };
  }
}

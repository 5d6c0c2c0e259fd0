import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper evidence at national scale, and least privilege:
 * - the role the application connects as (`dana_app`), with SELECT/INSERT/UPDATE/DELETE on plain tables by default
 *   and only SELECT/INSERT on append-only tables (`SELECT declare_append_only('t')` in a later migration);
 * - the audit trail split into one hash chain per partition (the kab/kota of the event's region, or 'nasional'),
 *   with a head row per partition that serialises appends inside the partition only;
 * - signed checkpoints (Ed25519) over every partition's count and head;
 * - the events of the former single chain carried into their partitions and re-hashed, their former seq and hashes
 *   kept beside them (legacy_*) so the old chain stays verifiable, and the re-chaining itself recorded as an event.
 * The hashing below is frozen here on purpose: a migration must do tomorrow what it did the day it landed.
 */
export class AuditPartitions1764700000000 implements MigrationInterface {
  name = 'AuditPartitions1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    // Roles are cluster-wide and several databases may migrate at once: create it only if missing, and treat a
    // concurrent creation as done. Where the migrating owner may not create roles, an operator creates it first.
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dana_app') THEN
          BEGIN
            CREATE ROLE dana_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      END $$`);
    // Grants are per database: plain tables read and write, sequences used, the migrations table not at all.
    await q.query(`GRANT USAGE ON SCHEMA public TO dana_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dana_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dana_app`);
    await q.query(`REVOKE ALL ON TABLE migrations FROM dana_app`);
    // Tables the migrating owner creates from now on get the same plain-table grants without a line of their own.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dana_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dana_app`);
    // One line per append-only table: the app may only read and add; the triggers also stop the owner by mistake.
    await q.query(`
      CREATE FUNCTION declare_append_only(t regclass) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE name text := (SELECT relname FROM pg_class WHERE oid = t);
      BEGIN
        EXECUTE format('REVOKE ALL ON TABLE %s FROM dana_app', t);
        EXECUTE format('GRANT SELECT, INSERT ON TABLE %s TO dana_app', t);
        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = t AND tgname = name || '_no_update') THEN
          EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION refuse_change()', name || '_no_update', t);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = t AND tgname = name || '_no_truncate') THEN
          EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()', name || '_no_truncate', t);
        END IF;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION declare_append_only(regclass) FROM PUBLIC`);
    // Every table already guarded by refuse_change() is append-only, whichever migration made it.
    await q.query(`
      SELECT declare_append_only(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid WHERE g.tgrelid = c.oid AND p.proname = 'refuse_change')`);

    // Partitioned chains.
    // id: the order events were appended in across partitions (for listing; not hashed, gaps allowed).
    await q.query(`ALTER TABLE audit_event ADD COLUMN id bigint, ADD COLUMN partition text COLLATE "C", ADD COLUMN legacy_seq bigint,
                     ADD COLUMN legacy_prev_hash char(64), ADD COLUMN legacy_hash char(64)`);
    await q.query(`
      CREATE TABLE audit_partition (
        partition text COLLATE "C" NOT NULL,
        seq       bigint NOT NULL,
        head      char(64) NOT NULL,
        prev_head char(64) NOT NULL,
        CONSTRAINT audit_partition_pk PRIMARY KEY (partition),
        CONSTRAINT audit_partition_seq_chk CHECK (seq >= 0)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON TABLE audit_partition TO dana_app`);
    await q.query(`REVOKE DELETE ON TABLE audit_partition FROM dana_app`);
    const legacy = await this.rechain(q);

    await q.query(`
      CREATE TABLE audit_checkpoint (
        seq        bigint NOT NULL,
        signed_at  timestamptz NOT NULL,
        partitions jsonb NOT NULL,
        events     bigint NOT NULL,
        prev_hash  char(64) NOT NULL,
        hash       char(64) NOT NULL,
        key_id     text NOT NULL,
        signature  text NOT NULL,
        CONSTRAINT audit_checkpoint_pk PRIMARY KEY (seq),
        CONSTRAINT audit_checkpoint_seq_chk CHECK (seq > 0),
        CONSTRAINT audit_checkpoint_hash_uq UNIQUE (hash)
      )`);
    // The heads of a checkpoint one row each, so "which checkpoint first covered event n of partition p" is an index probe.
    await q.query(`
      CREATE TABLE audit_checkpoint_head (
        checkpoint_seq bigint NOT NULL,
        partition      text COLLATE "C" NOT NULL,
        events         bigint NOT NULL,
        head           char(64) NOT NULL,
        CONSTRAINT audit_checkpoint_head_pk PRIMARY KEY (checkpoint_seq, partition),
        CONSTRAINT audit_checkpoint_head_checkpoint_fk FOREIGN KEY (checkpoint_seq) REFERENCES audit_checkpoint (seq)
      )`);
    await q.query(`CREATE INDEX audit_checkpoint_head_partition_idx ON audit_checkpoint_head (partition, events, checkpoint_seq)`);
    for (const t of ['audit_checkpoint', 'audit_checkpoint_head']) await q.query(`SELECT declare_append_only('${t}')`);
    if (legacy.events > 0) await this.recordRechain(q, legacy);
  }

  /** Carries every event of the single chain into its partition, re-hashed; returns the old chain's count and head. */
  private async rechain(q: QueryRunner): Promise<{ events: number; head: string; partitions: Record<string, { events: number; head: string }> }> {
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
    await q.query(`UPDATE audit_event SET legacy_seq = seq, legacy_prev_hash = prev_hash, legacy_hash = hash`);
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_pk, DROP CONSTRAINT audit_event_hash_uq`);
    await q.query(`DROP INDEX audit_event_region_idx`);
    await q.query(`CREATE UNIQUE INDEX audit_event_legacy_seq_uq ON audit_event (legacy_seq)`);
    const heads = new Map<string, { seq: number; head: string }>();
    let legacyHead = GENESIS;
    let legacyEvents = 0;
    for (let after = 0; ; ) {
      const rows: Row[] = await q.query(
        `SELECT seq, ${AT_SQL} AS at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, hash
           FROM audit_event WHERE legacy_seq > $1 ORDER BY legacy_seq LIMIT 5000`,
        [after],
      );
      if (!rows.length) break;
      const upd: { old: string[]; partition: string[]; seq: number[]; prev: string[]; hash: string[] } = { old: [], partition: [], seq: [], prev: [], hash: [] };
      for (const r of rows) {
        const partition = r.region_code && r.region_code.length >= 5 ? r.region_code.slice(0, 5) : 'nasional';
        const h = heads.get(partition) ?? { seq: 0, head: GENESIS };
        const seq = h.seq + 1;
        const hash = hashV2(h.head, partition, seq, r.at, bodyOf(r));
        upd.old.push(r.seq);
        upd.partition.push(partition);
        upd.seq.push(seq);
        upd.prev.push(h.head);
        upd.hash.push(hash);
        heads.set(partition, { seq, head: hash });
        legacyHead = r.hash;
        legacyEvents++;
        after = Number(r.seq);
      }
      await q.query(
        `UPDATE audit_event a SET id = u.old, partition = u.partition, seq = u.seq, prev_hash = u.prev, hash = u.hash
           FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS u(old, partition, seq, prev, hash)
          WHERE a.legacy_seq = u.old`,
        [upd.old, upd.partition, upd.seq, upd.prev, upd.hash],
      );
    }
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN partition SET NOT NULL`);
    await q.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_pk PRIMARY KEY (partition, seq)`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN id SET NOT NULL`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY`);
    await q.query(`SELECT setval(pg_get_serial_sequence('audit_event', 'id'), coalesce(max(id), 0) + 1, false) FROM audit_event`);
    await q.query(`CREATE UNIQUE INDEX audit_event_id_uq ON audit_event (id)`);
    await q.query(`CREATE INDEX audit_event_region_idx ON audit_event (region_code, id)`);
    const partitions: Record<string, { events: number; head: string }> = {};
    for (const [p, h] of heads) {
      await q.query(`INSERT INTO audit_partition (partition, seq, head, prev_head) VALUES ($1, $2, $3, $3)`, [p, h.seq, h.head]);
      partitions[p] = { events: h.seq, head: h.head };
    }
    return { events: legacyEvents, head: legacyHead, partitions };
  }

  /** The re-chaining as an event of the national partition: what the old chain was, and where its events went. */
  private async recordRechain(q: QueryRunner, legacy: { events: number; head: string; partitions: Record<string, { events: number; head: string }> }) {
    const body = {
      actorId: null,
      actor: 'sistem',
      role: null,
      action: 'audit.rechain',
      entity: 'audit_chain',
      entityId: null,
      regionCode: null,
      before: { chain: 'single', events: legacy.events, head: legacy.head },
      after: { chain: 'partitioned', partitions: legacy.partitions },
      reason: 'rantai tunggal dipecah menjadi rantai per kab/kota',
    };
    await q.query(`INSERT INTO audit_partition (partition, seq, head, prev_head) VALUES ('nasional', 0, $1, $1) ON CONFLICT DO NOTHING`, [GENESIS]);
    const [p]: Array<{ seq: string; head: string; at: string }> = await q.query(
      `SELECT seq, head, ${AT_SQL.replace('at AT', "date_trunc('milliseconds', statement_timestamp()) AT")} AS at FROM audit_partition WHERE partition = 'nasional' FOR UPDATE`,
    );
    const seq = Number(p.seq) + 1;
    const hash = hashV2(p.head, 'nasional', seq, p.at, body);
    await q.query(
      `INSERT INTO audit_event (partition, seq, at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash)
       VALUES ('nasional', $1, $2::timestamptz, NULL, 'sistem', NULL, $3, $4, NULL, NULL, $5::jsonb, $6::jsonb, $7, $8, $9)`,
      [seq, p.at, body.action, body.entity, JSON.stringify(body.before), JSON.stringify(body.after), body.reason, p.head, hash],
    );
    await q.query(`UPDATE audit_partition SET seq = $1, prev_head = head, head = $2 WHERE partition = 'nasional'`, [seq, hash]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoint_head`);
    await q.query(`DROP TABLE audit_checkpoint`);
    // Back to one chain, in the order the events were appended (carried events keep their former seq as id).
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_pk`);
    await q.query(`DROP INDEX audit_event_legacy_seq_uq`);
    await q.query(`ALTER TABLE audit_event ADD COLUMN down_order bigint`);
    await q.query(`
      UPDATE audit_event a SET down_order = o.n
        FROM (SELECT partition, seq, row_number() OVER (ORDER BY id) AS n FROM audit_event) o
       WHERE o.partition = a.partition AND o.seq = a.seq`);
    await q.query(`CREATE UNIQUE INDEX audit_event_down_order_uq ON audit_event (down_order)`);
    let prev = GENESIS;
    for (let after = 0; ; ) {
      const rows: Array<Row & { down_order: string }> = await q.query(
        `SELECT down_order, ${AT_SQL} AS at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason
           FROM audit_event WHERE down_order > $1 ORDER BY down_order LIMIT 5000`,
        [after],
      );
      if (!rows.length) break;
      const upd: { n: string[]; prev: string[]; hash: string[] } = { n: [], prev: [], hash: [] };
      for (const r of rows) {
        const hash = createHash('sha256').update(prev).update('\n').update(canonical({ ...bodyOf(r), seq: Number(r.down_order), at: r.at })).digest('hex');
        upd.n.push(r.down_order);
        upd.prev.push(prev);
        upd.hash.push(hash);
        prev = hash;
        after = Number(r.down_order);
      }
      await q.query(
        `UPDATE audit_event a SET seq = u.n, prev_hash = u.prev, hash = u.hash
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(n, prev, hash) WHERE a.down_order = u.n`,
        [upd.n, upd.prev, upd.hash],
      );
    }
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
    await q.query(`DROP INDEX audit_event_region_idx`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN down_order, DROP COLUMN id, DROP COLUMN partition, DROP COLUMN legacy_seq,
                     DROP COLUMN legacy_prev_hash, DROP COLUMN legacy_hash`);
    await q.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_pk PRIMARY KEY (seq), ADD CONSTRAINT audit_event_hash_uq UNIQUE (hash)`);
    await q.query(`CREATE INDEX audit_event_region_idx ON audit_event (region_code, seq)`);
    await q.query(`DROP TABLE audit_partition`);
    await q.query(`DROP FUNCTION declare_append_only(regclass)`);
    // The role is cluster-wide and other databases may use it: only this database's grants go.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM dana_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM dana_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM dana_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM dana_app`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM dana_app`);
  }
}

interface Row {
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
  hash: string;
}

const GENESIS = '0'.repeat(64);
const AT_SQL = `regexp_replace(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '000$', '') || 'Z'`;

const bodyOf = (r: Omit<Row, 'seq' | 'hash' | 'at'>) => ({
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

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashV2(prev: string, partition: string, seq: number, at: string, body: unknown): string {
  return createHash('sha256').update(`${prev}\n${partition}\n${seq}\n${at}\n${canonical(body)}`, 'utf8').digest('hex');
}

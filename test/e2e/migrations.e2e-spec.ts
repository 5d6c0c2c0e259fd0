import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../migrations';
import { PartialUniqueIndexes1765900000000 } from '../../migrations/1765900000000-partial-unique-indexes';
import { AUDIT_AT_SQL, canonicalJson, GENESIS_HASH, hashLegacyEvent } from '../../src/modules/audit/audit-hash';
import { verifyAuditTrail } from '../../src/modules/audit/audit-verifier';
import { CONSISTENCY_CHECKS, FACT_SOURCES } from '../../src/modules/audit/verification-registry';
import { withDatabase } from '../helpers/db-url';

describe('migrations', () => {
  const name = `dk_mig_${process.env.TEST_RUN_ID}`;
  const server = process.env.TEST_PG_SERVER_URL!;
  let ds: DataSource;

  beforeAll(async () => {
    const c = new Client({ connectionString: withDatabase(server, 'postgres') });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    ds = new DataSource(dataSourceOptions(withDatabase(server, name)));
    await ds.initialize();
  });

  afterAll(async () => {
    await ds.destroy();
    const c = new Client({ connectionString: withDatabase(server, 'postgres') });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });

  const tables = async () =>
    (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );

  it('run up, all the way down, and up again to the same schema', async () => {
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran).toHaveLength(MIGRATIONS.length);
    const schema = await tables();
    expect(schema).toEqual(expect.arrayContaining(['region', 'app_user', 'audit_event', 'plan', 'spending_entry']));
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(schema);
  });

  it('keeps the reversal and legacy-chain rules unique but indexes only the rows they bind, and gives them back in full on the way down', async () => {
    const defs = async () =>
      (await ds.query(`SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1) ORDER BY 1`, [
        ['audit_event_legacy_seq_uq', 'spending_entry_reverses_uq', 'tax_line_reverses_uq'],
      ])) as Array<{ indexname: string; indexdef: string }>;
    for (const d of await defs()) expect(d.indexdef).toMatch(/^CREATE UNIQUE INDEX .* WHERE \((legacy_seq|reverses_id) IS NOT NULL\)$/);
    expect(await defs()).toHaveLength(3);
    const after = MIGRATIONS.length - MIGRATIONS.indexOf(PartialUniqueIndexes1765900000000);
    for (let i = 0; i < after; i++) await ds.undoLastMigration({ transaction: 'each' });
    for (const d of await defs()) expect(d.indexdef).not.toContain('WHERE');
    expect(await defs()).toHaveLength(3);
    await ds.runMigrations({ transaction: 'each' });
  });

  it('has nothing pending after a run (synchronize stays off)', async () => {
    expect(await ds.showMigrations()).toBe(false);
    expect(ds.options.synchronize).toBe(false);
  });

  describe('carrying the single chain into partitions', () => {
    const PARTITIONED = 'AuditPartitions1764700000000';
    const name2 = `dk_mig_chain_${process.env.TEST_RUN_ID}`;
    let db: DataSource;
    const regions = ['35.73.01.1001', '35.71.01.1001', null, '35.73.02', '35'];
    const undoPartitions = async () => {
      while ((await db.query('SELECT 1 FROM migrations WHERE name = $1', [PARTITIONED])).length) await db.undoLastMigration({ transaction: 'each' });
    };
    const verify = () => verifyAuditTrail(db, { trustedKeys: new Map(), factSources: FACT_SOURCES, checks: CONSISTENCY_CHECKS });

    beforeAll(async () => {
      const c = new Client({ connectionString: withDatabase(server, 'postgres') });
      await c.connect();
      await c.query(`CREATE DATABASE "${name2}"`);
      await c.end();
      db = new DataSource(dataSourceOptions(withDatabase(server, name2)));
      await db.initialize();
      await db.runMigrations({ transaction: 'each' });
      await undoPartitions();
    });
    afterAll(async () => {
      await db.destroy();
      const c = new Client({ connectionString: withDatabase(server, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name2}" WITH (FORCE)`);
      await c.end();
    });

    it('re-chains every event into its kab/kota, keeps the old chain verifiable, records the re-chaining, and goes back', async () => {
      // 25 events of the single chain, hashed as it hashed them.
      let prev = GENESIS_HASH;
      const original: Array<{ seq: number; hash: string }> = [];
      for (let seq = 1; seq <= 25; seq++) {
        const at = new Date(Date.UTC(2026, 2, 1, 2, 15, seq, 123)).toISOString();
        const c = {
          seq, at, actorId: null, actor: 'sistem', role: null, action: 'plan.create', entity: 'plan', entityId: `p-${seq}`,
          regionCode: regions[seq % regions.length], before: null, after: { seq, nested: { b: 1, a: [2, 1] } }, reason: seq % 7 ? null : 'alasan',
        };
        const hash = hashLegacyEvent(c, prev);
        await db.query(
          `INSERT INTO audit_event (seq, at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash)
           VALUES ($1, $2, NULL, 'sistem', NULL, 'plan.create', 'plan', $3, $4, NULL, $5, $6, $7, $8)`,
          [seq, at, c.entityId, c.regionCode, JSON.stringify(c.after), c.reason, prev, hash],
        );
        original.push({ seq, hash });
        prev = hash;
      }
      const legacyHead = prev;

      await db.runMigrations({ transaction: 'each' });
      const report = await verify();
      expect(report).toMatchObject({ valid: true, problemCount: 0, events: 26, legacy: { events: 25, head: legacyHead, valid: true } });
      const per = Object.fromEntries(report.partitions.map((p) => [p.partition, p.events]));
      // 35.73.01.1001 and 35.73.02 → 35.73 (5 + 5); 35.71 (5); null and '35' → nasional (5 + 5), plus the re-chaining event.
      expect(per).toEqual({ '35.73': 10, '35.71': 5, nasional: 11 });
      const [rechain] = await db.query(
        `SELECT seq::int AS seq, actor, before, after, ${AUDIT_AT_SQL('at')} AS at FROM audit_event WHERE action = 'audit.rechain'`,
      );
      expect(rechain).toMatchObject({ seq: 11, actor: 'sistem', before: { chain: 'single', events: 25, head: legacyHead } });
      expect(Object.keys(rechain.after.partitions).sort()).toEqual(['35.71', '35.73', 'nasional']);
      expect(rechain.after.partitions['35.71']).toEqual({ events: 5, head: report.partitions.find((p) => p.partition === '35.71')!.head });
      // Each carried event keeps where it was, in order within its partition.
      const carried = await db.query(`SELECT partition, seq::int AS seq, legacy_seq::int AS legacy FROM audit_event WHERE partition = '35.71' ORDER BY seq`);
      expect(carried.map((r: { legacy: number }) => r.legacy)).toEqual([1, 6, 11, 16, 21]);
      expect(canonicalJson(carried.map((r: { seq: number }) => r.seq))).toBe('[1,2,3,4,5]');

      // The old chain is still checked: changing a carried event breaks both.
      await db.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
      await db.query(`UPDATE audit_event SET entity_id = 'p-x' WHERE legacy_seq = 12`);
      const broken = await verify();
      expect(broken.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'EVENT_CHANGED', partition: 'nasional', seq: 5 }), // legacy 12 is the 5th national event
          expect.objectContaining({ kind: 'LEGACY_CHAIN_BROKEN', seq: 12 }),
        ]),
      );
      await db.query(`UPDATE audit_event SET entity_id = 'p-12' WHERE legacy_seq = 12`);
      await db.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
      expect((await verify()).valid).toBe(true);

      // Down again: the single chain, with its first 25 hashes exactly as they were.
      await undoPartitions();
      const back = await db.query('SELECT seq::int AS seq, hash FROM audit_event ORDER BY seq');
      expect(back.slice(0, 25)).toEqual(original);
      expect(back).toHaveLength(26);
      // And up once more: the 26 events (the first re-chaining included) are carried again, and still verify.
      await db.runMigrations({ transaction: 'each' });
      expect(await verify()).toMatchObject({ valid: true, legacy: { events: 26, head: back[25].hash, valid: true } });
    });
  });
});

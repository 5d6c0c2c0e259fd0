import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import * as os from 'node:os';
import { keyIdOf, signCheckpoint } from '../../src/modules/audit/audit-checkpoint';
import { AUDIT_AT_SQL, GENESIS_HASH, hashEvent } from '../../src/modules/audit/audit-hash';
import { verifyAuditTrail } from '../../src/modules/audit/audit-verifier';
import { CONSISTENCY_CHECKS, FACT_SOURCES } from '../../src/modules/audit/verification-registry';
import { fmtMs, scratchDatabase, timeIt } from './bench-db';
import { writeReport } from './report';

const PARTITIONS = 500;
const PER_PARTITION = 2_000; // 1,000,000 events
const BATCH = 5_000;

/**
 * GET /api/audit/verify over 1 M events in 500 partitions with a signed checkpoint over all of them (the chains, the
 * checkpoint, the facts and the totals in one snapshot), against the floor: reading the same rows in the same
 * order without hashing anything.
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_audit');
  try {
    const loadAtStart = os.loadavg()[0];
    const [{ at }] = await db.ds.query(`SELECT ${AUDIT_AT_SQL("date_trunc('milliseconds', now())")} AS at`);
    const partitions = Array.from({ length: PARTITIONS }, (_, i) => `${String(11 + Math.floor(i / 99)).padStart(2, '0')}.${String(1 + (i % 99)).padStart(2, '0')}`);
    const heads: Record<string, { events: number; head: string }> = {};
    const load = await timeIt(async () => {
      let rows: Array<[string, number, string, unknown, string, string]> = [];
      const flush = async () => {
        await db.ds.query(
          `INSERT INTO audit_event (partition, seq, at, actor, action, entity, entity_id, region_code, after, prev_hash, hash)
           SELECT p, s, $1::timestamptz, 'sistem', 'bench.event', 'bench', s::text, r, a, ph, h
             FROM unnest($2::text[], $3::bigint[], $4::text[], $5::jsonb[], $6::text[], $7::text[]) AS x(p, s, r, a, ph, h)`,
          [at, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => JSON.stringify(r[3])), rows.map((r) => r[4]), rows.map((r) => r[5])],
        );
        rows = [];
      };
      for (const p of partitions) {
        let prev = GENESIS_HASH;
        const regionCode = `${p}.01.1001`;
        for (let seq = 1; seq <= PER_PARTITION; seq++) {
          const after = { seq, amount: seq * 1000 };
          const body = { actorId: null, actor: 'sistem', role: null, action: 'bench.event', entity: 'bench', entityId: String(seq), regionCode, before: null, after, reason: null };
          const hash = hashEvent(p, seq, at, body, prev);
          rows.push([p, seq, regionCode, after, prev, hash]);
          prev = hash;
          if (rows.length >= BATCH) await flush();
        }
        heads[p] = { events: PER_PARTITION, head: prev };
      }
      if (rows.length) await flush();
      await db.ds.query(
        `INSERT INTO audit_partition (partition, seq, head, prev_head) SELECT p, $2, h, h FROM unnest($1::text[], $3::text[]) AS x(p, h)`,
        [Object.keys(heads), PER_PARTITION, Object.values(heads).map((h) => h.head)],
      );
      await db.ds.query('VACUUM ANALYZE audit_event');
    });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(publicKey);
    const cp = signCheckpoint({ seq: 1, signedAt: new Date().toISOString(), events: PARTITIONS * PER_PARTITION, partitions: heads, prevHash: GENESIS_HASH, keyId }, privateKey);
    await db.ds.query(
      `INSERT INTO audit_checkpoint (seq, signed_at, events, partitions, prev_hash, key_id, hash, signature) VALUES (1, $1, $2, $3, $4, $5, $6, $7)`,
      [cp.signedAt, cp.events, JSON.stringify(cp.partitions), cp.prevHash, cp.keyId, cp.hash, cp.signature],
    );

    const rounds: Array<{ verify: number; floor: number; valid: boolean; events: number; rss: number; load: string }> = [];
    for (let round = 1; round <= 2; round++) {
      const before = os.loadavg()[0];
      let report: Awaited<ReturnType<typeof verifyAuditTrail>> | undefined;
      const verify = await timeIt(async () => {
        report = await verifyAuditTrail(db.ds, { trustedKeys: new Map([[keyId, publicKey]]), factSources: FACT_SOURCES, checks: CONSISTENCY_CHECKS });
      });
      const rss = process.memoryUsage().rss;
      const floor = await timeIt(async () => {
        for (let after: [string, number] = ['', 0]; ; ) {
          const rows: Array<{ partition: string; seq: string }> = await db.ds.query(
            `SELECT partition, seq, at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash
               FROM audit_event WHERE (partition, seq) > ($1, $2) ORDER BY partition, seq LIMIT ${BATCH}`,
            after,
          );
          if (!rows.length) break;
          const last = rows[rows.length - 1];
          after = [last.partition, Number(last.seq)];
        }
      });
      rounds.push({ verify, floor, valid: report!.valid, events: report!.events, rss, load: `${before.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}` });
    }
    if (rounds.some((r) => !r.valid || r.events !== PARTITIONS * PER_PARTITION)) throw new Error(`verification failed: ${JSON.stringify(rounds)}`);
    const table = [
      `GET /api/audit/verify over ${(PARTITIONS * PER_PARTITION).toLocaleString('en')} events in ${PARTITIONS} partitions with one signed checkpoint over all of them ` +
        '(every hash recomputed, the checkpoint checked against every chain, facts and totals cross-checked, one read-only snapshot)',
      '',
      '| round | verify s | events/s | floor: the same rows read in the same order, nothing hashed, s | verify ÷ floor | process RSS MB | load (1 min) before → after |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      ...rounds.map((r, i) => `| ${i + 1} | ${(r.verify / 1000).toFixed(1)} | ${Math.round(r.events / (r.verify / 1000)).toLocaleString('en')} | ${(r.floor / 1000).toFixed(1)} | ${(r.verify / r.floor).toFixed(2)}× | ${(r.rss / 2 ** 20).toFixed(0)} | ${r.load} |`),
      '',
      `Loading the 1 M events (hashed in Node, inserted in batches of ${BATCH}) took ${fmtMs(load / 1000)} s. Load average (1 min) ${loadAtStart.toFixed(2)} at the start, ` +
        `${os.loadavg()[0].toFixed(2)} at the end, on ${os.cpus().length} cores shared with other developers' work.`,
    ].join('\n');
    writeReport('audit-verify', table);
  } finally {
    await db.drop();
  }
}

if (require.main === module) {
  run().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

import { generateKeyPairSync } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { signCheckpoint } from '../../src/modules/audit/audit-checkpoint';
import { AuditCheckpointService } from '../../src/modules/audit/audit-checkpoint.service';
import { hashEvent } from '../../src/modules/audit/audit-hash';
import { eventBody } from '../../src/modules/audit/audit-verifier';
import { AuditService } from '../../src/modules/audit/audit.service';
import { sha256Hex } from '../../src/modules/documents/documents.service';
import { todayIso } from '../../src/modules/spending/spending-date';
import { buildWorld } from '../access/world';
import type { World } from '../access/matrix.types';
import { insertPlan } from '../helpers/ledger-fixtures';
import type { TestApp } from '../helpers/test-app';
import { bearer, createUser } from '../helpers/users';

interface Problem {
  kind: string;
  partition?: string;
  seq?: number;
  checkpoint?: number;
  table?: string;
  id?: string;
}

/**
 * What an adversary with database access can do, and that GET /api/audit/verify reports each of it with the
 * partition and seq (or the table and row). Every tampering works in a kab/kota partition of its own, so the
 * cases do not disturb each other; each asserts its own findings.
 */
describe('audit trail under attack: partitions, checkpoints, facts, least privilege', () => {
  let t: TestApp;
  let u: World['users'];
  let audit: AuditService;
  const system: AuthUser | null = null;
  const year = Number(todayIso().slice(0, 4));

  const verify = async () => (await t.http().get('/api/audit/verify').set(bearer(u.auditor)).expect(200)).body;
  const problemsIn = async (partition: string): Promise<Problem[]> => (await verify()).problems.filter((p: Problem) => p.partition === partition);
  const checkpoint = async () => (await t.http().post('/api/audit/checkpoints').set(bearer(u.nationalAdmin)).expect(201)).body;
  /** n events in one partition (region code under kab/kota `kabkota`), appended as the app appends them. */
  const events = async (kabkota: string, n: number, action = 'test.event') => {
    for (let done = 0; done < n; done += 200) {
      await t.db.transaction(async (m) => {
        for (let i = done; i < Math.min(n, done + 200); i++) {
          await audit.record(m, { actor: system, action, entity: 'test', entityId: `${kabkota}-${i}`, regionCode: `${kabkota}.01.1001`, after: { i } });
        }
      });
    }
  };
  /** As the owner, with the append-only trigger off: what an operator (or an intruder with the owner's password) can do. */
  const asOwner = async (work: (m: EntityManager) => Promise<unknown>) =>
    t.owner.transaction(async (m) => {
      await m.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
      await work(m);
      await m.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
    });
  /** The attacker also sets the partition's head row to the chain's new end, so only the checkpoint can tell. */
  const fixHeadRow = (m: EntityManager, partition: string) =>
    m.query(
      `UPDATE audit_partition p SET seq = coalesce(e.seq, 0), head = coalesce(e.hash, repeat('0', 64)), prev_head = coalesce(e.prev_hash, repeat('0', 64))
         FROM (SELECT max(seq) AS n FROM audit_event WHERE partition = $1) mx
         LEFT JOIN audit_event e ON e.partition = $1 AND e.seq = mx.n
        WHERE p.partition = $1`,
      [partition],
    );
  /** Rewrites events from..to of a partition with their hashes recomputed: a chain that is whole again, but different. */
  const rehash = async (m: EntityManager, partition: string, from: number) => {
    const rows = await m.query(
      `SELECT seq, regexp_replace(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '000$', '') || 'Z' AS at,
              actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash
         FROM audit_event WHERE partition = $1 AND seq >= $2 ORDER BY seq`,
      [partition, from],
    );
    let prev: string = rows[0].prev_hash;
    for (const r of rows) {
      const hash = hashEvent(partition, Number(r.seq), r.at, eventBody(r), prev);
      await m.query('UPDATE audit_event SET prev_hash = $3, hash = $4 WHERE partition = $1 AND seq = $2', [partition, r.seq, prev, hash]);
      prev = hash;
    }
    await fixHeadRow(m, partition);
  };

  beforeAll(async () => {
    ({ t, users: u } = await buildWorld());
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  describe('partitioned chains', () => {
    it('lets writers in two partitions proceed in parallel: neither waits for the other’s commit', async () => {
      const a = t.db.createQueryRunner();
      const b = t.db.createQueryRunner();
      const c = t.db.createQueryRunner();
      await Promise.all([a.connect(), b.connect(), c.connect()]);
      try {
        await a.startTransaction();
        const first = await audit.record(a.manager, { actor: system, action: 'test.parallel', entity: 'test', regionCode: '11.01.01.2001' });
        expect(first.partition).toBe('11.01');
        // A holds 11.01 open. B in 11.02 must not wait: a lock wait would fail within the lock_timeout.
        await b.startTransaction();
        await b.query(`SET LOCAL lock_timeout = '2s'`);
        const other = await audit.record(b.manager, { actor: system, action: 'test.parallel', entity: 'test', regionCode: '11.02.01.2001' });
        await b.commitTransaction();
        expect(other.partition).toBe('11.02');
        // The control: C in A's own partition does wait for A, and gives up after its lock_timeout.
        await c.startTransaction();
        await c.query(`SET LOCAL lock_timeout = '300ms'`);
        const waited = await audit.record(c.manager, { actor: system, action: 'test.parallel', entity: 'test', regionCode: '11.01.02.2001' }).catch((e: unknown) => e);
        expect((waited as { code?: string }).code).toBe('55P03');
        await c.rollbackTransaction();
        await a.commitTransaction();
      } finally {
        for (const q of [a, b, c]) {
          if (q.isTransactionActive) await q.rollbackTransaction();
          await q.release();
        }
      }
      expect(await problemsIn('11.01')).toEqual([]);
      expect(await problemsIn('11.02')).toEqual([]);
    });

    it('lets spending bookings in two kab/kota proceed in parallel: one held open mid-transaction does not hold up the other', async () => {
      const [kediri] = await t.db.query(`SELECT code FROM region WHERE level = 'kelurahan' AND code LIKE '35.71.%' ORDER BY code LIMIT 1`);
      const seats: Array<{ lineId: string; user: Awaited<ReturnType<typeof createUser>> }> = [];
      for (const code of ['35.73.01.1002', '35.73.01.1003', kediri.code]) {
        const plan = await insertPlan(t, { kelurahanCode: code, year, lines: [{ amount: 10_000_000 }] });
        seats.push({ lineId: plan.lines[0].id, user: await createUser(t, 'bendahara', code) });
      }
      const book = (s: (typeof seats)[number], evidenceNo: string) =>
        t.http().post('/api/spending').set(bearer(s.user)).send({
          planLineId: s.lineId, date: `${year}-01-05`, amount: 100_000, description: 'Belanja ATK', payee: 'CV Maju', evidenceNo,
        });
      const waiting = async () =>
        Number((await t.owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n);
      const until = async (what: () => Promise<boolean>) => {
        for (const end = Date.now() + 20_000; !(await what()); ) {
          if (Date.now() > end) throw new Error('timed out');
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      // Someone holds the Kota Malang chain's head: a Malang booking gets as far as its audit append and waits there,
      // its transaction open with every lock it took on the way (line, month, cash account, nomor bukti).
      const holder = t.owner.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      let malangDone = false;
      let malang2Done = false;
      try {
        await holder.query(`SELECT seq FROM audit_partition WHERE partition = '35.73' FOR UPDATE`);
        const malang = book(seats[0], 'PAR-1').then((r) => ((malangDone = true), r));
        await until(async () => (await waiting()) >= 1);
        // A booking in Kota Kediri takes the whole write path and commits meanwhile.
        const res = await book(seats[2], 'PAR-2');
        expect(res.status).toBe(201);
        expect(malangDone).toBe(false);
        // The control: another Malang kelurahan (other line, other cash account) does wait, on the chain alone.
        const malang2 = book(seats[1], 'PAR-3').then((r) => ((malang2Done = true), r));
        await until(async () => (await waiting()) >= 2);
        expect([malangDone, malang2Done]).toEqual([false, false]);
        await holder.commitTransaction();
        expect([(await malang).status, (await malang2).status]).toEqual([201, 201]);
      } finally {
        if (holder.isTransactionActive) await holder.rollbackTransaction();
        await holder.release();
      }
      expect(await problemsIn('35.71')).toEqual([]);
      expect(await problemsIn('35.73')).toEqual([]);
    });
  });

  describe('tampering with the triggers disabled, as the database owner', () => {
    it('reports a changed event with its partition and seq', async () => {
      await events('12.01', 10);
      await asOwner((m) => m.query(`UPDATE audit_event SET after = '{"i": 999}' WHERE partition = '12.01' AND seq = 4`));
      expect(await problemsIn('12.01')).toEqual([expect.objectContaining({ kind: 'EVENT_CHANGED', partition: '12.01', seq: 4 })]);
    });

    it('reports a deleted middle event with its partition and seq', async () => {
      await events('12.02', 10);
      await asOwner((m) => m.query(`DELETE FROM audit_event WHERE partition = '12.02' AND seq = 6`));
      expect(await problemsIn('12.02')).toEqual([expect.objectContaining({ kind: 'SEQ_GAP', partition: '12.02', seq: 6, missing: 1 })]);
    });

    it('reports the newest events deleted after a checkpoint, even with the head row set to match', async () => {
      await events('12.03', 10);
      const cp = await checkpoint();
      expect(cp.partitions['12.03']).toEqual({ events: 10, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
      await asOwner(async (m) => {
        await m.query(`DELETE FROM audit_event WHERE partition = '12.03' AND seq > 7`);
        await fixHeadRow(m, '12.03');
      });
      expect(await problemsIn('12.03')).toEqual([
        expect.objectContaining({ kind: 'CHECKPOINT_NOT_REACHED', partition: '12.03', seq: 10, checkpoint: cp.seq, events: 7 }),
      ]);
      // A later checkpoint does not seal the shortened chain: the partition stays where it was signed, the others move on.
      await events('12.06', 2);
      const next = await checkpoint();
      expect(next.partitions['12.03']).toEqual(cp.partitions['12.03']);
      expect(next.partitions['12.06']).toEqual({ events: 2, head: expect.any(String) });
    });

    it('reports a chain re-hashed after an edit: whole again, but no longer what the checkpoint signed', async () => {
      await events('12.04', 10);
      const cp = await checkpoint();
      await asOwner(async (m) => {
        await m.query(`UPDATE audit_event SET after = '{"i": 999}' WHERE partition = '12.04' AND seq = 3`);
        await rehash(m, '12.04', 3);
      });
      expect(await problemsIn('12.04')).toEqual([
        expect.objectContaining({ kind: 'CHECKPOINT_HEAD_MISMATCH', partition: '12.04', seq: 10, checkpoint: cp.seq }),
      ]);
    });

    it('reports the newest events deleted without a checkpoint through the head row left behind', async () => {
      await events('12.05', 5);
      await asOwner((m) => m.query(`DELETE FROM audit_event WHERE partition = '12.05' AND seq > 3`));
      expect(await problemsIn('12.05')).toEqual([expect.objectContaining({ kind: 'HEAD_ROW_MISMATCH', partition: '12.05', seq: 5 })]);
    });
  });

  describe('checkpoints', () => {
    it('publishes the public key, lists checkpoints oldest first, each naming the one before', async () => {
      const key = (await t.http().get('/api/audit/public-key').expect(200)).body;
      expect(key).toEqual({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
      await checkpoint();
      await checkpoint();
      const list = (await t.http().get('/api/audit/checkpoints').set(bearer(u.auditor)).expect(200)).body;
      expect(list.publicKey).toEqual(key);
      expect(list.items.length).toBeGreaterThanOrEqual(2);
      list.items.forEach((c: { seq: number; prevHash: string; keyId: string }, i: number) => {
        expect(c.seq).toBe(i + 1);
        expect(c.keyId).toBe(key.keyId);
        if (i > 0) expect(c.prevHash).toBe(list.items[i - 1].hash);
      });
      const after = (await t.http().get(`/api/audit/checkpoints?after=${list.items.length - 1}`).set(bearer(u.auditor)).expect(200)).body;
      expect(after.items.map((c: { seq: number }) => c.seq)).toEqual([list.items.length]);
      // The admin's checkpoint is itself in the trail, after the heads it signed.
      const [ev] = await t.db.query(`SELECT partition, after FROM audit_event WHERE action = 'audit.checkpoint' ORDER BY id DESC LIMIT 1`);
      expect(ev).toEqual({ partition: 'nasional', after: expect.objectContaining({ seq: list.items.length, hash: list.items[list.items.length - 1].hash }) });
    });

    it('signs on the interval only when a chain moved, and records no event for it', async () => {
      const service = t.app.get(AuditCheckpointService);
      await events('13.02', 1);
      const signed = await service.sign(null, { onlyIfChanged: true });
      expect(signed).toMatchObject({ partitions: expect.objectContaining({ '13.02': { events: 1, head: expect.any(String) } }) });
      expect(await service.sign(null, { onlyIfChanged: true })).toBeNull();
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'audit.checkpoint' AND entity_id = $1`, [String(signed!.seq)]);
      expect(n).toBe(0);
    });

    it('reports a forged checkpoint (a signature the key did not make) and trusts none of its heads', async () => {
      await events('13.01', 3);
      const list = (await t.http().get('/api/audit/checkpoints').set(bearer(u.auditor)).expect(200)).body;
      const last = list.items[list.items.length - 1];
      // Claims 13.01 has 50 events, signed with another key under the real key's id.
      const forged = signCheckpoint(
        { seq: last.seq + 1, signedAt: new Date().toISOString(), events: 1, partitions: { '13.01': { events: 50, head: 'a'.repeat(64) } }, prevHash: last.hash, keyId: last.keyId },
        generateKeyPairSync('ed25519').privateKey,
      );
      await t.db.query(
        `INSERT INTO audit_checkpoint (seq, signed_at, events, partitions, prev_hash, key_id, hash, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [forged.seq, forged.signedAt, forged.events, JSON.stringify(forged.partitions), forged.prevHash, forged.keyId, forged.hash, forged.signature],
      );
      const res = await verify();
      expect(res.valid).toBe(false);
      expect(res.checkpoints.valid).toBe(false);
      expect(res.problems).toContainEqual(expect.objectContaining({ kind: 'CHECKPOINT_SIGNATURE_INVALID', checkpoint: forged.seq }));
      expect(res.problems.filter((p: Problem) => p.partition === '13.01')).toEqual([]);
      // And a genuine one edited afterwards no longer matches its own hash.
      await t.owner.query('ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_no_update');
      await t.owner.query(`UPDATE audit_checkpoint SET events = events + 1 WHERE seq = 1`);
      await t.owner.query('ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_no_update');
      expect((await verify()).problems).toContainEqual(expect.objectContaining({ kind: 'CHECKPOINT_HASH_MISMATCH', checkpoint: 1 }));
    });
  });

  describe('the probes that went unnoticed before', () => {
    it('deleting the newest 5, or 1,148, audit events is reported against the checkpoint', async () => {
      await events('14.01', 1_200);
      await events('14.02', 10);
      const cp = await checkpoint();
      await asOwner(async (m) => {
        // The newest 5 across the whole trail: the two events of 14.02 and the checkpoint's own event come last.
        await m.query(`DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event WHERE partition IN ('14.01', '14.02') ORDER BY id DESC LIMIT 5)`);
        await fixHeadRow(m, '14.02');
      });
      expect(await problemsIn('14.02')).toEqual([expect.objectContaining({ kind: 'CHECKPOINT_NOT_REACHED', partition: '14.02', seq: 10, checkpoint: cp.seq, events: 5 })]);
      await asOwner(async (m) => {
        await m.query(`DELETE FROM audit_event WHERE partition = '14.01' AND seq > 1200 - 1148`);
        await fixHeadRow(m, '14.01');
      });
      expect(await problemsIn('14.01')).toEqual([expect.objectContaining({ kind: 'CHECKPOINT_NOT_REACHED', partition: '14.01', seq: 1200, checkpoint: cp.seq, events: 52 })]);
    });

    it('rewriting one event and recomputing the 21 hashes after it is reported', async () => {
      await events('14.03', 40);
      const cp = await checkpoint();
      await asOwner(async (m) => {
        await m.query(`UPDATE audit_event SET after = '{"i": -1}' WHERE partition = '14.03' AND seq = 19`);
        await rehash(m, '14.03', 19); // 19 itself and the 21 after it
      });
      expect(await problemsIn('14.03')).toEqual([expect.objectContaining({ kind: 'CHECKPOINT_HEAD_MISMATCH', partition: '14.03', seq: 40, checkpoint: cp.seq })]);
    });

    describe('the ledger and the issued documents', () => {
      let lines: Array<{ id: string }>;
      const book = async (lineId: string, amount: number) =>
        (await t.http().post('/api/spending').set(bearer(u.bendahara)).send({
          planLineId: lineId, date: `${year}-01-02`, amount, description: 'Belanja ATK', payee: 'CV Maju', evidenceNo: `BKT-${Math.random()}`,
        }).expect(201)).body;
      const factProblems = async (table: string) => (await verify()).problems.filter((p: Problem) => p.table === table);
      const withLedgerTriggerOff = (work: (m: EntityManager) => Promise<unknown>) =>
        t.owner.transaction(async (m) => {
          await m.query('ALTER TABLE spending_entry DISABLE TRIGGER spending_entry_no_update');
          await work(m);
          await m.query('ALTER TABLE spending_entry ENABLE TRIGGER spending_entry_no_update');
        });

      beforeAll(async () => {
        const plan = await insertPlan(t, { kelurahanCode: '35.73.01.1001', year, lines: [{ amount: 50_000_000 }, { amount: 50_000_000 }, { amount: 50_000_000 }] });
        lines = plan.lines;
      });

      it('every row with its event: the report is clean, and the totals check is part of it', async () => {
        await book(lines[0].id, 1_000_000);
        const res = await verify();
        expect(res.facts).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'spending_entry', problems: 0 })]));
        expect(res.checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'spending_totals', consistent: true })]));
        expect(await factProblems('spending_entry')).toEqual([]);
      });

      it('changing a ledger amount while fixing the running totals is reported', async () => {
        const e = await book(lines[1].id, 2_500_000);
        await withLedgerTriggerOff(async (m) => {
          await m.query('UPDATE spending_entry SET amount = 250000 WHERE id = $1', [e.id]);
          await m.query('UPDATE plan_line SET spent = spent - 2250000 WHERE id = $1', [lines[1].id]);
          await m.query(`UPDATE plan_line_month_total SET amount = amount - 2250000 WHERE plan_line_id = $1`, [lines[1].id]);
          await m.query(`UPDATE kelurahan_month_total SET amount = amount - 2250000 WHERE kelurahan_code = '35.73.01.1001' AND year = $1 AND month = 1 AND category = 'sarpras'`, [year]);
        });
        const res = await verify();
        expect(res.checks.find((c: { name: string }) => c.name === 'spending_totals').consistent).toBe(true); // the totals were fixed: they alone cannot tell
        expect(res.problems).toContainEqual(expect.objectContaining({ kind: 'FACT_DIFFERS_FROM_EVENT', table: 'spending_entry', id: e.id, partition: '35.73', seq: expect.any(Number) }));
      });

      it('deleting a ledger row while fixing the running totals is reported', async () => {
        const e = await book(lines[2].id, 700_000);
        await withLedgerTriggerOff(async (m) => {
          // What hangs on the entry goes first: its nomor bukti claim and its cash postings (the BKU rows).
          await m.query('DELETE FROM spending_evidence_no WHERE spending_entry_id = $1', [e.id]);
          await m.query('ALTER TABLE cash_posting DISABLE TRIGGER cash_posting_no_update');
          await m.query('DELETE FROM cash_posting WHERE spending_entry_id = $1', [e.id]);
          await m.query('ALTER TABLE cash_posting ENABLE TRIGGER cash_posting_no_update');
          await m.query('DELETE FROM spending_entry WHERE id = $1', [e.id]);
          await m.query('UPDATE plan_line SET spent = spent - 700000, entry_count = entry_count - 1 WHERE id = $1', [lines[2].id]);
          await m.query(`UPDATE plan_line_month_total SET amount = amount - 700000, entry_count = entry_count - 1 WHERE plan_line_id = $1`, [lines[2].id]);
          await m.query(
            `UPDATE kelurahan_month_total SET amount = amount - 700000, entry_count = entry_count - 1 WHERE kelurahan_code = '35.73.01.1001' AND year = $1 AND month = 1 AND category = 'sarpras'`,
            [year],
          );
        });
        const res = await verify();
        expect(res.checks.find((c: { name: string }) => c.name === 'spending_totals').consistent).toBe(true);
        expect(res.problems).toContainEqual(expect.objectContaining({ kind: 'FACT_MISSING', table: 'spending_entry', id: e.id, partition: '35.73' }));
      });

      it('a plain INSERT of a forged Rp 4.999.999 entry with matching totals is reported (as the app role, no trigger to disable)', async () => {
        const [forged] = await t.db.query(
          `INSERT INTO spending_entry (plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee, evidence_no, created_by, account_code)
           SELECT l.id, l.plan_id, l.kelurahan_code, l.year, 'sarpras', $2::date, 4999999, 'Belanja fiktif', 'CV Fiktif', 'X-1', $3, '5.1.02.01.01.0052'
             FROM plan_line l WHERE l.id = $1 RETURNING id`,
          [lines[0].id, `${year}-01-03`, u.bendahara.id],
        );
        await t.db.query('UPDATE plan_line SET spent = spent + 4999999, entry_count = entry_count + 1 WHERE id = $1', [lines[0].id]);
        await t.db.query(`UPDATE plan_line_month_total SET amount = amount + 4999999, entry_count = entry_count + 1 WHERE plan_line_id = $1 AND month = 1`, [lines[0].id]);
        await t.db.query(
          `UPDATE kelurahan_month_total SET amount = amount + 4999999, entry_count = entry_count + 1 WHERE kelurahan_code = '35.73.01.1001' AND year = $1 AND month = 1 AND category = 'sarpras'`,
          [year],
        );
        const res = await verify();
        expect(res.checks.find((c: { name: string }) => c.name === 'spending_totals').consistent).toBe(true);
        expect(res.problems).toContainEqual(expect.objectContaining({ kind: 'FACT_WITHOUT_EVENT', table: 'spending_entry', id: forged.id }));
      });

      it('a plain INSERT into issued_document with a forged PDF’s hash is reported, and the PDF does not verify', async () => {
        const pdf = Buffer.from('%PDF-1.7\n% dokumen palsu\n%%EOF\n');
        const number = `DK/35.73.01.1001/${year}/999999`;
        await t.db.query(
          `INSERT INTO issued_document (number, kind, region_code, year, period, sha256, data_sha256, byte_size, issued_by_name)
           VALUES ($1, 'realisasi', '35.73.01.1001', $2, 'Q1', $3, $3, $4, 'Pemalsu')`,
          [number, year, sha256Hex(pdf), pdf.length],
        );
        expect((await verify()).problems).toContainEqual(expect.objectContaining({ kind: 'FACT_WITHOUT_EVENT', table: 'issued_document', id: number }));
        const res = await t.http().post('/api/documents/verify').set(bearer(u.lurah)).attach('file', pdf, { filename: 'palsu.pdf', contentType: 'application/pdf' }).expect(200);
        expect(res.body).toMatchObject({ valid: false, document: null });
      });
    });
  });

  describe('least privilege: the app connects as dana_app', () => {
    /** Each append-only table with a column an UPDATE would set. */
    const APPEND_ONLY: Record<string, string> = {
      audit_event: 'reason', audit_checkpoint: 'events', audit_checkpoint_head: 'events', spending_entry: 'payee', issued_document: 'kind',
      cash_fund_entry: 'amount', cash_posting: 'amount', tax_line: 'amount', tax_deposit: 'amount', evidence: 'sha256', book_period_event: 'reason',
    };

    it('is not the owner and holds no power beyond its grants', async () => {
      const [me] = await t.db.query(
        `SELECT current_user AS name, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(me).toEqual({ name: 'dana_app', rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolreplication: false });
      const [owner] = await t.owner.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event'`);
      expect(owner.tableowner).not.toBe('dana_app');
    });

    it.each(Object.keys(APPEND_ONLY))('is refused UPDATE, DELETE, TRUNCATE and ALTER on %s, and may SELECT', async (table) => {
      for (const sql of [
        `UPDATE ${table} SET ${APPEND_ONLY[table]} = ${APPEND_ONLY[table]}`,
        `DELETE FROM ${table}`,
        `TRUNCATE ${table} CASCADE`,
      ]) {
        await expect(t.db.query(sql)).rejects.toThrow(/permission denied/);
      }
      const trigger = `${table}_no_update`;
      await expect(t.db.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`)).rejects.toThrow(/must be owner/);
      await expect(t.db.query(`ALTER TABLE ${table} ADD COLUMN x int`)).rejects.toThrow(/must be owner/);
      await expect(t.db.query(`DROP TABLE ${table}`)).rejects.toThrow(/must be owner/);
      await expect(t.db.query(`SELECT count(*) FROM ${table}`)).resolves.toHaveLength(1);
    });

    it('cannot switch triggers off for its session, create tables, or read the migrations table', async () => {
      await expect(t.db.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
      await expect(t.db.query(`CREATE TABLE intruder (x int)`)).rejects.toThrow(/permission denied/);
      await expect(t.db.query(`SELECT * FROM migrations`)).rejects.toThrow(/permission denied/);
      await expect(t.db.query(`SELECT declare_append_only('audit_event')`)).rejects.toThrow(/permission denied/);
    });

    it('gets plain tables the owner creates later by default, and an append-only table with one line', async () => {
      await t.owner.query(`CREATE TABLE later_plain (id int PRIMARY KEY, v text)`);
      await t.owner.query(`CREATE TABLE later_ledger (id int PRIMARY KEY, v text)`);
      await t.owner.query(`SELECT declare_append_only('later_ledger')`);
      await t.db.query(`INSERT INTO later_plain VALUES (1, 'a')`);
      await t.db.query(`UPDATE later_plain SET v = 'b'`);
      await t.db.query(`DELETE FROM later_plain`);
      await t.db.query(`INSERT INTO later_ledger VALUES (1, 'a')`);
      await expect(t.db.query(`UPDATE later_ledger SET v = 'b'`)).rejects.toThrow(/permission denied/);
      await expect(t.db.query(`DELETE FROM later_ledger`)).rejects.toThrow(/permission denied/);
      await expect(t.owner.query(`UPDATE later_ledger SET v = 'b'`)).rejects.toThrow(/append-only/);
      await expect(t.owner.query(`TRUNCATE later_ledger`)).rejects.toThrow(/append-only/);
      expect(await t.db.query(`SELECT v FROM later_ledger`)).toEqual([{ v: 'a' }]);
    });
  });
});

import { QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { AUDIT_AT_SQL, GENESIS_HASH, hashEvent } from '../../src/modules/audit/audit-hash';
import { AuditInput, AuditService } from '../../src/modules/audit/audit.service';
import { treeHead, VERIFY_BATCH } from '../../src/modules/audit/audit-verifier';
import { buildWorld } from '../access/world';
import type { World } from '../access/matrix.types';
import type { TestApp } from '../helpers/test-app';
import { bearer, TestUser } from '../helpers/users';

describe('audit trail: hash chain, append-only, scoped list, verify', () => {
  let t: TestApp;
  let audit: AuditService;
  let u: World['users'];

  const actorOf = (x: TestUser): AuthUser => ({ id: x.id, username: x.username, fullName: x.username, role: x.role, regionCode: x.regionCode });
  const record = (input: AuditInput) => t.db.transaction((m) => audit.record(m, input));
  const count = async (partition?: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE partition = coalesce($1, partition)`, [partition ?? null]))[0].n as number;
  const get = (user: TestUser, query = '') => t.http().get(`/api/audit${query}`).set(bearer(user));
  const verify = async () => (await t.http().get('/api/audit/verify').set(bearer(u.auditor)).expect(200)).body;
  /** Runs SQL as the table owner could, with the append-only trigger switched off for a moment. */
  const withTriggerOff = async (sql: string, params: unknown[] = []) => {
    await t.owner.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    try {
      await t.owner.query(sql, params);
    } finally {
      await t.owner.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
    }
  };

  beforeAll(async () => {
    ({ t, users: u } = await buildWorld());
    audit = t.app.get(AuditService);
    const lurah = actorOf(u.lurah);
    await record({ actor: lurah, action: 'plan.create', entity: 'plan', entityId: 'p-1001', regionCode: '35.73.01.1001', after: { year: 2026 } });
    await record({ actor: lurah, action: 'plan.submit', entity: 'plan', entityId: 'p-1001', regionCode: '35.73.01.1001', before: { status: 'draft' }, after: { status: 'submitted' } });
    await record({ actor: actorOf(u.camat), action: 'plan.return', entity: 'plan', entityId: 'p-1001', regionCode: '35.73.01.1001', reason: 'volume belum sesuai' });
    await record({ actor: actorOf(u.lurahOther), action: 'plan.create', entity: 'plan', entityId: 'p-1002', regionCode: '35.73.01.1002' });
    await record({ actor: null, action: 'plan.create', entity: 'plan', entityId: 'p-klojen', regionCode: '35.73.02.1001' });
    await record({ actor: null, action: 'plan.create', entity: 'plan', entityId: 'p-kediri', regionCode: '35.71.01.1001' });
    await record({ actor: actorOf(u.nationalAdmin), action: 'user.create', entity: 'user', entityId: u.admin.id, regionCode: null });
  });
  afterAll(() => t.close());

  describe('GET /api/audit', () => {
    it('lists every event to the national admin, newest first, in the contract shape', async () => {
      const res = await get(u.nationalAdmin).expect(200);
      expect(res.body.total).toBe(await count());
      const ats = res.body.items.map((e: { at: string }) => e.at);
      expect(ats).toEqual([...ats].sort().reverse());
      expect(res.body.items[0]).toEqual({
        partition: 'nasional',
        seq: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        actorId: u.nationalAdmin.id,
        actor: u.nationalAdmin.username,
        role: 'admin',
        action: 'user.create',
        entity: 'user',
        entityId: u.admin.id,
        regionCode: null,
        before: null,
        after: null,
        reason: null,
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const ret = res.body.items.find((e: { action: string }) => e.action === 'plan.return');
      expect(ret).toMatchObject({ actor: u.camat.username, role: 'camat', reason: 'volume belum sesuai', regionCode: '35.73.01.1001' });
    });

    it.each([
      ['lurah', ['p-1001']],
      ['bendahara', ['p-1001']],
      ['lurahOther', ['p-1002']],
      ['camat', ['p-1001', 'p-1002']],
      ['admin', ['p-1001', 'p-1002', 'p-klojen', '35.73']],
      ['auditor', ['p-1001', 'p-1002', 'p-klojen', '35.73']],
      ['auditorOther', ['p-kediri', '35.71']],
      ['adminOther', ['p-kediri', '35.71']],
    ] as const)('limits %s to its region (events without a region: national admin only)', async (who, entityIds) => {
      const res = await get(u[who], '?pageSize=500').expect(200);
      const seen = [...new Set(res.body.items.map((e: { entityId: string }) => e.entityId))].sort();
      expect(seen).toEqual([...entityIds].sort());
      expect(res.body.total).toBe(res.body.items.length);
      expect(res.body.items.every((e: { regionCode: string | null }) => e.regionCode !== null)).toBe(true);
    });

    it('filters by entity, action, entityId and region', async () => {
      const byAction = await get(u.auditor, '?action=plan.create').expect(200);
      expect(byAction.body.items.map((e: { entityId: string }) => e.entityId).sort()).toEqual(['p-1001', 'p-1002', 'p-klojen']);
      const byEntity = await get(u.nationalAdmin, '?entity=user').expect(200);
      expect(byEntity.body.items.every((e: { entity: string }) => e.entity === 'user')).toBe(true);
      expect(byEntity.body.total).toBeGreaterThanOrEqual(1);
      const byId = await get(u.camat, '?entity=plan&entityId=p-1001').expect(200);
      expect(byId.body.items.map((e: { action: string }) => e.action)).toEqual(['plan.return', 'plan.submit', 'plan.create']);
      const byRegion = await get(u.auditor, '?region=35.73.01').expect(200);
      expect(byRegion.body.items.map((e: { entityId: string }) => e.entityId).sort()).toEqual(['p-1001', 'p-1001', 'p-1001', 'p-1002']);
      const kel = await get(u.camat, '?region=35.73.01.1002').expect(200);
      expect(kel.body).toMatchObject({ total: 1, items: [{ entityId: 'p-1002' }] });
      const none = await get(u.nationalAdmin, '?action=tidak.ada').expect(200);
      expect(none.body).toEqual({ items: [], total: 0 });
    });

    it('filters by date (a calendar day in WIB) and by timestamp', async () => {
      const [{ today, tomorrow, yesterday }] = await t.db.query(
        `SELECT to_char(now() AT TIME ZONE INTERVAL '+07:00', 'YYYY-MM-DD') AS today, to_char(now() AT TIME ZONE INTERVAL '+07:00' + interval '1 day', 'YYYY-MM-DD') AS tomorrow,
                to_char(now() AT TIME ZONE INTERVAL '+07:00' - interval '1 day', 'YYYY-MM-DD') AS yesterday`,
      );
      const all = (await get(u.auditor).expect(200)).body.total;
      expect((await get(u.auditor, `?from=${today}&to=${today}`).expect(200)).body.total).toBe(all);
      expect((await get(u.auditor, `?from=${tomorrow}`).expect(200)).body.total).toBe(0);
      expect((await get(u.auditor, `?to=${yesterday}`).expect(200)).body.total).toBe(0);
      const items = (await get(u.auditor, '?entityId=p-1001').expect(200)).body.items as Array<{ at: string; seq: number }>;
      const submitAt = items[1].at;
      const seqsWhere = (keep: (e: { at: string }) => boolean) => items.filter(keep).map((e) => e.seq);
      const since = (await get(u.auditor, `?entityId=p-1001&from=${encodeURIComponent(submitAt)}`).expect(200)).body.items;
      expect(since.map((e: { seq: number }) => e.seq)).toEqual(seqsWhere((e) => e.at >= submitAt));
      const until = (await get(u.auditor, `?entityId=p-1001&to=${encodeURIComponent(submitAt)}`).expect(200)).body.items;
      expect(until.map((e: { seq: number }) => e.seq)).toEqual(seqsWhere((e) => e.at <= submitAt));
      expect(until.map((e: { seq: number }) => e.seq)).toContain(items[1].seq);
      // The same instant written in WIB with its offset.
      const offset = new Date(Date.parse(submitAt) + 7 * 3600_000).toISOString().replace('Z', '+07:00');
      expect((await get(u.auditor, `?entityId=p-1001&from=${encodeURIComponent(offset)}&to=${encodeURIComponent(offset)}`).expect(200)).body.items.map((e: { seq: number }) => e.seq)).toContain(items[1].seq);
    });

    it('paginates with page and pageSize (default 50, at most 500)', async () => {
      const all = (await get(u.nationalAdmin, '?pageSize=500').expect(200)).body;
      const p2 = (await get(u.nationalAdmin, '?page=2&pageSize=3').expect(200)).body;
      expect(p2.total).toBe(all.total);
      expect(p2.items.map((e: { seq: number }) => e.seq)).toEqual(all.items.slice(3, 6).map((e: { seq: number }) => e.seq));
      const beyond = (await get(u.nationalAdmin, '?page=1000').expect(200)).body;
      expect(beyond).toEqual({ items: [], total: all.total });
    });

    it.each([
      ['?foo=1', 'foo'],
      ['?actor=x', 'actor'],
      ['?from=2026-13-01', 'from'],
      ['?from=2026-02-30', 'from'],
      ['?to=kemarin', 'to'],
      ['?from=2026-01-01T10:00:00', 'from'],
      ['?from=2026-W01', 'from'],
      ['?from=2026-03-02&to=2026-03-01', 'to'],
      ['?region=35.7', 'region'],
      ['?pageSize=501', 'pageSize'],
      ['?pageSize=0', 'pageSize'],
      ['?page=abc', 'page'],
      ['?page=0', 'page'],
    ])('refuses %s with 400 naming the field', async (query, field) => {
      const res = await get(u.auditor, query).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(res.body.details.every((d: { field: string }) => d.field === field)).toBe(true);
    });

    it('answers a region outside the caller scope, or unknown, with 404 like missing', async () => {
      for (const [who, region] of [['lurah', '35.73.01.1002'], ['lurah', '35.73.01'], ['camat', '35.73.02'], ['admin', '35.71'], ['auditorOther', '35.73.01.1001']] as const) {
        const res = await get(u[who], `?region=${region}`).expect(404);
        expect(res.body.code).toBe('REGION_NOT_FOUND');
      }
      expect((await get(u.nationalAdmin, '?region=35.99').expect(404)).body.code).toBe('REGION_NOT_FOUND');
    });

    it('requires a login', async () => {
      await t.http().get('/api/audit').expect(401);
      await t.http().get('/api/audit/verify').expect(401);
    });
  });

  describe('GET /api/audit/verify', () => {
    it('answers auditor and admin (any scope) with every partition, and nothing of the events’ content', async () => {
      for (const who of ['auditor', 'auditorOther', 'admin', 'nationalAdmin'] as const) {
        const res = await t.http().get('/api/audit/verify').set(bearer(u[who])).expect(200);
        expect(res.body).toMatchObject({ valid: true, events: await count(), head: expect.stringMatching(/^[0-9a-f]{64}$/), problems: [], problemCount: 0 });
      }
      const body = await verify();
      const heads: Array<{ partition: string; n: number; hash: string }> = await t.db.query(
        `SELECT DISTINCT ON (partition) partition, seq::int AS n, hash FROM audit_event ORDER BY partition, seq DESC`,
      );
      expect(body.partitions).toEqual(heads.map((h) => ({ partition: h.partition, events: h.n, head: h.hash, valid: true, checkpointed: 0 })));
      expect(body.head).toBe(treeHead(Object.fromEntries(heads.map((h) => [h.partition, { events: h.n, head: h.hash }]))));
      expect(body.partitions.map((p: { partition: string }) => p.partition)).toEqual(expect.arrayContaining(['35.71', '35.73', 'nasional']));
      expect(JSON.stringify(body)).not.toContain('p-1001');
    });

    it('refuses camat, lurah and bendahara with 403', async () => {
      for (const who of ['camat', 'lurah', 'bendahara'] as const) {
        expect((await t.http().get('/api/audit/verify').set(bearer(u[who])).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
      }
    });

    it('round-trips awkward content exactly: key order, numbers, dates, bigint, unicode, NUL', async () => {
      const { seq, partition } = await record({
        actor: { ...actorOf(u.lurah), id: u.lurah.id.toUpperCase() }, // stored (and hashed) as the uuid column spells it
        action: 'test.roundtrip',
        entity: 'test',
        entityId: 'x\u0000y',
        regionCode: '35.73.01.1001',
        before: { z: 1, a: [3, 2, 1], nested: { b: 'ü', a: '😀' }, long: 'k'.repeat(300) },
        after: {
          float: 0.1, small: 1e-7, big: 1e21, negZero: -0, max: Number.MAX_SAFE_INTEGER, over: 2 ** 60, exp: 1.5e300, pi: Math.PI,
          when: new Date('2026-05-06T07:08:09.010Z'), bigint: 12345678901234567890n, gone: undefined, nan: NaN,
          text: 'nul\u0000 lone\uD800 emoji 😀 quote " backslash \\ newline \n', ['__proto__']: { polluted: true }, '': 'empty key',
        },
        reason: 'alasan\u0000',
      });
      expect(partition).toBe('35.73');
      expect(await verify()).toMatchObject({ valid: true });
      const [row] = (await get(u.lurah, '?action=test.roundtrip').expect(200)).body.items;
      expect(row.seq).toBe(seq);
      expect(row.partition).toBe('35.73');
      expect(row.actorId).toBe(u.lurah.id);
      expect(row.entityId).toBe('x\uFFFDy');
      expect(row.reason).toBe('alasan\uFFFD');
      expect(row.after).toMatchObject({ float: 0.1, small: 1e-7, big: 1e21, negZero: 0, over: 2 ** 60, when: '2026-05-06T07:08:09.010Z', bigint: '12345678901234567890', nan: null });
      expect(row.after.text).toBe('nul\uFFFD lone\uFFFD emoji 😀 quote " backslash \\ newline \n');
      expect('gone' in row.after).toBe(false);
    });

    it('finds a row changed with the trigger disabled, at that partition and seq, and is valid again once restored', async () => {
      const [{ seq }] = await t.db.query(`SELECT seq::int AS seq FROM audit_event WHERE action = 'plan.submit' AND entity_id = 'p-1001'`);
      await t.owner.query(`CREATE TABLE audit_backup AS SELECT * FROM audit_event WHERE partition = '35.73' AND seq = $1`, [seq]);
      const restore = `UPDATE audit_event e SET at = b.at, actor = b.actor, after = b.after, region_code = b.region_code, prev_hash = b.prev_hash, hash = b.hash
                         FROM audit_backup b WHERE e.partition = b.partition AND e.seq = b.seq`;
      const where = `WHERE partition = '35.73' AND seq = $1`;
      const tampers = [
        [`UPDATE audit_event SET after = '{"status": "approved"}' ${where}`, 'EVENT_CHANGED'],
        [`UPDATE audit_event SET at = at + interval '1 millisecond' ${where}`, 'EVENT_CHANGED'],
        [`UPDATE audit_event SET at = at + interval '1 microsecond' ${where}`, 'EVENT_CHANGED'],
        [`UPDATE audit_event SET actor = 'orang_lain' ${where}`, 'EVENT_CHANGED'],
        [`UPDATE audit_event SET region_code = '35.73.01.1002' ${where}`, 'EVENT_CHANGED'],
        // Recomputing the row's own hash does not help: the next row still points at the old one.
        [`UPDATE audit_event SET prev_hash = repeat('a', 64) ${where}`, 'PREV_HASH_MISMATCH'],
      ] as const;
      for (const [sql, problem] of tampers) {
        await withTriggerOff(sql, [seq]);
        const res = await verify();
        expect({ sql, ...res }).toMatchObject({ sql, valid: false, events: await count(), brokenAt: seq, partition: '35.73', problem });
        expect(res.partitions.find((p: { partition: string }) => p.partition === '35.73').valid).toBe(false);
        expect(res.partitions.find((p: { partition: string }) => p.partition === '35.71').valid).toBe(true);
        await withTriggerOff(restore);
        expect(await verify()).toMatchObject({ valid: true });
      }

      await withTriggerOff(`DELETE FROM audit_event ${where}`, [seq]);
      expect(await verify()).toMatchObject({ valid: false, brokenAt: seq, partition: '35.73', problem: 'SEQ_GAP' });
      await t.owner.query('INSERT INTO audit_event OVERRIDING SYSTEM VALUE SELECT * FROM audit_backup');
      expect(await verify()).toMatchObject({ valid: true });
      await t.owner.query('DROP TABLE audit_backup');
    });

    it('recomputes a chain longer than one batch, and finds a break deep in it', async () => {
      const before = await count('35.73');
      const n = VERIFY_BATCH * 2 + 500;
      // Append well-formed events in bulk as the owner, hashed exactly as an append hashes them.
      await t.owner.transaction(async (m) => {
        const [head] = await m.query(
          `SELECT seq::int AS seq, head, ${AUDIT_AT_SQL("date_trunc('milliseconds', now())")} AS at FROM audit_partition WHERE partition = '35.73' FOR UPDATE`,
        );
        let prev: string = head.head;
        const rows: Array<{ seq: number; entityId: string; after: unknown; prevHash: string; hash: string }> = [];
        for (let i = 1; i <= n; i++) {
          const body = {
            actorId: null, actor: 'sistem', role: null, action: 'bulk.test', entity: 'test',
            entityId: String(i), regionCode: '35.73.02.1001', before: null, after: { i, label: `baris ${i}` }, reason: null,
          };
          const hash = hashEvent('35.73', head.seq + i, head.at, body, prev);
          rows.push({ seq: head.seq + i, entityId: body.entityId, after: body.after, prevHash: prev, hash });
          prev = hash;
        }
        await m.query(
          `INSERT INTO audit_event (partition, seq, at, actor, action, entity, entity_id, region_code, after, prev_hash, hash)
           SELECT '35.73', seq, $2::timestamptz, 'sistem', 'bulk.test', 'test', entity_id, '35.73.02.1001', after, prev_hash, hash
             FROM unnest($1::bigint[], $3::text[], $4::jsonb[], $5::text[], $6::text[]) AS x(seq, entity_id, after, prev_hash, hash)`,
          [rows.map((r) => r.seq), head.at, rows.map((r) => r.entityId), rows.map((r) => JSON.stringify(r.after)), rows.map((r) => r.prevHash), rows.map((r) => r.hash)],
        );
        await m.query(`UPDATE audit_partition SET seq = $1, prev_head = $2, head = $3 WHERE partition = '35.73'`, [head.seq + n, rows[n - 2].hash, prev]);
      });
      expect(await verify()).toMatchObject({ valid: true, events: await count() });
      expect(await count('35.73')).toBe(before + n);
      const deep = before + VERIFY_BATCH * 2 + 7;
      await withTriggerOff(`UPDATE audit_event SET after = jsonb_set(after, '{i}', '0') WHERE partition = '35.73' AND seq = $1`, [deep]);
      expect(await verify()).toMatchObject({ valid: false, brokenAt: deep, partition: '35.73', problem: 'EVENT_CHANGED', problemCount: 1 });
      await withTriggerOff(`UPDATE audit_event SET after = jsonb_set(after, '{i}', to_jsonb(seq - $2::int)) WHERE partition = '35.73' AND seq = $1`, [deep, before]);
      expect(await verify()).toMatchObject({ valid: true });
    });
  });

  describe('append-only and transactional', () => {
    it('refuses UPDATE, DELETE and TRUNCATE: to the app role by privilege, to the owner by trigger', async () => {
      const n = await count();
      for (const sql of [
        `UPDATE audit_event SET reason = 'ubah' WHERE seq = 1`,
        `UPDATE audit_event SET reason = reason`,
        'DELETE FROM audit_event WHERE seq = 1',
        'TRUNCATE audit_event',
      ]) {
        await expect(t.db.query(sql)).rejects.toThrow(/permission denied/);
        await expect(t.owner.query(sql)).rejects.toThrow(/append-only/);
      }
      expect(await count()).toBe(n);
      expect(await verify()).toMatchObject({ valid: true, events: n });
    });

    it('keeps each partition one unbroken line under 100 concurrent writers', async () => {
      const before = { '35.73': await count('35.73'), '35.71': await count('35.71') };
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          record({ actor: actorOf(u.lurah), action: 'test.concurrent', entity: 'test', entityId: String(i), regionCode: i % 2 ? '35.73.01.1001' : '35.71.01.1001', after: { i } }),
        ),
      );
      for (const p of ['35.73', '35.71'] as const) {
        const seqs = results.filter((r) => r.partition === p).map((r) => r.seq).sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => before[p] + 1 + i));
        const [stats] = await t.db.query('SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM audit_event WHERE partition = $1', [p]);
        expect(stats).toEqual({ n: before[p] + 50, lo: 1, hi: before[p] + 50 });
      }
      const res = await verify();
      expect(res).toMatchObject({ valid: true });
      expect(res.partitions.find((p: { partition: string }) => p.partition === '35.71').head).toBe(results.find((r) => r.partition === '35.71' && r.seq === before['35.71'] + 50)!.hash);
    });

    it('leaves no event when the mutation fails after recording', async () => {
      const before = await count('nasional');
      await expect(
        t.db.transaction(async (m) => {
          await audit.record(m, { actor: actorOf(u.lurah), action: 'test.rollback', entity: 'test', regionCode: null });
          throw new Error('mutasi gagal');
        }),
      ).rejects.toThrow('mutasi gagal');
      expect(await count('nasional')).toBe(before);
      expect((await get(u.nationalAdmin, '?action=test.rollback').expect(200)).body.total).toBe(0);
      const next = await record({ actor: null, action: 'test.after_rollback', entity: 'test' });
      expect(next).toMatchObject({ partition: 'nasional', seq: before + 1 });
      expect(await verify()).toMatchObject({ valid: true });
    });

    it('starts a partition at seq 1 from the genesis hash', async () => {
      const first = await record({ actor: null, action: 'test.first', entity: 'test', regionCode: '65.71.01.1001' });
      expect(first).toMatchObject({ partition: '65.71', seq: 1 });
      const [row] = await t.db.query(`SELECT prev_hash FROM audit_event WHERE partition = '65.71' AND seq = 1`);
      expect(row.prev_hash).toBe(GENESIS_HASH);
      expect(await verify()).toMatchObject({ valid: true });
    });

    it('refuses to record outside a transaction', async () => {
      await expect(audit.record(t.db.manager, { actor: null, action: 'test.no_tx', entity: 'test' })).rejects.toThrow(/inside the mutation transaction/);
    });

    it('turns a stale head under REPEATABLE READ into a retryable serialisation failure', async () => {
      const before = await count('nasional');
      const qr = t.db.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction('REPEATABLE READ');
        await qr.query('SELECT count(*) FROM audit_event'); // the snapshot is taken here
        await record({ actor: null, action: 'test.meanwhile', entity: 'test' });
        const err = await audit.record(qr.manager, { actor: null, action: 'test.stale', entity: 'test' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(QueryFailedError);
        expect((err as { code?: string }).code).toBe('40001');
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
      expect(await count('nasional')).toBe(before + 1);
      expect(await verify()).toMatchObject({ valid: true });
    });
  });
});

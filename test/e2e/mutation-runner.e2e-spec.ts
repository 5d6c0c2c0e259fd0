import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { AppError } from '../../src/common/errors/app-error';
import { defineErrors } from '../../src/common/errors/catalogue';
import { MAX_ATTEMPTS, MutationRunner } from '../../src/database/mutation-runner';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { insertUser } from '../helpers/users';

const PROBE_ERRORS = defineErrors({
  PROBE_REFUSED: { status: 422, message: (n: number) => `ditolak ${n}` },
  PROBE_MISSING: { status: 404, message: 'tidak ada' },
});

describe('MutationRunner', () => {
  let t: TestApp;
  let db: DataSource;
  let runner: MutationRunner;
  let lurah: AuthUser;
  let bendahara: AuthUser;
  let bendaharaOther: AuthUser;
  let admin: AuthUser;

  const user = async (role: AuthUser['role'], regionCode: string | null): Promise<AuthUser> => {
    const u = await insertUser(db, role, regionCode);
    return { id: u.id, username: u.username, fullName: `Pengguna ${u.username}`, role, regionCode };
  };
  const probe = (m: EntityManager, v: string) => m.query('INSERT INTO runner_probe (v) VALUES ($1) RETURNING id', [v]);
  const probes = async () => (await db.query('SELECT v FROM runner_probe ORDER BY id')).map((r: { v: string }) => r.v);
  const events = async (entity = 'runner_probe') =>
    db.query('SELECT action, actor, entity_id, region_code FROM audit_event WHERE entity = $1 ORDER BY id', [entity]);
  const pgError = (code: string) => `DO $$ BEGIN RAISE EXCEPTION 'probe' USING ERRCODE = '${code}'; END $$`;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.db;
    await importKabkota(t, '35.73');
    // DDL is the owner's: the app's role may not create tables (default privileges then let it use this one).
    await t.owner.query('CREATE TABLE runner_probe (id serial PRIMARY KEY, v text NOT NULL)');
    runner = t.app.get(MutationRunner);
    [lurah, bendahara, bendaharaOther, admin] = await Promise.all([
      user('lurah', '35.73.01.1001'),
      user('bendahara', '35.73.01.1001'),
      user('bendahara', '35.73.01.1002'),
      user('admin', null),
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(async () => {
    await t.owner.query('TRUNCATE runner_probe');
  });

  it('commits the work and its audit events, in order, in one transaction; actor defaults to the runner actor', async () => {
    const before = (await events()).length;
    const answer = await runner.run(lurah, async (m) => {
      const [row] = await probe(m, 'satu');
      return {
        body: { id: row.id },
        audit: [
          { action: 'probe.first', entity: 'runner_probe', entityId: String(row.id), regionCode: '35.73.01.1001' },
          { actor: null, action: 'probe.second', entity: 'runner_probe', entityId: String(row.id) },
        ],
      };
    });
    expect(answer).toEqual({ body: { id: expect.any(Number) }, replayed: false });
    expect(await probes()).toEqual(['satu']);
    expect((await events()).slice(before)).toEqual([
      { action: 'probe.first', actor: lurah.username, entity_id: String(answer.body.id), region_code: '35.73.01.1001' },
      { action: 'probe.second', actor: 'sistem', entity_id: String(answer.body.id), region_code: null },
    ]);
  });

  it('leaves nothing behind when the work refuses: no row, no audit event', async () => {
    const before = (await events()).length;
    await expect(
      runner.run(lurah, async (m) => {
        await probe(m, 'batal');
        throw PROBE_ERRORS.error('PROBE_REFUSED', 7);
      }),
    ).rejects.toMatchObject({ status: 422, code: 'PROBE_REFUSED', message: 'ditolak 7' });
    expect(await probes()).toEqual([]);
    expect((await events()).length).toBe(before);
  });

  it('runs a transaction again after a serialisation failure or deadlock, and gives up after MAX_ATTEMPTS', async () => {
    let calls = 0;
    const answer = await runner.run(lurah, async (m) => {
      calls++;
      await probe(m, `coba ${calls}`);
      if (calls === 1) await m.query(pgError('40001'));
      if (calls === 2) await m.query(pgError('40P01'));
      return { body: calls, audit: { action: 'probe.retry', entity: 'runner_probe' } };
    });
    expect(answer.body).toBe(3);
    expect(await probes()).toEqual(['coba 3']);

    calls = 0;
    await expect(
      runner.run(lurah, async (m) => {
        calls++;
        await m.query(pgError('40001'));
        return { body: null, audit: { action: 'probe.never', entity: 'runner_probe' } };
      }),
    ).rejects.toMatchObject({ code: '40001' });
    expect(calls).toBe(MAX_ATTEMPTS);

    // Anything else is not retried.
    calls = 0;
    await expect(
      runner.run(lurah, async (m) => {
        calls++;
        await m.query(pgError('23505'));
        return { body: null, audit: { action: 'probe.never', entity: 'runner_probe' } };
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });

  it('gets two transactions that deadlock on each other both committed', async () => {
    await db.query(`INSERT INTO runner_probe (id, v) VALUES (1, 'a'), (2, 'b')`);
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((r) => (release = r));
    const crossing = (first: number, second: number) =>
      runner.run(lurah, async (m) => {
        await m.query('UPDATE runner_probe SET v = v || $2 WHERE id = $1', [first, `+${first}`]);
        // Only the first attempts wait for each other; a retry goes straight through.
        if (++arrived === 2) release();
        if (arrived <= 2) await bothHoldOne;
        await m.query('UPDATE runner_probe SET v = v || $2 WHERE id = $1', [second, `+${first}`]);
        return { body: first, audit: { action: 'probe.cross', entity: 'runner_probe' } };
      });
    const results = await Promise.allSettled([crossing(1, 2), crossing(2, 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const rows: Array<{ v: string }> = await db.query('SELECT v FROM runner_probe ORDER BY id');
    // Each row got both transactions' marks exactly once.
    expect(rows.map((r) => [...r.v.matchAll(/\+\d/g)].map((x) => x[0]).sort())).toEqual([['+1', '+2'], ['+1', '+2']]);
  });

  it('runs inside a transaction the caller holds, and refuses a manager without one', async () => {
    await db.transaction(async (m) => {
      await runner.run(null, async (tx) => {
        await probe(tx, 'gabung');
        return { body: null, audit: { action: 'probe.join', entity: 'runner_probe' } };
      }, { manager: m });
      await probe(m, 'sesudahnya');
    });
    expect(await probes()).toEqual(['gabung', 'sesudahnya']);
    await expect(runner.run(null, async () => ({ body: null, audit: [] }), { manager: db.manager })).rejects.toThrow(/no transaction/);
  });

  describe('with an Idempotency-Key', () => {
    let n = 0;
    const key = () => `kunci-${++n}`;
    const book = (actor: AuthUser, k: string, payload: unknown, work?: (m: EntityManager) => Promise<unknown>) =>
      runner.run(
        actor,
        async (m) => {
          await work?.(m);
          const [row] = await probe(m, JSON.stringify(payload));
          return { body: { id: row.id, payload }, audit: { action: 'probe.book', entity: 'runner_probe', entityId: String(row.id) } };
        },
        { idempotency: { key: k, route: 'POST /probe', payload } },
      );

    it('does the work once and replays the first answer, whatever the key order of the payload', async () => {
      const k = key();
      const first = await book(bendahara, k, { a: 1, b: 2 });
      const again = await book(bendahara, k, { b: 2, a: 1 });
      expect(first.replayed).toBe(false);
      expect(again).toEqual({ body: first.body, replayed: true });
      expect(await probes()).toHaveLength(1);
    });

    it('is shared by the users of one kelurahan and separate between kelurahan and for a user without region', async () => {
      const k = key();
      const byBendahara = await book(bendahara, k, { x: 1 });
      const byLurah = await book(lurah, k, { x: 1 });
      expect(byLurah).toEqual({ body: byBendahara.body, replayed: true });
      const elsewhere = await book(bendaharaOther, k, { x: 1 });
      expect(elsewhere.replayed).toBe(false);
      expect(elsewhere.body.id).not.toBe(byBendahara.body.id);
      expect((await book(admin, k, { x: 1 })).replayed).toBe(false);
      expect(await probes()).toHaveLength(3);
      const owners = await db.query('SELECT scope, user_id FROM idempotency_key WHERE key = $1 ORDER BY scope', [k]);
      expect(owners).toEqual([
        { scope: '35.73.01.1001', user_id: bendahara.id },
        { scope: '35.73.01.1002', user_id: bendaharaOther.id },
        { scope: `user:${admin.id}`, user_id: admin.id },
      ]);
    });

    it('refuses the key with another payload or route (422 IDEMPOTENCY_KEY_REUSED) and does nothing', async () => {
      const k = key();
      await book(bendahara, k, { x: 1 });
      await expect(book(lurah, k, { x: 2 })).rejects.toMatchObject({
        status: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        details: [{ field: 'Idempotency-Key' }],
      });
      expect(await probes()).toHaveLength(1);
    });

    it('stores and replays a business refusal (409/422), but not a 404 or a crash, and keeps no effect of either', async () => {
      const k = key();
      let allow = false;
      const refusing = () =>
        book(bendahara, k, { y: 1 }, async () => {
          if (!allow) throw PROBE_ERRORS.error('PROBE_REFUSED', 1);
        });
      const first = await refusing().catch((e: AppError) => e);
      allow = true;
      const replay = await refusing().catch((e: AppError) => e);
      expect(replay).toBeInstanceOf(AppError);
      expect(replay).toMatchObject({ status: 422, code: 'PROBE_REFUSED', message: (first as AppError).message });
      expect(await probes()).toEqual([]);

      const k404 = key();
      await expect(book(bendahara, k404, { z: 1 }, async () => Promise.reject(PROBE_ERRORS.error('PROBE_MISSING')))).rejects.toMatchObject({ status: 404 });
      await expect(book(bendahara, k404, { z: 1 }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      const ok = await book(bendahara, k404, { z: 1 });
      expect(ok.replayed).toBe(false);
      expect(await probes()).toHaveLength(1);
    });

    it('gives 20 concurrent requests with one key one effect and one answer', async () => {
      const k = key();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => book(i % 2 ? lurah : bendahara, k, { c: 1 })));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(answers.filter((a) => a.replayed)).toHaveLength(19);
      expect(await probes()).toHaveLength(1);
    });

    it('refuses a key that is empty or over 200 characters as a 400 naming the header', async () => {
      for (const bad of ['', 'k'.repeat(201)]) {
        await expect(book(bendahara, bad, {})).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'Idempotency-Key' }] });
      }
      expect((await book(bendahara, 'k'.repeat(200), {})).replayed).toBe(false);
    });
  });
});

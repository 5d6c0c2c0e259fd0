import { DemoSeedService } from '../../src/database/seed/demo-seed.service';
import { createApprovedPlan, createPlanInState } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, TestUser } from '../helpers/users';

const KEL = '35.73.01.1001'; // Balearjosari, Kecamatan Blimbing
const KEL2 = '35.73.01.1002';
const YEAR = new Date().getFullYear();

const LINE = {
  drainase: { category: 'sarpras', subType: 'A1', description: 'Saluran drainase RW 03', accountCode: '5.2.04.01.01.0001', volume: 120, unit: 'M', unitPrice: 2_500_000, location: 'RW 03' },
  paving: { category: 'sarpras', subType: 'A2', description: 'Paving jalan lingkungan RW 05', accountCode: '5.2.04.01.01.0002', volume: 1500.5, unit: 'M2', unitPrice: 185_000 },
  rapat: { category: 'pemberdayaan', subType: 'B4', description: 'Makan minum rapat LPM', accountCode: '5.1.02.01.01.0052', volume: 245, unit: 'ORANG_KALI', unitPrice: 30_000 },
};

describe('plans and allocations over HTTP', () => {
  let t: TestApp;
  let admin: TestUser, adminKediri: TestUser, camat: TestUser, camatOther: TestUser, lurah: TestUser, lurah2: TestUser, bendahara: TestUser, auditor: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_IP: '1000000', LOGIN_RATE_LIMIT_USERNAME: '1000000' });
    await importKabkota(t, '35.73', '35.71');
    admin = await createUser(t, 'admin', '35.73');
    adminKediri = await createUser(t, 'admin', '35.71');
    camat = await createUser(t, 'camat', '35.73.01');
    camatOther = await createUser(t, 'camat', '35.73.02');
    lurah = await createUser(t, 'lurah', KEL);
    lurah2 = await createUser(t, 'lurah', KEL2);
    bendahara = await createUser(t, 'bendahara', KEL);
    auditor = await createUser(t, 'auditor', '35.73');
  }, 60_000);
  afterAll(() => t.close());

  const as = (u: TestUser) => ({
    get: (p: string) => t.http().get(p).set(bearer(u)),
    post: (p: string, body?: object) => t.http().post(p).set(bearer(u)).send(body ?? {}),
    put: (p: string, body: object) => t.http().put(p).set(bearer(u)).send(body),
    patch: (p: string, body: object) => t.http().patch(p).set(bearer(u)).send(body),
    del: (p: string) => t.http().delete(p).set(bearer(u)),
  });
  const auditActions = async (entityId: string) =>
    (await t.db.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`, [entityId])).map((r: { action: string }) => r.action);

  describe('the whole story: pagu → plan → return → approve → amend', () => {
    let planId: string;
    const ids: Record<string, string> = {};

    it('sets the pagu (allocation) as admin', async () => {
      const res = await as(admin).put(`/api/allocations/${YEAR}/${KEL}`, { amount: 500_000_000, note: 'Perwali awal' }).expect(200);
      expect(res.body).toMatchObject({ year: YEAR, kelurahanCode: KEL, kelurahanName: 'Balearjosari', amount: 500_000_000, source: 'APBD', note: 'Perwali awal' });
    });

    it('creates the plan as the lurah: draft version 1, nothing in force', async () => {
      const res = await as(lurah).post('/api/plans', { kelurahanCode: KEL, year: YEAR }).expect(201);
      expect(res.body).toMatchObject({ kelurahanCode: KEL, year: YEAR, version: 1, status: 'draft', allocation: 500_000_000, total: 0, lines: [], inForce: null });
      planId = res.body.id;
      const again = await as(lurah).post('/api/plans', { kelurahanCode: KEL, year: YEAR }).expect(409);
      expect(again.body.code).toBe('PLAN_EXISTS');
    });

    it('adds lines with amount = volume × unit price computed by the server', async () => {
      const d = await as(lurah).post(`/api/plans/${planId}/lines`, LINE.drainase).expect(201);
      expect(d.body).toMatchObject({ amount: 300_000_000, volume: 120, unitPrice: 2_500_000, subKegiatanCode: '7.01.03.2.02.0002', spent: 0 });
      ids.drainase = d.body.id;
      const p = await as(lurah).post(`/api/plans/${planId}/lines`, LINE.paving).expect(201);
      expect(p.body.amount).toBe(277_592_500); // 1500.5 × 185.000 exactly
      ids.paving = p.body.id;
      const r = await as(lurah).post(`/api/plans/${planId}/lines`, LINE.rapat).expect(201);
      expect(r.body.amount).toBe(7_350_000);
      ids.rapat = r.body.id;
      const plan = await as(lurah).get(`/api/plans/${planId}`).expect(200);
      expect(plan.body).toMatchObject({ total: 584_942_500, totalSarpras: 577_592_500, totalPemberdayaan: 7_350_000, inForce: null });
      expect(plan.body.lines.map((l: { id: string }) => l.id)).toEqual([ids.drainase, ids.paving, ids.rapat]);
    });

    it('refuses to submit over the pagu, with both figures in Rupiah', async () => {
      const res = await as(lurah).post(`/api/plans/${planId}/submit`).expect(422);
      expect(res.body.code).toBe('PLAN_OVER_ALLOCATION');
      expect(res.body.message).toContain('Rp 584.942.500');
      expect(res.body.message).toContain('Rp 500.000.000');
      expect(res.body.details[0]).toMatchObject({ total: 584_942_500, allocation: 500_000_000 });
      expect((await as(lurah).get(`/api/plans/${planId}`)).body.status).toBe('draft');
    });

    it('fixes the paving line and submits', async () => {
      const fix = await as(lurah).patch(`/api/plans/${planId}/lines/${ids.paving}`, { volume: 1000 }).expect(200);
      expect(fix.body.amount).toBe(185_000_000);
      const res = await as(lurah).post(`/api/plans/${planId}/submit`).expect(200);
      expect(res.body).toMatchObject({ status: 'submitted', total: 492_350_000, inForce: null });
    });

    it('refuses edits while submitted (409) and approval by a lurah (403) or another camat (404)', async () => {
      const edit = await as(lurah).patch(`/api/plans/${planId}/lines/${ids.paving}`, { volume: 10 }).expect(409);
      expect(edit.body.code).toBe('PLAN_INVALID_TRANSITION');
      expect(edit.body.message).toContain('diajukan');
      await as(lurah).del(`/api/plans/${planId}/lines/${ids.paving}`).expect(409);
      await as(lurah).post(`/api/plans/${planId}/lines`, LINE.rapat).expect(409);
      expect((await as(lurah).post(`/api/plans/${planId}/approve`).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
      expect((await as(camatOther).post(`/api/plans/${planId}/approve`).expect(404)).body.code).toBe('PLAN_NOT_FOUND');
      await as(lurah).post(`/api/plans/${planId}/submit`).expect(409);
    });

    it('the camat returns it with a reason (required)', async () => {
      const noReason = await as(camat).post(`/api/plans/${planId}/return`, {}).expect(400);
      expect(noReason.body.details[0].field).toBe('reason');
      await as(camat).post(`/api/plans/${planId}/return`, { reason: '   ' }).expect(400);
      const res = await as(camat).post(`/api/plans/${planId}/return`, { reason: 'Volume paving belum sesuai hasil musrenbang' }).expect(200);
      expect(res.body).toMatchObject({ status: 'returned', returnReason: 'Volume paving belum sesuai hasil musrenbang', inForce: null });
      const again = await as(camat).post(`/api/plans/${planId}/approve`).expect(409);
      expect(again.body.message).toContain('dikembalikan');
    });

    it('the lurah edits the returned version and submits again; the camat approves: version 1 in force', async () => {
      await as(lurah).patch(`/api/plans/${planId}/lines/${ids.paving}`, { volume: 800, description: 'Paving jalan lingkungan RW 05 (hasil musrenbang)' }).expect(200);
      await as(lurah).post(`/api/plans/${planId}/submit`).expect(200);
      const res = await as(camat).post(`/api/plans/${planId}/approve`).expect(200);
      expect(res.body).toMatchObject({ version: 1, status: 'approved', total: 455_350_000 });
      expect(res.body.inForce).toMatchObject({ version: 1, total: 455_350_000 });
      expect(res.body.inForce.lines).toHaveLength(3);
      await as(camat).post(`/api/plans/${planId}/approve`).expect(409);
      await as(lurah).patch(`/api/plans/${planId}/lines/${ids.paving}`, { volume: 10 }).expect(409);
    });

    it('amends: a new draft with the same line ids; version 1 stays in force', async () => {
      const res = await as(lurah).post(`/api/plans/${planId}/amend`).expect(201);
      expect(res.body).toMatchObject({ version: 2, status: 'draft', total: 455_350_000 });
      expect(res.body.lines.map((l: { id: string }) => l.id)).toEqual([ids.drainase, ids.paving, ids.rapat]);
      expect(res.body.inForce).toMatchObject({ version: 1, total: 455_350_000 });
      await as(lurah).post(`/api/plans/${planId}/amend`).expect(409);

      await as(lurah).patch(`/api/plans/${planId}/lines/${ids.drainase}`, { unitPrice: 2_000_000 }).expect(200);
      await as(lurah).del(`/api/plans/${planId}/lines/${ids.rapat}`).expect(200);
      const added = await as(lurah).post(`/api/plans/${planId}/lines`, { category: 'pemberdayaan', subType: 'B5', description: 'Pelatihan linmas', accountCode: '5.1.02.02.01.0003', volume: 40, unit: 'OH', unitPrice: 150_000 }).expect(201);
      ids.linmas = added.body.id;

      const mid = await as(lurah).get(`/api/plans/${planId}`).expect(200);
      expect(mid.body).toMatchObject({ version: 2, status: 'draft', total: 394_000_000 });
      expect(mid.body.inForce).toMatchObject({ version: 1, total: 455_350_000 });
      expect(mid.body.inForce.lines.find((l: { id: string }) => l.id === ids.drainase).amount).toBe(300_000_000);
    });

    it('approving the amendment puts version 2 in force and supersedes version 1', async () => {
      await as(lurah).post(`/api/plans/${planId}/submit`).expect(200);
      const sub = await as(lurah).get(`/api/plans/${planId}`).expect(200);
      expect(sub.body.inForce.version).toBe(1);
      const res = await as(camat).post(`/api/plans/${planId}/approve`).expect(200);
      expect(res.body).toMatchObject({ version: 2, status: 'approved', inForce: { version: 2, total: 394_000_000 } });
      const [v1] = await t.db.query(`SELECT status FROM plan_version WHERE plan_id = $1 AND version = 1`, [planId]);
      expect(v1.status).toBe('superseded');
    });

    it('lists the versions with who moved them and semula/menjadi changes', async () => {
      const res = await as(auditor).get(`/api/plans/${planId}/versions`).expect(200);
      expect(res.body.total).toBe(2);
      const [v1, v2] = res.body.items;
      expect(v1).toMatchObject({ version: 1, status: 'superseded', total: 455_350_000, inForce: false, changes: [], returnReason: 'Volume paving belum sesuai hasil musrenbang' });
      expect(v1.createdBy.username).toBe(lurah.username);
      expect(v1.submittedBy.username).toBe(lurah.username);
      expect(v1.approvedBy.username).toBe(camat.username);
      expect(v1.returnedBy.username).toBe(camat.username);
      expect(v1.approvedAt).toEqual(expect.any(String));
      expect(v2).toMatchObject({ version: 2, status: 'approved', inForce: true, replaces: 1, previousTotal: 455_350_000, total: 394_000_000 });
      const byType = (type: string) => v2.changes.filter((c: { type: string }) => c.type === type);
      expect(byType('changed')).toEqual([
        expect.objectContaining({
          lineId: ids.drainase,
          fields: ['unitPrice', 'amount'],
          before: expect.objectContaining({ unitPrice: 2_500_000, amount: 300_000_000, volume: 120 }),
          after: expect.objectContaining({ unitPrice: 2_000_000, amount: 240_000_000, volume: 120 }),
        }),
      ]);
      expect(byType('removed')).toEqual([expect.objectContaining({ lineId: ids.rapat, before: expect.objectContaining({ amount: 7_350_000 }), after: null })]);
      expect(byType('added')).toEqual([expect.objectContaining({ lineId: ids.linmas, before: null, after: expect.objectContaining({ amount: 6_000_000 }) })]);
    });

    it('wrote an audit event for every step', async () => {
      expect(await auditActions(planId)).toEqual([
        'plan.create', 'plan.submit', 'plan.return', 'plan.submit', 'plan.approve', 'plan.amend', 'plan.submit', 'plan.approve',
      ]);
      const [ret] = await t.db.query(`SELECT reason FROM audit_event WHERE entity_id = $1 AND action = 'plan.return'`, [planId]);
      expect(ret.reason).toBe('Volume paving belum sesuai hasil musrenbang');
      const lineEvents = await t.db.query(`SELECT action FROM audit_event WHERE entity = 'plan_line' AND after->>'planId' = $1 OR before->>'planId' = $1`, [planId]);
      expect(lineEvents.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['plan.line.add', 'plan.line.update', 'plan.line.delete']));
    });

    it('lists plans by scope and filters', async () => {
      const mine = await as(lurah).get(`/api/plans?year=${YEAR}`).expect(200);
      expect(mine.body.items).toEqual([expect.objectContaining({ id: planId, status: 'approved', version: 2, inForceVersion: 2, inForceTotal: 394_000_000 })]);
      expect((await as(lurah2).get(`/api/plans?kelurahan=${KEL}`).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await as(camatOther).get(`/api/plans`).expect(200)).body.total).toBe(0);
      expect((await as(camat).get(`/api/plans?status=approved`).expect(200)).body.total).toBe(1);
      expect((await as(camat).get(`/api/plans?status=draft`).expect(200)).body.total).toBe(0);
      await as(bendahara).get(`/api/plans/${planId}`).expect(200);
      await as(lurah2).get(`/api/plans/${planId}`).expect(404);
      await as(adminKediri).get(`/api/plans/${planId}`).expect(404);
      await as(admin).get(`/api/plans/00000000-0000-0000-0000-000000000000`).expect(404);
      await as(admin).get(`/api/plans/bukan-uuid`).expect(404);
      expect((await as(admin).get(`/api/plans?status=aneh`).expect(400)).body.details[0].field).toBe('status');
    });
  });

  describe('spending on a line limits amendments', () => {
    // Spending is simulated by the running total the ledger keeps (plan_line.spent).
    it('refuses to lower a line below what is spent, or remove it, at edit and again at submit/approve', async () => {
      const year = YEAR - 1;
      const p = await createApprovedPlan(t, { kelurahanCode: KEL2, year });
      const [sarpras, rapat] = p.lineIds;
      await t.db.query(`UPDATE plan_line SET spent = 100000000, entry_count = 1 WHERE id = $1`, [sarpras]);
      await as(lurah2).post(`/api/plans/${p.planId}/amend`).expect(201);
      const below = await as(lurah2).patch(`/api/plans/${p.planId}/lines/${sarpras}`, { unitPrice: 99_999_999 }).expect(422);
      expect(below.body.code).toBe('LINE_BELOW_SPENT');
      expect(below.body.message).toContain('Rp 100.000.000');
      await as(lurah2).patch(`/api/plans/${p.planId}/lines/${sarpras}`, { unitPrice: 100_000_000 }).expect(200);
      expect((await as(lurah2).del(`/api/plans/${p.planId}/lines/${sarpras}`).expect(422)).body.code).toBe('LINE_HAS_SPENDING');

      // Spending that lands after the edit is caught at submit ...
      await t.db.query(`UPDATE plan_line SET spent = 120000000 WHERE id = $1`, [sarpras]);
      expect((await as(lurah2).post(`/api/plans/${p.planId}/submit`).expect(422)).body.code).toBe('LINE_BELOW_SPENT');
      await t.db.query(`UPDATE plan_line SET spent = 100000000 WHERE id = $1`, [sarpras]);
      // ... and a removed line spent on meanwhile is caught at approve.
      await as(lurah2).del(`/api/plans/${p.planId}/lines/${rapat}`).expect(200);
      await as(lurah2).post(`/api/plans/${p.planId}/submit`).expect(200);
      await t.db.query(`UPDATE plan_line SET spent = 50000, entry_count = 1 WHERE id = $1`, [rapat]);
      const camat1 = await createUser(t, 'camat', '35.73.01');
      const refused = await as(camat1).post(`/api/plans/${p.planId}/approve`).expect(422);
      expect(refused.body.code).toBe('LINE_HAS_SPENDING');
      const plan = await as(lurah2).get(`/api/plans/${p.planId}`).expect(200);
      expect(plan.body).toMatchObject({ version: 2, status: 'submitted', inForce: { version: 1 } });
    });

    it('re-checks the pagu at approval (it may have been lowered meanwhile)', async () => {
      const year = YEAR - 2;
      const p = await createPlanInState(t, 'submitted', { kelurahanCode: KEL2, year });
      await as(admin).put(`/api/allocations/${year}/${KEL2}`, { amount: 1_000_000 }).expect(200);
      const res = await t.http().post(`/api/plans/${p.planId}/approve`).set(bearer(camat)).expect(422);
      expect(res.body.code).toBe('PLAN_OVER_ALLOCATION');
      expect(res.body.message).toContain('Rp 1.000.000');
    });

    it('refuses to submit an empty plan or one without a pagu', async () => {
      const year = YEAR - 3;
      const created = await as(lurah).post('/api/plans', { kelurahanCode: KEL, year }).expect(201);
      expect((await as(lurah).post(`/api/plans/${created.body.id}/submit`).expect(422)).body.code).toBe('PLAN_EMPTY');
      await as(lurah).post(`/api/plans/${created.body.id}/lines`, LINE.rapat).expect(201);
      const res = await as(lurah).post(`/api/plans/${created.body.id}/submit`).expect(422);
      expect(res.body.code).toBe('PLAN_NO_ALLOCATION');
      expect(res.body.message).toContain('Rp 7.350.000');
    });
  });

  describe('bad input', () => {
    let planId: string;
    const year = YEAR - 4;
    beforeAll(async () => {
      planId = (await createPlanInState(t, 'draft', { kelurahanCode: KEL, year, lines: [] })).planId;
    });
    const addLine = (body: object) => as(lurah).post(`/api/plans/${planId}/lines`, { ...LINE.rapat, ...body });

    it.each([
      ['a negative price', { unitPrice: -1 }, 'unitPrice'],
      ['a fractional price', { unitPrice: 1000.5 }, 'unitPrice'],
      ['a price as a string', { unitPrice: '30000' }, 'unitPrice'],
      ['a zero price', { unitPrice: 0 }, 'unitPrice'],
      ['a price over 10^13', { unitPrice: 10_000_000_000_001 }, 'unitPrice'],
      ['zero volume', { volume: 0 }, 'volume'],
      ['negative volume', { volume: -2 }, 'volume'],
      ['three decimals of volume', { volume: 1.234 }, 'volume'],
      ['an unknown category', { category: 'konsumsi' }, 'category'],
      ['an unknown sub-type', { subType: 'C1' }, 'subType'],
      ['a sub-type of the other category', { category: 'sarpras', subType: 'B4' }, 'subType'],
      ['a malformed kode rekening', { accountCode: '5.1.02' }, 'accountCode'],
      ['a kode rekening with letters', { accountCode: '5.1.02.01.01.OO52' }, 'accountCode'],
      ['an unknown unit', { unit: 'ekor' }, 'unit'],
      ['an unknown funding source', { fundingSource: 'HIBAH' }, 'fundingSource'],
      ['an empty description', { description: '' }, 'description'],
      ['an unknown field', { hacker: true }, 'hacker'],
      ['an amount over 10^13', { volume: 1_000_000, unitPrice: 10_000_001 }, 'volume'],
    ])('refuses %s with 400 naming the field', async (_label, body, field) => {
      const res = await addLine(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(res.body.message).toMatch(/Data tidak valid/);
    });

    it('rounds half up in whole rupiah', async () => {
      const res = await addLine({ volume: 2.5, unitPrice: 3 }).expect(201);
      expect(res.body.amount).toBe(8);
      const patched = await as(lurah).patch(`/api/plans/${planId}/lines/${res.body.id}`, { subType: 'A1' }).expect(400);
      expect(patched.body.details[0].field).toBe('subType');
    });

    it('refuses a year outside 2019..next year', async () => {
      for (const y of [2018, YEAR + 2]) {
        const res = await as(lurah).post('/api/plans', { kelurahanCode: KEL, year: y }).expect(400);
        expect(res.body).toMatchObject({ code: 'YEAR_OUT_OF_RANGE', details: [expect.objectContaining({ field: 'year' })] });
        await as(admin).put(`/api/allocations/${y}/${KEL}`, { amount: 1 }).expect(400);
        await as(admin).get(`/api/allocations/${y}`).expect(400);
      }
      await as(admin).get(`/api/allocations/abcd`).expect(400);
      await as(lurah).post('/api/plans', { kelurahanCode: KEL, year: '2025' }).expect(400);
    });

    it('refuses a plan for another kelurahan (404) and plan actions by the wrong role (403)', async () => {
      expect((await as(lurah).post('/api/plans', { kelurahanCode: KEL2, year }).expect(404)).body.code).toBe('KELURAHAN_NOT_FOUND');
      await as(camat).post('/api/plans', { kelurahanCode: KEL, year }).expect(403);
      await as(admin).post(`/api/plans/${planId}/lines`, LINE.rapat).expect(403);
      await as(bendahara).post(`/api/plans/${planId}/submit`).expect(403);
      await as(lurah2).post(`/api/plans/${planId}/lines`, LINE.rapat).expect(404);
      await as(lurah).patch(`/api/plans/${planId}/lines/00000000-0000-0000-0000-000000000000`, { volume: 1 }).expect(404);
    });
  });

  describe('allocations', () => {
    const year = YEAR + 1;

    it('keeps every change in history with who, when, old, new and note', async () => {
      await as(admin).put(`/api/allocations/${year}/${KEL}`, { amount: 900_000_000, source: 'DAU_SG', note: 'Pagu awal' }).expect(200);
      await as(admin).put(`/api/allocations/${year}/${KEL}`, { amount: 950_000_000, note: 'Perubahan APBD' }).expect(200);
      await as(admin).put(`/api/allocations/${year}/${KEL}`, { amount: 950_000_000 }).expect(200); // no change: no history
      const res = await as(camat).get(`/api/allocations/${year}/${KEL}/history`).expect(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items[0]).toMatchObject({ oldAmount: null, newAmount: 900_000_000, oldSource: null, newSource: 'DAU_SG', note: 'Pagu awal' });
      expect(res.body.items[1]).toMatchObject({ oldAmount: 900_000_000, newAmount: 950_000_000, oldSource: 'DAU_SG', newSource: 'DAU_SG', note: 'Perubahan APBD' });
      expect(res.body.items[1].changedBy).toMatchObject({ id: admin.id, username: admin.username });
      expect(res.body.items[1].changedAt).toEqual(expect.any(String));
      const events = await t.db.query(`SELECT action FROM audit_event WHERE entity = 'allocation' AND region_code = $1 AND after->>'year' = $2 ORDER BY id`, [KEL, String(year)]);
      expect(events.map((e: { action: string }) => e.action)).toEqual(['allocation.create', 'allocation.update']);
    });

    it('refuses bad amounts and sources', async () => {
      for (const amount of [-1, 1.5, '100', 10_000_000_000_001, null]) {
        const res = await as(admin).put(`/api/allocations/${year}/${KEL}`, { amount }).expect(400);
        expect(res.body.details[0].field).toBe('amount');
      }
      expect((await as(admin).put(`/api/allocations/${year}/${KEL}`, { amount: 1, source: 'X' }).expect(400)).body.details[0].field).toBe('source');
    });

    it('sets a whole kecamatan in one go, with history and one audit event', async () => {
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'allocation.bulk'`))[0].n;
      const res = await as(admin).post(`/api/allocations/${year}/bulk`, { regionCode: '35.73.01', amount: 800_000_000, note: 'SK Wali Kota' }).expect(200);
      expect(res.body).toEqual({ year, regionCode: '35.73.01', kelurahan: 11, created: 10, updated: 1, unchanged: 0 });
      const again = await as(admin).post(`/api/allocations/${year}/bulk`, { regionCode: '35.73.01', amount: 800_000_000 }).expect(200);
      expect(again.body).toMatchObject({ kelurahan: 11, created: 0, updated: 0, unchanged: 11 });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'allocation.bulk'`))[0].n).toBe(before + 2);
      const hist = await as(admin).get(`/api/allocations/${year}/${KEL}/history`).expect(200);
      expect(hist.body.items.at(-1)).toMatchObject({ oldAmount: 950_000_000, newAmount: 800_000_000, newSource: 'DAU_SG', note: 'SK Wali Kota' });
      const list = await as(camat).get(`/api/allocations/${year}?pageSize=5`).expect(200);
      expect(list.body.total).toBe(11);
      expect(list.body.totalAmount).toBe(8_800_000_000);
      expect(list.body.items).toHaveLength(5);
      expect(list.body.items[0]).toMatchObject({ kelurahanCode: KEL, kelurahanName: 'Balearjosari', amount: 800_000_000, source: 'DAU_SG', note: 'SK Wali Kota' });
      expect((await as(camat).get(`/api/allocations/${year}?page=3&pageSize=5`).expect(200)).body.items).toHaveLength(1);
    });

    it('sets the whole kota (57 kelurahan) and limits every reader to its scope', async () => {
      const res = await as(admin).post(`/api/allocations/${year}/bulk`, { regionCode: '35.73', amount: 1_000_000_000, source: 'APBD' }).expect(200);
      expect(res.body).toMatchObject({ kelurahan: 57, created: 46, updated: 11 });
      expect((await as(admin).get(`/api/allocations/${year}?pageSize=500`).expect(200)).body.total).toBe(57);
      const [{ n: klojen }] = await t.db.query(`SELECT count(*)::int AS n FROM region WHERE parent_code = '35.73.02'`);
      expect((await as(auditor).get(`/api/allocations/${year}?region=35.73.02`).expect(200)).body.total).toBe(klojen);
      expect((await as(camat).get(`/api/allocations/${year}`).expect(200)).body.total).toBe(11);
      const own = await as(lurah).get(`/api/allocations/${year}`).expect(200);
      expect(own.body.items.map((i: { kelurahanCode: string }) => i.kelurahanCode)).toEqual([KEL]);
      expect((await as(bendahara).get(`/api/allocations/${year}`).expect(200)).body.total).toBe(1);
      expect((await as(adminKediri).get(`/api/allocations/${year}`).expect(200)).body.total).toBe(0);
      await as(camat).get(`/api/allocations/${year}?region=35.73.02`).expect(404);
      await as(lurah2).get(`/api/allocations/${year}/${KEL}/history`).expect(404);
    });

    it('answers 404 out of scope or unknown, and 403 to non-admins', async () => {
      expect((await as(adminKediri).put(`/api/allocations/${year}/${KEL}`, { amount: 1 }).expect(404)).body.code).toBe('KELURAHAN_NOT_FOUND');
      await as(adminKediri).post(`/api/allocations/${year}/bulk`, { regionCode: '35.73.01', amount: 1 }).expect(404);
      await as(admin).put(`/api/allocations/${year}/35.73.01.1999`, { amount: 1 }).expect(404);
      await as(admin).put(`/api/allocations/${year}/35.73.01`, { amount: 1 }).expect(404);
      await as(admin).post(`/api/allocations/${year}/bulk`, { regionCode: '35.73.09', amount: 1 }).expect(404);
      await as(camat).put(`/api/allocations/${year}/${KEL}`, { amount: 1 }).expect(403);
      await as(lurah).post(`/api/allocations/${year}/bulk`, { regionCode: KEL, amount: 1 }).expect(403);
      const [{ amount }] = await t.db.query(`SELECT amount FROM allocation WHERE kelurahan_code = $1 AND year = $2`, [KEL, year]);
      expect(Number(amount)).toBe(1_000_000_000);
    });
  });

  describe('reference data', () => {
    it('serves categories with sub-types and sub-kegiatan, units and funding sources to any role', async () => {
      const cat = await as(bendahara).get('/api/reference/categories').expect(200);
      expect(cat.body.items).toHaveLength(2);
      expect(cat.body.items[0]).toMatchObject({ code: 'sarpras', subKegiatan: { code: '7.01.03.2.02.0002' } });
      expect(cat.body.items[0].subTypes.map((s: { code: string }) => s.code)).toEqual(['A1', 'A2', 'A3', 'A4']);
      expect(cat.body.items[1].subTypes.map((s: { code: string }) => s.code)).toEqual(['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
      expect((await as(auditor).get('/api/reference/units').expect(200)).body.items).toContainEqual({ code: 'ORANG_KALI', label: 'Orang/Kali' });
      expect((await as(lurah).get('/api/reference/funding-sources').expect(200)).body.total).toBe(4);
      await t.http().get('/api/reference/units').expect(401);
    });
  });

  it('approves once when two approvals race: the other sees the new state (409)', async () => {
    const p = await createPlanInState(t, 'submitted', { kelurahanCode: KEL2, year: YEAR - 6 });
    const results = await Promise.all([0, 1].map(() => as(camat).post(`/api/plans/${p.planId}/approve`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('PLAN_INVALID_TRANSITION');
  });

  it('never lets spending and the approval of a smaller amendment interleave into overspending', async () => {
    const year = YEAR - 7;
    const p = await createApprovedPlan(t, { kelurahanCode: KEL, year, lurah, camat });
    const line = p.lineIds[0]; // Rp 150.000.000 in force
    await as(lurah).post(`/api/plans/${p.planId}/amend`).expect(201);
    await as(lurah).patch(`/api/plans/${p.planId}/lines/${line}`, { unitPrice: 100_000_000 }).expect(200);
    await as(lurah).post(`/api/plans/${p.planId}/submit`).expect(200);
    const spend = (i: number) =>
      as(bendahara).post('/api/spending', { planLineId: line, date: `${year}-06-15`, amount: 20_000_000, description: `Termin ${i}`, payee: 'CV Uji', evidenceNo: `TBP/${i}` });
    const results = await Promise.all([spend(1), spend(2), spend(3), as(camat).post(`/api/plans/${p.planId}/approve`), spend(4), spend(5), spend(6)]);
    for (const r of results) expect([200, 201, 409, 422]).toContain(r.status);
    const approved = results[3].status === 200;
    const [{ spent }] = await t.db.query(`SELECT spent::text FROM plan_line WHERE id = $1`, [line]);
    const plan = await as(lurah).get(`/api/plans/${p.planId}`).expect(200);
    expect(plan.body.inForce.version).toBe(approved ? 2 : 1);
    expect(Number(spent)).toBeLessThanOrEqual(plan.body.inForce.lines.find((l: { id: string }) => l.id === line).amount);
  });

  it('creates two plans at once: one wins, the other gets 409', async () => {
    const year = YEAR - 5;
    const results = await Promise.all([0, 1, 2].map(() => as(lurah).post('/api/plans', { kelurahanCode: KEL, year })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });
});

describe('demo seed: pagu and plans of Kota Malang', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_IP: '1000000', LOGIN_RATE_LIMIT_USERNAME: '1000000' });
  });
  afterAll(() => t.close());

  it('seeds Rp 1 miliar for each of the 57 kelurahan, an approved plan for Balearjosari and a submitted one for Arjosari', async () => {
    const result = await t.app.get(DemoSeedService).run();
    expect(result.seeded).toBe(true);
    const [alloc] = await t.db.query(`SELECT count(*)::int AS n, min(amount)::text AS min, max(amount)::text AS max FROM allocation WHERE year = $1`, [YEAR]);
    expect(alloc).toEqual({ n: 57, min: '1000000000', max: '1000000000' });

    const login = async (username: string) => {
      const password = result.logins.find((l) => l.username === username)!.password;
      return (await t.http().post('/api/auth/login').send({ username, password }).expect(200)).body.accessToken as string;
    };
    const camat = await login('camat.blimbing');
    const plans = await t.http().get(`/api/plans?year=${YEAR}`).set({ Authorization: `Bearer ${camat}` }).expect(200);
    expect(plans.body.items).toEqual([
      expect.objectContaining({ kelurahanCode: KEL, status: 'approved', inForceVersion: 1 }),
      expect.objectContaining({ kelurahanCode: KEL2, status: 'submitted', inForceVersion: null }),
    ]);
    const approved = await t.http().get(`/api/plans/${plans.body.items[0].id}`).set({ Authorization: `Bearer ${camat}` }).expect(200);
    expect(approved.body.lines).toHaveLength(10);
    expect(approved.body.total).toBe(886_350_000);
    expect(new Set(approved.body.lines.map((l: { subType: string }) => l.subType))).toEqual(new Set(['A1', 'A2', 'A3', 'A4', 'B1', 'B3', 'B4', 'B5', 'B6']));
    expect(approved.body.lines).toContainEqual(expect.objectContaining({ subType: 'B4', accountCode: '5.1.02.01.01.0052', amount: 7_350_000 }));
    // The camat can act on the waiting plan, and the seed wrote audit events as the demo accounts.
    await t.http().post(`/api/plans/${plans.body.items[1].id}/approve`).set({ Authorization: `Bearer ${camat}` }).expect(200);
    const actors = await t.db.query(`SELECT DISTINCT actor FROM audit_event WHERE entity = 'plan' ORDER BY actor`);
    expect(actors.map((a: { actor: string }) => a.actor)).toEqual(['camat.blimbing', 'lurah.arjosari', 'lurah.balearjosari']);
  });
});

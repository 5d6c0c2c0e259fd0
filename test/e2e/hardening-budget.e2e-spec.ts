import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, TestUser } from '../helpers/users';

const YEAR = new Date().getFullYear();
const KEL = '35.73.01.1001';
const line = (over: Record<string, unknown> = {}) => ({
  category: 'sarpras', subType: 'A1', description: 'Saluran drainase', accountCode: '5.2.04.01.01.0001', volume: 1, unit: 'PAKET', unitPrice: 1_000, ...over,
});

describe('the pagu and its funding sources (issue #16 item 6)', () => {
  let t: TestApp;
  let admin: TestUser;
  let lurah: TestUser;
  let camat: TestUser;
  let bendahara: TestUser;
  const put = (body: Record<string, unknown>, kel = KEL) => t.http().put(`/api/allocations/${YEAR}/${kel}`).set(bearer(admin)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73');
    admin = await createUser(t, 'admin', '35.73');
    lurah = await createUser(t, 'lurah', KEL);
    camat = await createUser(t, 'camat', '35.73.01');
    bendahara = await createUser(t, 'bendahara', KEL);
  });
  afterAll(() => t.close());

  it('cannot be cut below the approved plan or what is spent (422 with both figures), and nothing changes', async () => {
    await put({ amount: 1_000 }).expect(200);
    const plan = (await t.http().post('/api/plans').set(bearer(lurah)).send({ kelurahanCode: KEL, year: YEAR }).expect(201)).body.id;
    const lineId = (await t.http().post(`/api/plans/${plan}/lines`).set(bearer(lurah)).send(line()).expect(201)).body.id;
    await t.http().post(`/api/plans/${plan}/submit`).set(bearer(lurah)).expect(200);
    await t.http().post(`/api/plans/${plan}/approve`).set(bearer(camat)).expect(200);
    await t.http().post('/api/spending').set(bearer(bendahara))
      .send({ planLineId: lineId, date: `${YEAR}-02-01`, amount: 600, description: 'Semen', payee: 'Toko', evidenceNo: 'KW-1' }).expect(201);

    const cut = await put({ amount: 200 });
    expect(cut.status).toBe(422);
    expect(cut.body.code).toBe('ALLOCATION_BELOW_COMMITTED');
    expect(cut.body.details[0]).toMatchObject({ field: 'amount', kelurahanCode: KEL, source: 'APBD', requested: 200, approved: 1_000, spent: 600 });
    expect(cut.body.message).toMatch(/Rp\s?1\.000.*Rp\s?600/);
    const bulk = await t.http().post(`/api/allocations/${YEAR}/bulk`).set(bearer(admin)).send({ regionCode: '35.73.01', amount: 500 });
    expect(bulk.status).toBe(422);
    expect(bulk.body.details).toEqual([expect.objectContaining({ kelurahanCode: KEL, approved: 1_000, spent: 600, requested: 500 })]);

    const [row] = await t.db.query(`SELECT amount FROM allocation WHERE kelurahan_code = $1 AND year = $2`, [KEL, YEAR]);
    expect(row.amount).toBe('1000');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM allocation WHERE year = $1`, [YEAR]);
    expect(n).toBe(1);
    await put({ amount: 1_000, note: 'tetap' }).expect(200);
    await put({ amount: 5_000 }).expect(200);
    await put({ amount: 1_000 }).expect(200);
    const summary = await t.http().get(`/api/reports/summary?region=${KEL}&year=${YEAR}&period=FY`).set(bearer(lurah)).expect(200);
    expect(summary.body.totals.allocation).toBeGreaterThanOrEqual(summary.body.totals.realized);
  });

  it('keeps several funding sources side by side, each with its own amount, and lines per source within it', async () => {
    const kel = '35.73.01.1002';
    const lurah2 = await createUser(t, 'lurah', kel);
    await put({ amount: 1_000_000, source: 'APBD' }, kel).expect(200);
    const second = await put({ amount: 400_000, source: 'DAU_SG' }, kel).expect(200);
    expect(second.body).toMatchObject({ amount: 1_400_000, source: 'APBD' });
    expect(second.body.sources).toEqual([{ source: 'APBD', amount: 1_000_000 }, { source: 'DAU_SG', amount: 400_000 }]);
    // Changing one source leaves the other alone.
    const again = await put({ amount: 1_200_000 }, kel).expect(200);
    expect(again.body.sources).toEqual([{ source: 'APBD', amount: 1_200_000 }, { source: 'DAU_SG', amount: 400_000 }]);
    const list = await t.http().get(`/api/allocations/${YEAR}?region=${kel}`).set(bearer(admin)).expect(200);
    expect(list.body.items[0]).toMatchObject({ kelurahanCode: kel, amount: 1_600_000, sources: again.body.sources });

    const plan = (await t.http().post('/api/plans').set(bearer(lurah2)).send({ kelurahanCode: kel, year: YEAR }).expect(201)).body.id;
    await t.http().post(`/api/plans/${plan}/lines`).set(bearer(lurah2)).send(line({ unitPrice: 1_000_000 })).expect(201);
    const dau = (await t.http().post(`/api/plans/${plan}/lines`).set(bearer(lurah2)).send(line({ unitPrice: 500_000, fundingSource: 'DAU_SG' })).expect(201)).body;
    // 1.5 M in all is within the 1.6 M pagu, but the DAU SG lines (500 k) exceed the DAU SG pagu (400 k).
    const over = await t.http().post(`/api/plans/${plan}/submit`).set(bearer(lurah2));
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('PLAN_OVER_SOURCE');
    expect(over.body.details[0]).toMatchObject({ field: 'fundingSource', source: 'DAU_SG', total: 500_000, allocation: 400_000 });
    await t.http().patch(`/api/plans/${plan}/lines/${dau.id}`).set(bearer(lurah2)).send({ unitPrice: 400_000 }).expect(200);
    await t.http().post(`/api/plans/${plan}/submit`).set(bearer(lurah2)).expect(200);
    await t.http().post(`/api/plans/${plan}/approve`).set(bearer(camat)).expect(200);
    // Now DAU SG may not go below its 400 k of approved lines, while APBD still has room above its 1 M.
    const cut = await put({ amount: 300_000, source: 'DAU_SG' }, kel);
    expect(cut.status).toBe(422);
    expect(cut.body.details[0]).toMatchObject({ source: 'DAU_SG', approved: 400_000, spent: 0, requested: 300_000 });
    await put({ amount: 1_000_000, source: 'APBD' }, kel).expect(200);
  });

  it('holds the total equal to the sum of the sources in the database itself', async () => {
    const [a] = await t.db.query(`SELECT id FROM allocation WHERE kelurahan_code = '35.73.01.1002' AND year = $1`, [YEAR]);
    await expect(t.db.query(`UPDATE allocation SET amount = amount + 1 WHERE id = $1`, [a.id])).rejects.toThrow(/allocation_sources_sum_chk|sum of its sources/);
    const [{ amount, summed }] = await t.db.query(
      `SELECT a.amount, (SELECT sum(amount) FROM allocation_source s WHERE s.allocation_id = a.id) AS summed FROM allocation a WHERE a.id = $1`,
      [a.id],
    );
    expect(amount).toBe(summed);
  });
});

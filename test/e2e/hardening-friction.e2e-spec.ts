import { DemoSeedService } from '../../src/database/seed/demo-seed.service';
import { DEMO_FRESH_LURAH } from '../../src/modules/users/demo-users';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, TestUser } from '../helpers/users';

const KEL = '35.73.01.1001';
const YEAR = new Date().getFullYear();
const line = {
  category: 'sarpras',
  subType: 'A1',
  description: 'Pembangunan saluran drainase RW 03',
  accountCode: '5.2.04.01.01.0001',
  volume: 2,
  unit: 'UNIT',
  unitPrice: 1_000_000,
};

describe('what a new user runs into (issue #16 item 10)', () => {
  let t: TestApp;
  let admin: TestUser;
  let lurah: TestUser;
  let planId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73');
    admin = await createUser(t, 'admin', '35.73');
    lurah = await createUser(t, 'lurah', KEL);
    await t.http().put(`/api/allocations/${YEAR}/${KEL}`).set(bearer(admin)).send({ amount: 1_000_000_000 }).expect(200);
    planId = (await t.http().post('/api/plans').set(bearer(lurah)).send({ kelurahanCode: KEL, year: YEAR }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  it('takes the printed label of a unit, in any case', async () => {
    for (const unit of ['Paket', 'paket', 'PAKET']) {
      const res = await t.http().post(`/api/plans/${planId}/lines`).set(bearer(lurah)).send({ ...line, unit });
      expect({ unit, status: res.status }).toEqual({ unit, status: 201 });
      expect(res.body.unit).toBe('PAKET');
      expect(res.body.unitLabel).toBe('Paket');
    }
    const wrong = await t.http().post(`/api/plans/${planId}/lines`).set(bearer(lurah)).send({ ...line, unit: 'Kodi' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toContainEqual(expect.objectContaining({ field: 'unit' }));
  });

  it('addresses a line by its number as well as by its id', async () => {
    const plan = (await t.http().get(`/api/plans/${planId}`).set(bearer(lurah)).expect(200)).body;
    const [first, second] = plan.lines;
    const patched = await t.http().patch(`/api/plans/${planId}/lines/${first.position}`).set(bearer(lurah)).send({ volume: 3 }).expect(200);
    expect(patched.body).toMatchObject({ id: first.id, volume: 3, amount: 3_000_000 });
    const deleted = await t.http().delete(`/api/plans/${planId}/lines/${second.position}`).set(bearer(lurah)).expect(200);
    expect(deleted.body).toMatchObject({ id: second.id, deleted: true });
    await t.http().patch(`/api/plans/${planId}/lines/999`).set(bearer(lurah)).send({ volume: 1 }).expect(404);
  });

  it('reports a missing field once, as missing, under the name a person reads', async () => {
    const { description: _d, unitPrice: _p, ...rest } = line;
    const res = await t.http().post(`/api/plans/${planId}/lines`).set(bearer(lurah)).send(rest);
    expect(res.status).toBe(400);
    const byField = (f: string) => res.body.details.filter((d: { field: string }) => d.field === f);
    expect(byField('description')).toEqual([{ field: 'description', constraint: 'isDefined', message: 'uraian wajib diisi' }]);
    expect(byField('unitPrice')).toEqual([{ field: 'unitPrice', constraint: 'isDefined', message: 'harga satuan wajib diisi' }]);
    expect(res.body.message).toBe('Data tidak valid: uraian, harga satuan');
    expect(JSON.stringify(res.body.details)).not.toMatch(/terlalu panjang/);
  });
});

describe('the demo leaves a kelurahan where a new user can create a plan (issue #16 item 10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('prints a lurah whose kelurahan has its pagu and no plan, who can create one', async () => {
    const result = await t.app.get(DemoSeedService).run();
    const fresh = result.logins.find((l) => l.username === DEMO_FRESH_LURAH.username)!;
    expect(fresh).toMatchObject({ role: 'lurah', regionCode: DEMO_FRESH_LURAH.regionCode });
    const login = await t.http().post('/api/auth/login').send({ username: fresh.username, password: fresh.password }).expect(200);
    const created = await t.http().post('/api/plans').set({ Authorization: `Bearer ${login.body.accessToken}` })
      .send({ kelurahanCode: fresh.regionCode, year: YEAR });
    expect(created.status).toBe(201);
    expect(created.body.allocation).toBe(1_000_000_000);
  });
});

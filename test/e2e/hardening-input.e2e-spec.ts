import { createTestApp, TestApp } from '../helpers/test-app';
import { importKabkota } from '../helpers/regions';
import { bearer, createUser, TestUser } from '../helpers/users';

const contract = (body: Record<string, unknown>) => {
  expect(Object.keys(body).sort()).toEqual(['code', 'details', 'message', 'statusCode']);
  expect(typeof body.code).toBe('string');
  expect(Array.isArray(body.details)).toBe(true);
};

describe('request limits and the text policy (issue #16 items 1, 2, 4, 7, 9, 10)', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73');
    admin = await createUser(t, 'admin', '35.73');
  });
  afterAll(() => t.close());

  it('refuses JSON nested 3,000 levels deep in a 6 KB body with a 400 before login', async () => {
    const deep = '['.repeat(3000) + ']'.repeat(3000);
    const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send(`{"username":${deep},"password":"x"}`);
    expect(res.status).toBe(400);
    contract(res.body);
    expect(res.body.code).toBe('BODY_TOO_DEEP');
  });

  it('refuses a body over 64 KiB with 413 in the contract shape', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'a', password: 'x'.repeat(960 * 1024) });
    expect(res.status).toBe(413);
    contract(res.body);
  });

  it('names the field that carries a NUL, on login (no token) and on a user field', async () => {
    const login = await t.http().post('/api/auth/login').send({ username: 'lurah\u0000x', password: 'x' });
    expect(login.status).toBe(400);
    contract(login.body);
    expect(login.body.details).toContainEqual(expect.objectContaining({ field: 'username', constraint: 'textPolicy' }));

    const user = await t.http().post('/api/users').set(bearer(admin))
      .send({ username: 'baru.satu', password: 'kata-sandi-panjang', fullName: 'Nama\u0000', role: 'lurah', regionCode: '35.73.01.1001' });
    expect(user.status).toBe(400);
    expect(user.body.details).toContainEqual(expect.objectContaining({ field: 'fullName' }));
  });

  it('refuses NUL and right-to-left overrides in query strings (audit filters)', async () => {
    const auditor = await createUser(t, 'auditor', '35.73');
    for (const q of ['entity=plan%00', 'action=%E2%80%AEnalp']) {
      const res = await t.http().get(`/api/audit?${q}`).set(bearer(auditor));
      expect(res.status).toBe(400);
      contract(res.body);
    }
  });

  it('refuses Object.prototype member names as body keys, as it refuses unknown keys', async () => {
    for (const key of ['toString', 'valueOf', 'hasOwnProperty', 'prototype', '__proto__', 'constructor']) {
      const res = await t.http().post('/api/auth/login').set('content-type', 'application/json')
        .send(`{"username":"a","password":"b","${key}":1}`);
      expect({ key, status: res.status }).toEqual({ key, status: 400 });
      expect(res.body.details).toContainEqual(expect.objectContaining({ field: key }));
    }
  });

  it('answers a path segment over the limit with 414 in the contract shape', async () => {
    const res = await t.http().get(`/api/regions/${'9'.repeat(300)}`).set(bearer(admin));
    expect(res.status).toBe(414);
    contract(res.body);
    expect(res.body.code).toBe('URI_TOO_LONG');
  });

  it('refuses a tax rate JavaScript prints in exponent form (2e-323, 1e21) with a 400 naming the rate, not a 500', async () => {
    const lurah = await createUser(t, 'lurah', '35.73.01.1002');
    for (const rate of [-2e-323, 2e-323, 1e-7, 1.5e21, 0.00001]) {
      const res = await t.http().post('/api/spending').set(bearer(lurah)).send({ amount: 1000, taxes: [{ type: 'PPH22', base: 1000, rate, amount: 15 }] });
      expect({ rate, status: res.status }).toEqual({ rate, status: 400 });
      contract(res.body);
      expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'taxes.0.rate', constraint: 'isDecimal', message: 'tarif (butir ke-1) harus angka persen dengan paling banyak 4 desimal' }));
    }
  });

  it('answers an empty JSON body with a 400 that names each missing field, once, in Indonesian', async () => {
    const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('');
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['password', 'username']);
    for (const d of res.body.details) expect(d.message).toMatch(/wajib diisi/);
  });

  describe('region CSV', () => {
    const header = 'kode_provinsi,nama_provinsi,kode_kabkota,nama_kabkota,kode_kecamatan,nama_kecamatan,kode_kelurahan,nama_kelurahan';
    const post = (body: Buffer | string) => t.http().post('/api/regions/import').set(bearer(admin)).set('content-type', 'text/csv').send(body);
    const national = async () => createUser(t, 'admin', null);

    it('refuses a latin1 file instead of storing U+FFFD', async () => {
      const admin0 = await national();
      const csv = Buffer.from(`${header}\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.1001,Caf\xe9\n`, 'latin1');
      const res = await t.http().post('/api/regions/import').set(bearer(admin0)).set('content-type', 'text/csv').send(csv);
      expect(res.status).toBe(400);
      contract(res.body);
      const [row] = await t.db.query(`SELECT count(*)::int AS n FROM region WHERE name LIKE '%' || chr(65533) || '%'`);
      expect(row.n).toBe(0);
    });

    it('refuses overlong names, zero-width and right-to-left characters, naming the line', async () => {
      const admin0 = await national();
      for (const name of ['A'.repeat(1024 * 1024), 'Bale\u200Barjosari', 'Bale\u202Earjosari', 'Bale\u0000']) {
        const res = await t.http().post('/api/regions/import').set(bearer(admin0)).set('content-type', 'text/csv')
          .send(`${header}\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.1001,${name}\n`);
        expect(res.status).toBe(400);
        contract(res.body);
        expect(res.body.details[0]).toMatchObject({ line: 2, field: 'nama_kelurahan' });
      }
      void post;
    });
  });
});

describe('CORS preflight (issue #16 item 9)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://sipd.contoh.go.id' });
  });
  afterAll(() => t.close());

  it('answers a preflight with 204, with the allow headers only for a configured origin', async () => {
    const ok = await t.http().options('/api/plans').set('Origin', 'https://sipd.contoh.go.id').set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://sipd.contoh.go.id');
    expect(ok.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const other = await t.http().options('/api/plans').set('Origin', 'https://jahat.example').set('Access-Control-Request-Method', 'POST');
    expect(other.status).toBe(204);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('query bounds (issue #16 item 3)', () => {
  let t: TestApp;
  let auditor: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73');
    auditor = await createUser(t, 'auditor', '35.73');
    admin = await createUser(t, 'admin', '35.73');
  });
  afterAll(() => t.close());

  it('takes the last day of the calendar as an audit bound', async () => {
    for (const q of ['to=9999-12-31', 'from=2020-01-01&to=9999-12-31', 'from=9999-12-31']) {
      const res = await t.http().get(`/api/audit?${q}`).set(bearer(auditor));
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
    }
  });

  it('answers a huge page number with 400 on every paginated list', async () => {
    const spec = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    const lists = Object.entries(spec.paths)
      .filter(([p, ops]) => !p.includes('{') && ops.get?.parameters?.some((x) => x.name === 'page' && x.in === 'query'))
      .map(([p]) => p);
    expect(lists.length).toBeGreaterThanOrEqual(3);
    for (const p of lists) {
      for (const page of ['1e300', '184467440737095517', '-1', '0', '1.5']) {
        const res = await t.http().get(`${p}?page=${page}&year=2026`).set(bearer(admin));
        expect({ p, page, status: res.status }).toEqual({ p, page, status: 400 });
        contract(res.body);
      }
    }
  });
});

describe('a NUL in any stored text, field by field (issue #16 item 2)', () => {
  let t: TestApp;
  let admin: TestUser;
  let lurah: TestUser;
  let camat: TestUser;
  let bendahara: TestUser;
  let planId: string;
  let lineId: string;
  const YEAR = new Date().getFullYear();
  const KEL = '35.73.01.1001';
  const line = { category: 'sarpras', subType: 'A1', description: 'Saluran', accountCode: '5.2.04.01.01.0001', volume: 1, unit: 'PAKET', unitPrice: 5_000_000 };
  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73');
    admin = await createUser(t, 'admin', '35.73');
    lurah = await createUser(t, 'lurah', KEL);
    camat = await createUser(t, 'camat', '35.73.01');
    bendahara = await createUser(t, 'bendahara', KEL);
    await t.http().put(`/api/allocations/${YEAR}/${KEL}`).set(bearer(admin)).send({ amount: 1_000_000_000 }).expect(200);
    planId = (await t.http().post('/api/plans').set(bearer(lurah)).send({ kelurahanCode: KEL, year: YEAR }).expect(201)).body.id;
    lineId = (await t.http().post(`/api/plans/${planId}/lines`).set(bearer(lurah)).send(line).expect(201)).body.id;
    await t.http().post(`/api/plans/${planId}/submit`).set(bearer(lurah)).expect(200);
  });
  afterAll(() => t.close());

  const refused = async (res: { status: number; body: { details: Array<{ field?: string }> } }, field: string) => {
    expect({ field, status: res.status }).toEqual({ field, status: 400 });
    expect(res.body.details.map((d) => d.field)).toContain(field);
  };

  it('refuses it in an allocation note, a return reason and each spending text, and stores nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
    await refused(await t.http().put(`/api/allocations/${YEAR}/${KEL}`).set(bearer(admin)).send({ amount: 2_000_000_000, note: 'catatan\u0000' }), 'note');
    await refused(await t.http().post(`/api/plans/${planId}/return`).set(bearer(camat)).send({ reason: 'alasan\u0000' }), 'reason');
    await t.http().post(`/api/plans/${planId}/approve`).set(bearer(camat)).expect(200);
    const entry = { planLineId: lineId, date: `${YEAR}-03-01`, amount: 1000, description: 'Semen', payee: 'Toko', evidenceNo: 'KW-9' };
    for (const field of ['description', 'payee', 'evidenceNo'] as const) {
      await refused(await t.http().post('/api/spending').set(bearer(bendahara)).send({ ...entry, [field]: `${entry[field]}\u0000` }), field);
    }
    // Only the approval above was recorded.
    expect((await t.db.query('SELECT count(*)::int AS n FROM audit_event'))[0].n).toBe(before + 1);
  });
});

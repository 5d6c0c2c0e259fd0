import { Where } from '../../src/database/sql-where';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { AppError } from '../../src/common/errors/app-error';
import { RegionScopeService } from '../../src/modules/regions/region-scope.service';
import { AdminBootstrapService } from '../../src/modules/users/admin-bootstrap.service';
import { DemoSeedService } from '../../src/database/seed/demo-seed.service';
import { DEMO_USERS, loadDemoUsers } from '../../src/modules/users/demo-users';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, insertUser, TEST_PASSWORD, TestUser } from '../helpers/users';

const NEW_PASSWORD = 'kata-sandi-baru-123';
const count = async (t: TestApp, sql: string, params: unknown[] = []) => (await t.db.query(sql, params))[0].n as number;
const userCount = (t: TestApp) => count(t, 'SELECT count(*)::int AS n FROM app_user');
const auditCount = (t: TestApp) => count(t, 'SELECT count(*)::int AS n FROM audit_event');

const asAuthUser = (u: TestUser): AuthUser => ({ id: u.id, username: u.username, fullName: u.username, role: u.role, regionCode: u.regionCode });

describe('users, roles and regional scope', () => {
  let t: TestApp;
  let national: TestUser;
  let admin: TestUser; // 35.73 Kota Malang
  let adminKediri: TestUser; // 35.71 Kota Kediri
  let camat: TestUser; // 35.73.01 Blimbing
  let lurah: TestUser; // 35.73.01.1001 Balearjosari
  let auditor: TestUser; // 35.73

  beforeAll(async () => {
    // This suite logs in many users from one address; the limits themselves are tested in their own app below.
    t = await createTestApp({ LOGIN_RATE_LIMIT_IP: '10000' });
    await importKabkota(t, '35.73', '35.71');
    national = await createUser(t, 'admin', null);
    admin = await createUser(t, 'admin', '35.73');
    adminKediri = await createUser(t, 'admin', '35.71');
    camat = await createUser(t, 'camat', '35.73.01');
    lurah = await createUser(t, 'lurah', '35.73.01.1001');
    auditor = await createUser(t, 'auditor', '35.73');
  });
  afterAll(() => t.close());

  const createAs = (actor: TestUser, body: Record<string, unknown>) => t.http().post('/api/users').set(bearer(actor)).send(body);
  const lurahBody = (username: string, extra: Record<string, unknown> = {}) => ({
    username,
    password: NEW_PASSWORD,
    fullName: 'Siti Aminah, S.Sos.',
    role: 'lurah',
    regionCode: '35.73.01.1002',
    ...extra,
  });

  describe('POST /api/users', () => {
    it('creates a user with NIP, pangkat and jabatan; the answer never carries the password or its hash', async () => {
      const res = await createAs(
        admin,
        lurahBody('lurah.arjosari', { nip: '19840929 201001 2 006', rank: 'Penata Tingkat I (III/d)', position: 'Lurah Arjosari' }),
      ).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        username: 'lurah.arjosari',
        fullName: 'Siti Aminah, S.Sos.',
        nip: '198409292010012006',
        rank: 'Penata Tingkat I (III/d)',
        position: 'Lurah Arjosari',
        role: 'lurah',
        regionCode: '35.73.01.1002',
        active: true,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|kata-sandi/);
      const login = await t.http().post('/api/auth/login').send({ username: 'LURAH.ARJOSARI', password: NEW_PASSWORD }).expect(200);
      expect(login.body.user.id).toBe(res.body.id);
    });

    it('stores the password only as an argon2id hash that verifies', async () => {
      const res = await createAs(admin, lurahBody('lurah.hash')).expect(201);
      const [row] = await t.db.query('SELECT password_hash FROM app_user WHERE id = $1', [res.body.id]);
      expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(row.password_hash).not.toContain(NEW_PASSWORD);
      expect(await argon2.verify(row.password_hash, NEW_PASSWORD)).toBe(true);
      expect(await argon2.verify(row.password_hash, NEW_PASSWORD + 'x')).toBe(false);
    });

    it('records the creation in the audit trail, without the password or its hash', async () => {
      const res = await createAs(admin, lurahBody('lurah.audit')).expect(201);
      const events = await t.db.query(`SELECT actor, action, region_code, after::text AS after FROM audit_event WHERE entity = 'user' AND entity_id = $1`, [res.body.id]);
      expect(events).toEqual([{ actor: admin.username, action: 'user.create', region_code: '35.73.01.1002', after: expect.any(String) }]);
      expect(JSON.parse(events[0].after)).toMatchObject({ username: 'lurah.audit', role: 'lurah' });
      const all: Array<{ t: string }> = await t.db.query(`SELECT coalesce(before::text, '') || coalesce(after::text, '') AS t FROM audit_event`);
      for (const e of all) expect(e.t).not.toMatch(/argon2|kata-sandi/);
    });

    it.each([
      ['a lurah placed at a kecamatan', { role: 'lurah', regionCode: '35.73.01' }, 'regionCode'],
      ['a bendahara placed at a kab/kota', { role: 'bendahara', regionCode: '35.73' }, 'regionCode'],
      ['a camat placed at a kelurahan', { role: 'camat', regionCode: '35.73.01.1001' }, 'regionCode'],
      ['an auditor placed at a kecamatan', { role: 'auditor', regionCode: '35.73.01' }, 'regionCode'],
      ['an admin placed at a kelurahan', { role: 'admin', regionCode: '35.73.01.1001' }, 'regionCode'],
      ['a lurah without a region', { regionCode: undefined }, 'regionCode'],
      ['a region code of no known shape', { regionCode: '35.73.1' }, 'regionCode'],
      ['an unknown region inside the admin’s kota', { regionCode: '35.73.01.1999' }, 'regionCode'],
      ['a password of 9 characters', { password: 'pendek123' }, 'password'],
      ['a NIP of 5 digits', { nip: '12345' }, 'nip'],
      ['a NIP with letters', { nip: '19840929201001200A' }, 'nip'],
      ['a NIP whose birth date does not exist', { nip: '198413292010012006' }, 'nip'],
      ['a NIP with gender digit 3', { nip: '198409292010013006' }, 'nip'],
      ['a NIP given as a number', { nip: 198409292010012000 }, 'nip'],
      ['a username with a space', { username: 'lurah baru' }, 'username'],
      ['an unknown role', { role: 'bupati' }, 'role'],
      ['an empty full name', { fullName: '   ' }, 'fullName'],
    ])('refuses %s with 400 naming %s, and leaves nothing behind', async (_label, patch, field) => {
      const [users, events] = [await userCount(t), await auditCount(t)];
      const res = await createAs(admin, lurahBody(`lurah.bad${Math.random().toString(36).slice(2, 8)}`, patch)).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: expect.any(String), message: expect.any(String) });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect([await userCount(t), await auditCount(t)]).toEqual([users, events]);
    });

    it('refuses a username taken in another letter case with 400 USERNAME_TAKEN naming username', async () => {
      await createAs(admin, lurahBody('Lurah.Kembar')).expect(201);
      const [users, events] = [await userCount(t), await auditCount(t)];
      const res = await createAs(national, lurahBody('lurah.KEMBAR')).expect(400);
      expect(res.body.code).toBe('USERNAME_TAKEN');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'username' })]);
      expect([await userCount(t), await auditCount(t)]).toEqual([users, events]);
    });

    it('gives exactly one of two simultaneous creates of the same name', async () => {
      const results = await Promise.all([createAs(admin, lurahBody('lurah.balapan')), createAs(national, lurahBody('LURAH.balapan'))]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
      expect(await count(t, `SELECT count(*)::int AS n FROM app_user WHERE lower(username) = 'lurah.balapan'`)).toBe(1);
    });

    it('lets the national admin create a national admin and admins anywhere', async () => {
      const nat = await createAs(national, { username: 'admin.pusat2', password: NEW_PASSWORD, fullName: 'Admin Pusat', role: 'admin' }).expect(201);
      expect(nat.body).toMatchObject({ role: 'admin', regionCode: null });
      await createAs(national, { ...lurahBody('admin.kediri2'), role: 'admin', regionCode: '35.71' }).expect(201);
    });

    it('refuses an unknown region for the national admin with 400 naming regionCode', async () => {
      const res = await createAs(national, { ...lurahBody('admin.entah'), role: 'admin', regionCode: '35.99' }).expect(400);
      expect(res.body.details[0].field).toBe('regionCode');
    });

    it('refuses every role but admin at the route (403), before looking at the body', async () => {
      for (const u of [camat, lurah, auditor]) {
        const res = await createAs(u, lurahBody(`x.${u.role}`)).expect(403);
        expect(res.body.code).toBe('FORBIDDEN_ROLE');
      }
      await t.http().post('/api/users').send(lurahBody('x.anon')).expect(401);
    });
  });

  describe('an admin of 35.73 cannot act in 35.71', () => {
    let kediriLurah: { id: string };
    beforeAll(async () => {
      kediriLurah = await insertUser(t.db, 'lurah', '35.71.01.1001');
    });

    it('cannot create a user there: 404 (out of region answers like missing), nothing created', async () => {
      const [users, events] = [await userCount(t), await auditCount(t)];
      const there = await createAs(admin, lurahBody('lurah.kediri', { regionCode: '35.71.01.1001' })).expect(404);
      // A region that does not exist at all, outside its kota, gets the very same answer.
      const nowhere = await createAs(admin, lurahBody('lurah.entah', { regionCode: '35.99.01.1001' })).expect(404);
      expect(nowhere.body.code).toBe(there.body.code);
      expect([await userCount(t), await auditCount(t)]).toEqual([users, events]);
    });

    it('cannot create a national admin (403)', async () => {
      const users = await userCount(t);
      const res = await createAs(admin, { username: 'admin.palsu', password: NEW_PASSWORD, fullName: 'Admin Palsu', role: 'admin', regionCode: null }).expect(403);
      expect(res.body.code).toBe('USER_NATIONAL_ADMIN_FORBIDDEN');
      expect(await userCount(t)).toBe(users);
    });

    it('cannot list users there (404) nor see them in its own list', async () => {
      await t.http().get('/api/users?region=35.71').set(bearer(admin)).expect(404);
      const res = await t.http().get('/api/users?pageSize=500').set(bearer(admin)).expect(200);
      expect(res.body.items.length).toBe(res.body.total);
      expect(res.body.items.every((u: { regionCode: string | null }) => u.regionCode === '35.73' || u.regionCode?.startsWith('35.73.'))).toBe(true);
      expect(res.body.items.map((u: { id: string }) => u.id)).not.toContain(kediriLurah.id);
      expect(res.body.items.map((u: { id: string }) => u.id)).not.toContain(national.id);
    });

    it('cannot deactivate a user there, nor the national admin (404); both stay active', async () => {
      await t.http().post(`/api/users/${kediriLurah.id}/deactivate`).set(bearer(admin)).expect(404);
      await t.http().post(`/api/users/${national.id}/deactivate`).set(bearer(admin)).expect(404);
      expect(await count(t, 'SELECT count(*)::int AS n FROM app_user WHERE id = ANY($1) AND active', [[kediriLurah.id, national.id]])).toBe(2);
    });

    it('cannot import the regions of 35.71 (404)', async () => {
      await t.http().post('/api/regions/import?kabkota=35.71').set(bearer(admin)).set('Content-Type', 'text/csv').send('x').expect(404);
    });

    it('while the admin of 35.71 can', async () => {
      await t.http().post(`/api/users/${kediriLurah.id}/deactivate`).set(bearer(adminKediri)).expect(200);
    });
  });

  describe('GET /api/users', () => {
    it('pages with {items, total}', async () => {
      const first = await t.http().get('/api/users?page=1&pageSize=2').set(bearer(national)).expect(200);
      const second = await t.http().get('/api/users?page=2&pageSize=2').set(bearer(national)).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(second.body.total).toBe(first.body.total);
      expect(first.body.total).toBe(await userCount(t));
      const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(JSON.stringify(first.body)).not.toMatch(/argon2|passwordHash|password_hash/);
    });

    it('filters by role and by region (the region and beneath it)', async () => {
      const res = await t.http().get('/api/users?role=lurah&region=35.73.01').set(bearer(admin)).expect(200);
      expect(res.body.total).toBeGreaterThan(0);
      for (const u of res.body.items) {
        expect(u.role).toBe('lurah');
        expect(u.regionCode.startsWith('35.73.01.')).toBe(true);
      }
    });

    it('refuses a bad page size or filter with 400 naming it', async () => {
      expect((await t.http().get('/api/users?pageSize=501').set(bearer(admin)).expect(400)).body.details[0].field).toBe('pageSize');
      // An integer to JavaScript, but no SQL OFFSET: a 400 naming the field, never a 500.
      for (const path of ['/api/users?page=1e300', '/api/plans?page=1e300', '/api/audit?page=1e300', '/api/spending?page=1e300', '/api/allocations/2026?page=1e300']) {
        const res = await t.http().get(path).set(bearer(admin)).expect(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'page' })] });
      }
      expect((await t.http().get('/api/users?role=bupati').set(bearer(admin)).expect(400)).body.details[0].field).toBe('role');
      expect((await t.http().get('/api/users?region=malang').set(bearer(admin)).expect(400)).body.details[0].field).toBe('region');
    });
  });

  describe('deactivating and activating', () => {
    it('ends a deactivated user’s existing token at once, and its logins', async () => {
      const victim = await createUser(t, 'bendahara', '35.73.01.1001');
      await t.http().get('/api/auth/me').set(bearer(victim)).expect(200);
      const res = await t.http().post(`/api/users/${victim.id}/deactivate`).set(bearer(admin)).send({ reason: 'pindah tugas' }).expect(200);
      expect(res.body).toMatchObject({ id: victim.id, active: false });

      const me = await t.http().get('/api/auth/me').set(bearer(victim)).expect(401);
      expect(me.body.code).toBe('UNAUTHORIZED');
      const login = await t.http().post('/api/auth/login').send({ username: victim.username, password: TEST_PASSWORD }).expect(401);
      const wrong = await t.http().post('/api/auth/login').send({ username: admin.username, password: 'salah-sekali-123' }).expect(401);
      expect(login.body).toEqual(wrong.body);

      const [event] = await t.db.query(`SELECT action, before, after, reason FROM audit_event WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [victim.id]);
      expect(event).toEqual({ action: 'user.deactivate', before: { active: true }, after: { active: false }, reason: 'pindah tugas' });

      await t.http().post(`/api/users/${victim.id}/deactivate`).set(bearer(admin)).expect(409);
      await t.http().post(`/api/users/${victim.id}/activate`).set(bearer(admin)).expect(200);
      await t.http().get('/api/auth/me').set(bearer(victim)).expect(200);
    });

    it('will not let an admin lock itself out (409)', async () => {
      const res = await t.http().post(`/api/users/${admin.id}/deactivate`).set(bearer(admin)).expect(409);
      expect(res.body.code).toBe('USER_SELF_DEACTIVATE');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      await t.http().post('/api/users/00000000-0000-4000-8000-000000000000/deactivate').set(bearer(national)).expect(404);
      await t.http().post('/api/users/bukan-uuid/deactivate').set(bearer(national)).expect(404);
    });
  });

  describe('login and me', () => {
    it('answers an unknown user and a wrong password with the same 401 body', async () => {
      const unknown = await t.http().post('/api/auth/login').send({ username: 'tidak.ada', password: 'apa-saja-12345' }).expect(401);
      const wrong = await t.http().post('/api/auth/login').send({ username: lurah.username, password: 'apa-saja-12345' }).expect(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(unknown.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String), details: [] });
    });

    it('issues a token with a bounded lifetime, and /me shows the contract fields without secrets', async () => {
      const res = await t.http().post('/api/auth/login').send({ username: lurah.username.toUpperCase(), password: TEST_PASSWORD }).expect(200);
      const payload = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(3600);
      const me = await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${res.body.accessToken}` }).expect(200);
      expect(me.body).toMatchObject({ id: lurah.id, username: lurah.username, role: 'lurah', regionCode: '35.73.01.1001', nip: null });
      expect(JSON.stringify(me.body)).not.toMatch(/argon2|password/i);
    });

    it('refuses a forged token or another scheme with 401', async () => {
      const [h, p] = lurah.token.split('.');
      await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${h}.${p}.tandatanganpalsu` }).expect(401);
      await t.http().get('/api/auth/me').set({ Authorization: 'Basic abc' }).expect(401);
    });
  });

  describe('region scope (layer two)', () => {
    const scope = () => t.app.get(RegionScopeService);
    const scopedKelurahan = async (u: TestUser) => {
      const w = new Where().scope(asAuthUser(u), 'code');
      const rows: Array<{ code: string }> = await t.db.query(`SELECT code FROM region WHERE level = 'kelurahan' AND ${w.sql} ORDER BY code`, w.params);
      return rows.map((r) => r.code);
    };
    const refusal = (u: TestUser, code: string) => {
      try {
        scope().assertAccess(asAuthUser(u), code);
        return null;
      } catch (e) {
        return e instanceof AppError ? e.status : e;
      }
    };

    it('gives a lurah of 35.73.01.1001 a 404 for 35.73.01.1002, and its own kelurahan only', async () => {
      expect(refusal(lurah, '35.73.01.1002')).toBe(404);
      expect(refusal(lurah, '35.73.01')).toBe(404);
      expect(refusal(lurah, '35.73.01.1001')).toBeNull();
      expect(await scopedKelurahan(lurah)).toEqual(['35.73.01.1001']);
    });

    it('gives a camat of 35.73.01 a 404 for 35.73.02 and its kelurahan, and all 11 of Blimbing', async () => {
      expect(refusal(camat, '35.73.02')).toBe(404);
      expect(refusal(camat, '35.73.02.1001')).toBe(404);
      expect(refusal(camat, '35.73.01.1011')).toBeNull();
      const codes = await scopedKelurahan(camat);
      expect(codes).toHaveLength(11);
      expect(codes.every((c) => c.startsWith('35.73.01.'))).toBe(true);
    });

    it('gives an auditor of 35.73 its whole kota and nothing of 35.71, the national admin everything', async () => {
      expect(await scopedKelurahan(auditor)).toHaveLength(57);
      expect(refusal(auditor, '35.71.01.1001')).toBe(404);
      expect((await scopedKelurahan(national)).length).toBe(57 + 46);
    });
  });

  describe('an auditor is read-only', () => {
    // POSTs that change nothing: logging in, and checking a PDF against the register (also without a login).
    const READS_BY_POST = new Set(['POST /api/auth/login', 'POST /api/documents/verify', 'POST /api/public/documents/verify']);
    const sample: Record<string, string> = { year: '2026', kelurahanCode: '35.73.01.1001', code: '35.73.01.1001' };

    it('gets 403 on every write route in the API', async () => {
      const spec = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
      const writes = Object.entries(spec.paths).flatMap(([p, ops]) =>
        (['post', 'put', 'patch', 'delete'] as const).filter((m) => ops[m] && !READS_BY_POST.has(`${m.toUpperCase()} ${p}`)).map((m) => ({ m, p })),
      );
      expect(writes.length).toBeGreaterThanOrEqual(4);
      const wrong: string[] = [];
      for (const { m, p } of writes) {
        const url = p.replace(/\{([^}]+)\}/g, (_x, name: string) => sample[name] ?? '00000000-0000-4000-8000-000000000000');
        const res = await t.http()[m](url).set(bearer(auditor)).send({});
        if (res.status !== 403) wrong.push(`${m.toUpperCase()} ${p}: ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});

describe('login throttling (default limits: 10 per username, 30 per client, per minute)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await insertUser(t.db, 'admin', null, { username: 'sasaran' });
  });
  afterAll(() => t.close());
  const attempt = (username: string, password = 'tebakan-salah-1') => t.http().post('/api/auth/login').send({ username, password });

  it('answers 429 in the contract shape after 10 attempts on one username, whatever its letter case, even with the right password', async () => {
    for (let i = 0; i < 10; i++) await attempt(i % 2 ? 'sasaran' : 'SASARAN').expect(401);
    const res = await attempt('sasaran', TEST_PASSWORD).expect(429);
    expect(res.body).toEqual({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String), details: [] });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 429 to a client after 30 attempts across usernames', async () => {
    // 11 attempts were made above; 19 more with fresh names reach 30.
    for (let i = 0; i < 19; i++) await attempt(`tebak${i}`).expect(401);
    await attempt('nama-baru').expect(429);
  });

  it('throttles nothing but the login route', async () => {
    const u = await insertUser(t.db, 'admin', null);
    const token = await t.app.get(JwtService).signAsync({ sub: u.id });
    for (let i = 0; i < 40; i++) await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${token}` }).expect(200);
  });
});

describe('ADMIN_USERNAME / ADMIN_PASSWORD bootstrap', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'Admin.Pusat', ADMIN_PASSWORD: 'admin-pusat-rahasia-1' });
  });
  afterAll(() => t.close());

  it('creates the national admin once, audited, and it can log in and act anywhere', async () => {
    const bootstrap = t.app.get(AdminBootstrapService);
    expect(await bootstrap.ensureAdmin()).toBe(true);
    expect(await bootstrap.ensureAdmin()).toBe(false);
    const rows = await t.db.query(`SELECT role, region_code, active, password_hash FROM app_user WHERE lower(username) = 'admin.pusat'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'admin', region_code: null, active: true });
    expect(rows[0].password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await count(t, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.bootstrap_admin'`)).toBe(1);

    const login = await t.http().post('/api/auth/login').send({ username: 'admin.pusat', password: 'admin-pusat-rahasia-1' }).expect(200);
    expect(login.body.user).toMatchObject({ role: 'admin', regionCode: null });
    await importKabkota(t, '35.71');
    await t.http().post('/api/users').set({ Authorization: `Bearer ${login.body.accessToken}` })
      .send({ username: 'admin.kediri', password: NEW_PASSWORD, fullName: 'Admin Kediri', role: 'admin', regionCode: '35.71' }).expect(201);
  });
});

describe('demo seed: one user per role in Kota Malang', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates them once, lists their logins for the start-up banner, and each can log in', async () => {
    const seed = t.app.get(DemoSeedService);
    const result = await seed.run();
    expect(result.seeded).toBe(true);
    for (const u of DEMO_USERS) {
      expect(result.logins).toContainEqual(expect.objectContaining({ username: u.username, password: u.password, role: u.role, regionCode: u.regionCode }));
      const res = await t.http().post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
      expect(res.body.user).toMatchObject({ role: u.role, regionCode: u.regionCode, nip: u.nip, rank: u.rank, position: u.position });
    }
    expect(Object.keys(await loadDemoUsers(t.db)).sort()).toEqual(['admin', 'auditor', 'bendahara', 'camat', 'lurah']);
    expect((await seed.run()).seeded).toBe(false);
  });
});

import * as jsonwebtoken from 'jsonwebtoken';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, insertUser, TEST_PASSWORD } from '../helpers/users';

const SECRET = 'rahasia-uji-yang-panjangnya-lebih-dari-32-karakter';
const login = (t: TestApp, username: string, password = 'tebakan-salah-1') => t.http().post('/api/auth/login').send({ username, password });

describe('login throttling kept in PostgreSQL (issue #16 item 5)', () => {
  let a: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ LOGIN_RATE_LIMIT_USERNAME: '10', LOGIN_RATE_LIMIT_IP: '30' });
  });
  afterAll(() => a.close());

  it('locks a username against every spelling, including letters JavaScript and PostgreSQL lower-case differently', async () => {
    const user = await insertUser(a.db, 'admin', null, { username: 'admin.arjosari' });
    for (let i = 0; i < 10; i++) await login(a, i % 2 ? 'ADMIN.ARJOSARI' : 'admin.arjosari').expect(401);
    for (const variant of ['admin.arjosarİ', 'ADMİN.ARJOSARİ', 'admin.arjosari', 'Admin.Arjosari']) {
      const res = await login(a, variant, TEST_PASSWORD);
      expect({ variant, status: res.status }).toEqual({ variant, status: variant.includes('İ') ? 401 : 429 });
    }
    expect(user.id).toBeDefined();
  }, 300_000);

  it('holds across two instances on one database and survives a restart', async () => {
    const b = await createTestApp({ DATABASE_URL: a.database.url });
    await insertUser(a.db, 'admin', null, { username: 'admin.dua' });
    for (let i = 0; i < 5; i++) await login(a, 'admin.dua').expect(401);
    for (let i = 0; i < 5; i++) await login(b, 'admin.dua').expect(401);
    await login(a, 'admin.dua', TEST_PASSWORD).expect(429);
    await b.app.close();
    const c = await createTestApp({ DATABASE_URL: a.database.url });
    try {
      const res = await login(c, 'admin.dua', TEST_PASSWORD).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await c.app.close();
      await b.database.drop();
      await c.database.drop();
    }
  }, 300_000);
});

describe('one office behind one address (issue #16 item 5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_USERNAME: '10', LOGIN_RATE_LIMIT_IP: '30' });
  });
  afterAll(() => t.close());

  it('lets 40 colleagues log in from one address, and keeps them in while someone there guesses', async () => {
    const names: string[] = [];
    for (let i = 0; i < 40; i++) names.push((await insertUser(t.db, 'admin', null, { username: `kantor.${i}` })).username);
    for (const n of names) await login(t, n, TEST_PASSWORD).expect(200);
    for (let i = 0; i < 30; i++) await login(t, `tebak.${i}`).expect(401);
    // The address is now locked for names it has not seen succeed, but not for the office's own users.
    await login(t, 'tebak.lagi').expect(429);
    for (const n of names.slice(0, 5)) await login(t, n, TEST_PASSWORD).expect(200);
    const newcomer = await insertUser(t.db, 'admin', null, { username: 'kantor.baru' });
    await login(t, newcomer.username, TEST_PASSWORD).expect(429);
  }, 300_000);
});

describe('tokens and sessions (issue #16 item 9)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JWT_SECRET: SECRET, LOGIN_RATE_LIMIT_IP: '100000', LOGIN_RATE_LIMIT_USERNAME: '100000' });
  });
  afterAll(() => t.close());

  it('refuses a correctly signed token that carries no expiry', async () => {
    const u = await insertUser(t.db, 'admin', null);
    const noExp = jsonwebtoken.sign({ sub: u.id }, SECRET, { algorithm: 'HS256' });
    const res = await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${noExp}` });
    expect(res.status).toBe(401);
    const withExp = jsonwebtoken.sign({ sub: u.id }, SECRET, { algorithm: 'HS256', expiresIn: 60 });
    await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${withExp}` }).expect(200);
  });

  it('does not revive old tokens when a deactivated user is reactivated', async () => {
    const admin = await createUser(t, 'admin', null);
    const user = await createUser(t, 'admin', null);
    await t.http().post(`/api/users/${user.id}/deactivate`).set(bearer(admin)).send({}).expect(200);
    await t.http().get('/api/auth/me').set(bearer(user)).expect(401);
    await t.http().post(`/api/users/${user.id}/activate`).set(bearer(admin)).send({}).expect(200);
    await t.http().get('/api/auth/me').set(bearer(user)).expect(401);
    const again = await login(t, user.username, TEST_PASSWORD).expect(200);
    await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${again.body.accessToken}` }).expect(200);
  });

  it('logout ends every token of the user, audited', async () => {
    const user = await createUser(t, 'admin', null);
    const second = (await login(t, user.username, TEST_PASSWORD).expect(200)).body.accessToken;
    await t.http().post('/api/auth/logout').set(bearer(user)).expect(204);
    await t.http().get('/api/auth/me').set(bearer(user)).expect(401);
    await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${second}` }).expect(401);
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.logout' AND entity_id = $1`, [user.id]);
    expect(row.n).toBe(1);
  });

  it('password change checks the current password, ends other tokens and returns a new one', async () => {
    const user = await createUser(t, 'admin', null);
    const wrong = await t.http().post('/api/auth/password').set(bearer(user)).send({ currentPassword: 'bukan-ini-sandinya', newPassword: 'kata-sandi-baru-123' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toContainEqual(expect.objectContaining({ field: 'currentPassword' }));
    const short = await t.http().post('/api/auth/password').set(bearer(user)).send({ currentPassword: TEST_PASSWORD, newPassword: 'pendek' });
    expect(short.status).toBe(400);
    expect(short.body.details).toContainEqual(expect.objectContaining({ field: 'newPassword' }));

    const ok = await t.http().post('/api/auth/password').set(bearer(user)).send({ currentPassword: TEST_PASSWORD, newPassword: 'kata-sandi-baru-123' }).expect(200);
    await t.http().get('/api/auth/me').set(bearer(user)).expect(401);
    await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${ok.body.accessToken}` }).expect(200);
    await login(t, user.username, TEST_PASSWORD).expect(401);
    await login(t, user.username, 'kata-sandi-baru-123').expect(200);
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.change_password' AND entity_id = $1`, [user.id]);
    expect(row.n).toBe(1);
  });
});

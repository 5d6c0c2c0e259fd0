import * as fs from 'node:fs';
import * as argon2 from 'argon2';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { createTestApp, TestApp } from '../helpers/test-app';

const HEADER = 'kode_provinsi,nama_provinsi,kode_kabkota,nama_kabkota,kode_kecamatan,nama_kecamatan,kode_kelurahan,nama_kelurahan';

describe('foundation: health, docs, errors, regions', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    const hash = await argon2.hash('admin-nasional-123', { type: argon2.argon2id });
    await t.db.query(`INSERT INTO app_user (username, password_hash, full_name, role) VALUES ('admin', $1, 'Admin', 'admin')`, [hash]);
    const res = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'admin-nasional-123' }).expect(200);
    token = res.body.accessToken;
  });
  afterAll(() => t.close());

  const auth = () => ({ Authorization: `Bearer ${token}` });
  const regionCount = async () => (await t.db.query('SELECT count(*)::int AS n FROM region'))[0].n as number;

  it('answers health with a database check, without login', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
  });

  it('serves the OpenAPI spec and security headers', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/regions/{code}']).toBeDefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives the API the page policy without nonces, and each page its own nonce', async () => {
    const api = await t.http().get('/api/health/live').expect(200);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(api.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(api.headers['content-security-policy']).toContain("default-src 'self'");
    expect(api.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(api.headers['content-security-policy']).not.toContain('nonce-');
    const nonces = async () => {
      const page = await t.http().get('/masuk').expect(200);
      const csp: string = page.headers['content-security-policy'];
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      const script = /script-src 'self' 'nonce-([0-9a-f]{32})'/.exec(csp)?.[1];
      expect(script).toBeDefined();
      // The page's own script tags carry the nonce its policy names.
      expect(page.text).toContain(`nonce="${script}"`);
      return script;
    };
    expect(await nonces()).not.toBe(await nonces());
  });

  it('refuses a call without a token with the contract error body', async () => {
    const res = await t.http().get('/api/regions/35').expect(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: expect.any(String), details: [] });
  });

  it('answers 404 in the contract shape for an unknown route', async () => {
    const res = await t.http().get('/api/tidak-ada').set(auth()).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('refuses unknown JSON fields with 400 naming the field', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'a', password: 'b', hacker: 1 }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'hacker' })]);
  });

  it('refuses malformed JSON with 400, not 500', async () => {
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('imports one kab/kota, and again idempotently', async () => {
    const csv = fs.readFileSync(NATIONAL_REGION_FILE, 'utf8');
    const first = await t.http().post('/api/regions/import?kabkota=35.73').set(auth()).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(first.body).toMatchObject({ provinsi: 1, kabkota: 1, kecamatan: 5, kelurahan: 57, inserted: 64, updated: 0 });
    const again = await t.http().post('/api/regions/import?kabkota=35.73').set(auth()).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(again.body).toMatchObject({ kecamatan: 5, kelurahan: 57, inserted: 0, updated: 0 });
    expect(await regionCount()).toBe(64);
  });

  it('lists the kecamatan of Kota Malang and the 11 kelurahan of Blimbing', async () => {
    const kota = await t.http().get('/api/regions/35.73').set(auth()).expect(200);
    expect(kota.body).toMatchObject({ code: '35.73', name: 'Kota Malang', level: 'kabkota', parentCode: '35' });
    expect(kota.body.children.map((c: { name: string }) => c.name)).toEqual(['Blimbing', 'Klojen', 'Kedungkandang', 'Sukun', 'Lowokwaru']);
    const kec = await t.http().get('/api/regions/35.73.01').set(auth()).expect(200);
    expect(kec.body.children).toHaveLength(11);
    expect(kec.body.children[0]).toEqual({ code: '35.73.01.1001', name: 'Balearjosari', level: 'kelurahan' });
  });

  it('answers 404 for an unknown or malformed region code', async () => {
    expect((await t.http().get('/api/regions/35.99').set(auth()).expect(404)).body.code).toBe('REGION_NOT_FOUND');
    await t.http().get('/api/regions/abc').set(auth()).expect(404);
  });

  it('refuses a bad file with 400 naming the line, and imports nothing of it', async () => {
    const before = await regionCount();
    const csv = `${HEADER}\n65,Kalimantan Utara,65.71,Kota Tarakan,65.71.01,Tarakan Barat,65.71.01.1001,Karang Rejo\n65,Kalimantan Utara,65.71,Kota Tarakan,65.71.01,Tarakan Barat,65.71.01.20X1,Salah\n`;
    const res = await t.http().post('/api/regions/import').set(auth()).set('Content-Type', 'text/csv').send(csv).expect(400);
    expect(res.body.code).toBe('REGION_IMPORT_INVALID');
    expect(res.body.details[0]).toMatchObject({ line: 3, field: 'kode_kelurahan' });
    expect(await regionCount()).toBe(before);
  });

  it('refuses a kabkota parameter of the wrong shape', async () => {
    const res = await t.http().post('/api/regions/import?kabkota=35').set(auth()).set('Content-Type', 'text/csv').send(HEADER).expect(400);
    expect(res.body.details[0].field).toBe('kabkota');
  });

  it('imports the whole national file with the expected counts', async () => {
    const csv = fs.readFileSync(NATIONAL_REGION_FILE, 'utf8');
    const res = await t.http().post('/api/regions/import').set(auth()).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(res.body).toMatchObject({ provinsi: 37, kabkota: 416, kecamatan: 2090, kelurahan: 8496 });
    const [counts] = await t.db.query(`SELECT count(*) FILTER (WHERE level = 'kelurahan')::int AS kel, count(*) FILTER (WHERE level = 'kecamatan')::int AS kec, count(*) FILTER (WHERE level = 'kabkota')::int AS kab FROM region`);
    expect(counts).toEqual({ kel: 8496, kec: 2090, kab: 416 });
  });
});

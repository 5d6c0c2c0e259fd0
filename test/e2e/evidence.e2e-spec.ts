import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { EVIDENCE_STORAGE, contentKey, type EvidenceStorage } from '../../src/modules/evidence/evidence-storage';
import { todayIso } from '../../src/modules/spending/spending-date';
import { createApprovedPlan, type CreatedPlan } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { startTestS3, type TestS3 } from '../helpers/s3-server';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { bearer, createUser, type TestUser } from '../helpers/users';

const HOME = '35.73.01.1001';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe.each(['folder', 's3'] as const)('evidence on the %s store', (store) => {
  let t: TestApp;
  let s3: TestS3 | undefined;
  let dataDir: string;
  let bendahara: TestUser;
  let auditor: TestUser;
  let bendaharaOther: TestUser;
  let camat: TestUser;
  let plan: CreatedPlan;
  let paymentId: string;
  let png: Buffer;
  const year = Number(todayIso().slice(0, 4));

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-evidence-'));
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (store === 's3') {
      s3 = await startTestS3();
      Object.assign(env, {
        EVIDENCE_STORAGE: 's3', EVIDENCE_S3_ENDPOINT: s3.endpoint, EVIDENCE_S3_BUCKET: s3.bucket,
        EVIDENCE_S3_ACCESS_KEY_ID: 'S3RVER', EVIDENCE_S3_SECRET_ACCESS_KEY: 'S3RVER',
      });
    }
    t = await createTestApp(env);
    await importKabkota(t, '35.73');
    bendahara = await createUser(t, 'bendahara', HOME);
    auditor = await createUser(t, 'auditor', '35.73');
    bendaharaOther = await createUser(t, 'bendahara', '35.73.01.1002');
    camat = await createUser(t, 'camat', '35.73.01');
    plan = await createApprovedPlan(t, { kelurahanCode: HOME, year });
    // The default plan's second line is makan minum rapat (5.1.02.01.01.0052): kuitansi, nota and daftar hadir.
    const res = await t.http().post('/api/spending').set(bearer(bendahara)).send({
      planLineId: plan.lineIds[1], date: `${year}-02-10`, amount: 1_200_000, description: 'Makan minum rapat LPM', payee: 'Warung Bu Sri', evidenceNo: `E/001/${year}`,
    }).expect(201);
    paymentId = res.body.id;
    png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2a6f3f' } }).png().toBuffer();
  });
  afterAll(async () => {
    await t.close();
    await s3?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (u: TestUser, bytes: Buffer, filename: string, fields: Record<string, string> = { kind: 'KUITANSI' }, id = paymentId) => {
    let r = t.http().post(`/api/spending/${id}/evidence`).set(bearer(u));
    for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
    return r.attach('file', bytes, { filename, contentType: 'application/octet-stream' });
  };
  const rows = async () => Number((await t.db.query('SELECT count(*)::int AS n FROM evidence'))[0].n);

  it('shows the limits before an upload', async () => {
    const { body } = await t.http().get(`/api/evidence/limits?kelurahan=${HOME}`).set(bearer(bendahara)).expect(200);
    expect(body).toEqual({ maxBytes: 10 * 1024 * 1024, maxLabel: '10 MB', mediaTypes: ['image/jpeg', 'image/png', 'application/pdf'], kinds: expect.arrayContaining(['KUITANSI', 'FOTO_50']) });
  });

  it('keeps the bytes unchanged under their SHA-256, makes a thumbnail, and reads back the same bytes', async () => {
    const { body } = await upload(bendahara, png, 'kuitansi.png').expect(201);
    expect(body).toMatchObject({ spendingEntryId: paymentId, kind: 'KUITANSI', mediaType: 'image/png', byteSize: png.length, sha256: sha(png), hasThumbnail: true, supersededById: null });
    const content = await t.http().get(`/api/evidence/${body.id}/content`).set(bearer(auditor)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(content.headers['content-type']).toBe('image/png');
    expect(sha(content.body as Buffer)).toBe(sha(png));
    expect(content.headers['x-content-sha256']).toBe(sha(png));
    // straight from the store, too
    const storage = t.app.get<EvidenceStorage>(EVIDENCE_STORAGE);
    expect(storage.kind).toBe(store);
    expect(sha(await storage.get(contentKey(sha(png))))).toBe(sha(png));
    if (store === 'folder') expect(fs.existsSync(path.join(dataDir, 'evidence', contentKey(sha(png))))).toBe(true);

    const thumb = await t.http().get(`/api/evidence/${body.id}/thumbnail`).set(bearer(bendahara)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 213 });
  });

  it('takes a PDF (no thumbnail) and says what the checklist still misses', async () => {
    const { body } = await upload(bendahara, PDF, 'nota-warung.pdf', { kind: 'NOTA' }).expect(201);
    expect(body).toMatchObject({ mediaType: 'application/pdf', hasThumbnail: false });
    await t.http().get(`/api/evidence/${body.id}/thumbnail`).set(bearer(bendahara)).expect(404);
    const { body: list } = await t.http().get(`/api/spending/${paymentId}/evidence`).set(bearer(auditor)).expect(200);
    expect(list.required.map((r: { kind: string; present: boolean }) => [r.kind, r.present])).toEqual([['KUITANSI', true], ['NOTA', true], ['DAFTAR_HADIR', false]]);
    expect(list).toMatchObject({ missing: ['DAFTAR_HADIR'], complete: false, total: 2 });
  });

  it('refuses a file that is not what its name says, a type it does not take, one over the limit, a truncated upload — writing nothing', async () => {
    const before = await rows();
    const refused = async (res: { status: number; body: { code: string; details: Array<{ field: string }> } }, status: number, code: string) =>
      expect([res.status, res.body.code, res.body.details[0]?.field]).toEqual([status, code, 'file']);
    await refused(await upload(bendahara, png, 'nota.pdf'), 400, 'EVIDENCE_NAME_MISMATCH');
    await refused(await upload(bendahara, Buffer.from('bukan pdf, hanya teks'), 'kuitansi.pdf'), 400, 'EVIDENCE_TYPE_NOT_ALLOWED');
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    await refused(await upload(bendahara, gif, 'foto.gif'), 400, 'EVIDENCE_TYPE_NOT_ALLOWED');
    await refused(await upload(bendahara, png.subarray(0, 200), 'potong.png'), 400, 'EVIDENCE_UNREADABLE');
    await refused(await upload(bendahara, PDF.subarray(0, 30), 'potong.pdf'), 400, 'EVIDENCE_UNREADABLE');
    const big = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]);
    const over = await upload(bendahara, big, 'besar.png');
    await refused(over, 413, 'UPLOAD_TOO_LARGE');
    expect(over.body.details[0]).toMatchObject({ maxBytes: 10 * 1024 * 1024 });
    const boundary = 'BATASUJI';
    const cut = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nKUITANSI\r\n--${boundary}\r\n` +
        'Content-Disposition: form-data; name="file"; filename="k.png"\r\nContent-Type: image/png\r\n\r\n'),
      png.subarray(0, 500),
    ]);
    const truncated = await t.http().post(`/api/spending/${paymentId}/evidence`).set(bearer(bendahara))
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(cut);
    await refused(truncated, 400, 'UPLOAD_TRUNCATED');
    await refused(await t.http().post(`/api/spending/${paymentId}/evidence`).set(bearer(bendahara)).send({ kind: 'KUITANSI' }), 400, 'UPLOAD_FILE_REQUIRED');
    const noKind = await upload(bendahara, png, 'k.png', {});
    expect([noKind.status, noKind.body.details[0].field]).toEqual([400, 'kind']);
    const badKind = await upload(bendahara, png, 'k.png', { kind: 'SELFIE' });
    expect([badKind.status, badKind.body.details[0].field]).toEqual([400, 'kind']);
    expect(await rows()).toBe(before);
  });

  it('never deletes: a wrong file is superseded with a reason, once', async () => {
    const photo = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#aa3322' } }).jpeg().toBuffer();
    const { body: wrong } = await upload(bendahara, photo, 'daftar-hadir.jpg', { kind: 'DAFTAR_HADIR' }).expect(201);
    const noReason = await upload(bendahara, PDF, 'daftar-hadir.pdf', { kind: 'DAFTAR_HADIR', supersedesId: wrong.id });
    expect([noReason.status, noReason.body.details[0].field]).toEqual([400, 'reason']);
    const { body: right } = await upload(bendahara, PDF, 'daftar-hadir.pdf', { kind: 'DAFTAR_HADIR', supersedesId: wrong.id, reason: 'Salah unggah foto' }).expect(201);
    expect(right).toMatchObject({ supersedesId: wrong.id, supersedeReason: 'Salah unggah foto' });
    const again = await upload(bendahara, png, 'x.png', { kind: 'DAFTAR_HADIR', supersedesId: wrong.id, reason: 'Lagi' }).expect(409);
    expect(again.body.code).toBe('EVIDENCE_ALREADY_SUPERSEDED');
    const { body: list } = await t.http().get(`/api/spending/${paymentId}/evidence`).set(bearer(bendahara)).expect(200);
    expect(list.items.find((i: { id: string }) => i.id === wrong.id)).toMatchObject({ supersededById: right.id });
    expect(list).toMatchObject({ missing: [], complete: true });
    await expect(t.db.query('DELETE FROM evidence')).rejects.toThrow();
    const audit = await t.db.query(`SELECT action, reason FROM audit_event WHERE entity = 'evidence' ORDER BY seq`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['evidence.upload', 'evidence.upload', 'evidence.upload', 'evidence.supersede']);
  });

  it('answers out of scope like missing, and only the kelurahan’s lurah and bendahara upload', async () => {
    const { body: list } = await t.http().get(`/api/spending/${paymentId}/evidence`).set(bearer(auditor)).expect(200);
    const id = list.items[0].id;
    await t.http().get(`/api/evidence/${id}`).set(bearer(bendaharaOther)).expect(404);
    await t.http().get(`/api/evidence/${id}/content`).set(bearer(bendaharaOther)).expect(404);
    await t.http().get('/api/evidence/bukan-uuid').set(bearer(auditor)).expect(404);
    await upload(bendaharaOther, png, 'k.png').expect(404);
    await upload(camat, png, 'k.png').expect(403);
    await upload(auditor, png, 'k.png').expect(403);
  });
});

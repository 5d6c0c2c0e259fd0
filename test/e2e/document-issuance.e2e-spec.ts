import { DocumentIssuanceService } from '../../src/modules/documents/document-issuance.service';
import { pdfPages, qrPayloads } from '../helpers/pdf-layout';
import { checkPdfSignature, selfSignedP12 } from '../helpers/signing';
import { importKabkota } from '../helpers/regions';
import { createApprovedPlan, CreatedPlan as FixturePlan, setAllocation, spend } from '../helpers/plans';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, TestUser } from '../helpers/users';

const K1 = '35.73.01.1001';
const YEAR = 2026;
const PUBLIC_URL = 'https://danakel.example.go.id';

describe('one number per document, and its public verification', () => {
  let t: TestApp;
  let lurah: TestUser;
  let camat: TestUser;
  let plan: FixturePlan;
  const enc = encodeURIComponent;
  const pdf = (u: TestUser, path: string) => t.http().get(path).set(bearer(u)).buffer(true).responseType('blob').expect(200);
  const realisasi = (u: TestUser, region = K1, period = 'Q2') => pdf(u, `/api/reports/realisasi.pdf?region=${region}&year=${YEAR}&period=${period}`);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL, PUBLIC_VERIFY_RATE_LIMIT: '1000' });
    await importKabkota(t, '35.73');
    camat = await createUser(t, 'camat', '35.73.01', { fullName: 'Drs. Bambang Sutrisno, M.Si.' });
    lurah = await createUser(t, 'lurah', K1, { fullName: 'Siti Rahmawati, S.STP' });
    await setAllocation(t, K1, YEAR, 1_000_000_000);
    plan = await createApprovedPlan(t, {
      kelurahanCode: K1,
      year: YEAR,
      lurah,
      camat,
      allocation: null,
      lines: [
        { category: 'sarpras', subType: 'A2', accountCode: '5.1.02.01.01.0052', description: 'Paving jalan RT 03 RW 05', volume: 100, unit: 'M2', unitPrice: 1_500_000 },
        { category: 'pemberdayaan', subType: 'B1', accountCode: '5.1.02.02.01.0003', description: 'Pelatihan kader posyandu', volume: 245, unit: 'ORANG_KALI', unitPrice: 200_000 },
      ],
    });
    await spend(t, plan, 0, '2026-05-05', 30_000_000);
  });
  afterAll(() => t?.close());

  it('gives unchanged figures the same number and the same bytes, whoever asks', async () => {
    const a = await realisasi(lurah);
    const b = await realisasi(camat);
    expect(b.headers['x-document-number']).toBe(a.headers['x-document-number']);
    expect(Buffer.compare(a.body, b.body)).toBe(0);
    const plan1 = await pdf(lurah, `/api/plans/${plan.planId}/pdf`);
    const plan2 = await pdf(camat, `/api/plans/${plan.planId}/pdf?version=1`);
    expect(plan2.headers['x-document-number']).toBe(plan1.headers['x-document-number']);
    expect(Buffer.compare(plan1.body, plan2.body)).toBe(0);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM issued_document WHERE region_code = $1`, [K1]);
    expect(n).toBe(2);
  });

  it('issues a new number when a figure changes, and marks the old one superseded by it', async () => {
    const before = await realisasi(lurah, K1, 'S1');
    const oldNumber = before.headers['x-document-number'];
    await spend(t, plan, 1, '2026-06-10', 1_000_000);
    const after = await realisasi(lurah, K1, 'S1');
    const newNumber = after.headers['x-document-number'];
    expect(newNumber).not.toBe(oldNumber);
    expect(Number(newNumber.split('/').pop())).toBeGreaterThan(Number(oldNumber.split('/').pop()));

    const old = (await t.http().get(`/api/public/documents/${enc(oldNumber)}`).expect(200)).body;
    expect(old).toMatchObject({ number: oldNumber, kind: 'realisasi', regionCode: K1, period: 'S1', status: 'superseded', supersededBy: newNumber });
    const current = (await t.http().get(`/api/public/documents/${enc(newNumber)}`).expect(200)).body;
    expect(current).toMatchObject({ number: newNumber, status: 'valid', supersededBy: null, year: YEAR });
    expect(current.issuingOffice).toBe('Kelurahan Balearjosari, Kecamatan Blimbing, Kota Malang');
    expect(current.title).toContain('LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN');
    expect(current.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(current.fingerprint).not.toBe(old.fingerprint);
    expect(pdfPages(after.body)[0].text).toContain(current.fingerprint);

    // Asked again, the new figures are the new document, not a third one.
    expect((await realisasi(camat, K1, 'S1')).headers['x-document-number']).toBe(newNumber);
    const [audit] = await t.db.query(`SELECT action FROM audit_event WHERE action = 'document.supersede' AND entity_id = $1`, [oldNumber]);
    expect(audit).toEqual({ action: 'document.supersede' });

    // The old paper still verifies as what it was: issued by the system, now superseded.
    const v = await t.http().post('/api/public/documents/verify').attach('file', before.body, { filename: 'lama.pdf', contentType: 'application/pdf' }).expect(200);
    expect(v.body).toMatchObject({ valid: true, document: { number: oldNumber, status: 'superseded', supersededBy: newNumber } });
  });

  it('answers the public facts and verifies uploads without a login; unknown and tampered files are not valid', async () => {
    const res = await realisasi(lurah, K1, 'FY');
    const number = res.headers['x-document-number'];
    const sha256 = require('node:crypto').createHash('sha256').update(res.body).digest('hex');
    const facts = (await t.http().get(`/api/public/documents/${enc(number)}`).expect(200)).body;
    expect(facts).toEqual({
      number,
      kind: 'realisasi',
      title: expect.stringContaining('KELURAHAN BALEARJOSARI KECAMATAN BLIMBING'),
      regionCode: K1,
      year: YEAR,
      period: 'FY',
      issuedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      issuingOffice: 'Kelurahan Balearjosari, Kecamatan Blimbing, Kota Malang',
      sha256,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: 'valid',
      supersededBy: null,
    });
    const ok = await t.http().post('/api/public/documents/verify').attach('file', res.body, { filename: 'l.pdf', contentType: 'application/pdf' }).expect(200);
    expect(ok.body).toMatchObject({ valid: true, sha256, document: { number, status: 'valid' } });
    const tampered = Buffer.from(res.body);
    tampered[tampered.length >> 1] ^= 1;
    const bad = await t.http().post('/api/public/documents/verify').attach('file', tampered, { filename: 'l.pdf', contentType: 'application/pdf' }).expect(200);
    expect(bad.body).toMatchObject({ valid: false, document: null });
    expect((await t.http().get(`/api/public/documents/${enc('DK/35.73.01.1001/2026/999999')}`).expect(404)).body.code).toBe('DOCUMENT_NOT_FOUND');
    await t.http().get('/api/public/documents/bukan-nomor').expect(404);
    await t.http().post('/api/public/documents/verify').field('x', 'y').expect(400);
  });

  it('prints a QR code that opens PUBLIC_URL/verifikasi/<number>, which leads to the public facts', async () => {
    const res = await realisasi(lurah, K1, 'Q1');
    const number = res.headers['x-document-number'];
    const url = `${PUBLIC_URL}/verifikasi/${enc(number)}`;
    expect(qrPayloads(res.body, 0)).toEqual([url]);
    // The address is the public verification page (tested in a browser in journey 10); the JSON stays at the API.
    const page = await t.http().get(`/verifikasi/${enc(number)}`).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain(number);
    expect((await t.http().get(`/api/public/documents/${enc(number)}`).expect(200)).body).toMatchObject({ number, status: 'valid' });
  });

  it('issues one number for concurrent first requests of the same figures; the others are recorded void', async () => {
    const [{ last_no: before }] = await t.db.query(`SELECT last_no FROM document_counter WHERE region_code = $1 AND year = $2`, [K1, YEAR]);
    const results = await Promise.all(Array.from({ length: 4 }, () => realisasi(lurah, K1, 'Q3')));
    const numbers = new Set(results.map((r) => r.headers['x-document-number']));
    expect(numbers.size).toBe(1);
    for (const r of results) expect(Buffer.compare(r.body, results[0].body)).toBe(0);
    const [{ last_no: after }] = await t.db.query(`SELECT last_no FROM document_counter WHERE region_code = $1 AND year = $2`, [K1, YEAR]);
    const [{ voids }] = await t.db.query(`SELECT count(*)::int AS voids FROM document_void WHERE region_code = $1 AND number > $2`, [
      K1,
      `DK/${K1}/${YEAR}/${String(before).padStart(6, '0')}`,
    ]);
    // Gapless: every number reserved since is either the one issued document or void.
    expect(after - before).toBe(1 + voids);
  });

  it('records the number of a failed drawing as void, and issues nothing under it', async () => {
    const issuance = t.app.get(DocumentIssuanceService);
    const ref = { kind: 'realisasi' as const, regionCode: K1, year: YEAR, period: 'Q4' };
    let seen = '';
    await expect(
      issuance.issue({
        ref,
        key: `test|${K1}|Q4`,
        fingerprint: 'a'.repeat(64),
        title: 'uji',
        issuedBy: null,
        render: async (number) => {
          seen = number;
          throw new Error('kertas habis');
        },
      }),
    ).rejects.toThrow('kertas habis');
    expect(seen).toMatch(/^DK\/35\.73\.01\.1001\/2026\/\d{6}$/);
    const [row] = await t.db.query(`SELECT reason FROM document_void WHERE number = $1`, [seen]);
    expect(row.reason).toContain('kertas habis');
    expect(await t.db.query(`SELECT 1 FROM issued_document WHERE number = $1`, [seen])).toEqual([]);
    await t.http().get(`/api/public/documents/${enc(seen)}`).expect(404);
  });
});

describe('public verification rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_VERIFY_RATE_LIMIT: '3', PUBLIC_VERIFY_RATE_WINDOW_SECONDS: '60' });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After once a client has asked too often', async () => {
    const path = `/api/public/documents/${encodeURIComponent('DK/35.73/2026/000001')}`;
    for (let i = 0; i < 3; i++) await t.http().get(path).expect(404);
    const res = await t.http().get(path).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // The logged-in API is not limited by it.
    await t.http().get('/api/health').expect(200);
  });
});

describe('issued PDFs signed with a configured PKCS#12 certificate', () => {
  let t: TestApp;
  let lurah: TestUser;
  let p12File: string;
  beforeAll(async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    p12File = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-p12-')), 'ttd.p12');
    fs.writeFileSync(p12File, selfSignedP12('sandi-sertifikat'));
    t = await createTestApp({ PUBLIC_URL, SIGN_PKCS12_PATH: p12File, SIGN_PKCS12_PASSWORD: 'sandi-sertifikat' });
    await importKabkota(t, '35.73');
    lurah = await createUser(t, 'lurah', K1);
    await setAllocation(t, K1, YEAR, 1_000_000_000);
    await createApprovedPlan(t, { kelurahanCode: K1, year: YEAR, lurah, allocation: null });
  });
  afterAll(() => t?.close());

  it('signs last (PAdES, ETSI.CAdES.detached); the signed bytes verify and are served again unchanged', async () => {
    const path = `/api/reports/realisasi.pdf?region=${K1}&year=${YEAR}&period=Q2`;
    const res = await t.http().get(path).set(bearer(lurah)).buffer(true).responseType('blob').expect(200);
    expect(checkPdfSignature(res.body)).toMatchObject({ subFilter: 'ETSI.CAdES.detached', digestMatches: true, signatureValid: true, hasSigningCertificateV2: true });
    const number = res.headers['x-document-number'];
    expect(qrPayloads(res.body, 0)).toEqual([`${PUBLIC_URL}/verifikasi/${encodeURIComponent(number)}`]);
    const v = await t.http().post('/api/public/documents/verify').attach('file', res.body, { filename: 'ttd.pdf', contentType: 'application/pdf' }).expect(200);
    expect(v.body).toMatchObject({ valid: true, document: { number, status: 'valid' } });
    const again = await t.http().get(path).set(bearer(lurah)).buffer(true).responseType('blob').expect(200);
    expect(Buffer.compare(again.body, res.body)).toBe(0);
  });
});

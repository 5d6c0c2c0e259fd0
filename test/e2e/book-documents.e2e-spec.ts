import { pdfPages, qrPayloads } from '../helpers/pdf-layout';
import { createApprovedPlan, type CreatedPlan } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { bearer, createUser, type TestUser } from '../helpers/users';
import { todayIso } from '../../src/modules/spending/spending-date';

// The bendahara's documents are issued like the reports: one number per unchanged month, the QR opening the public
// verification page, the fingerprint printed and registered, a changed figure superseding the old number.
const HOME = '35.73.01.1001';
const PUBLIC_URL = 'https://danakel.example.go.id';
const enc = encodeURIComponent;

describe('the books’ documents are issued documents', () => {
  let t: TestApp;
  let bendahara: TestUser;
  let auditor: TestUser;
  let plan: CreatedPlan;
  const year = Number(todayIso().slice(0, 4));
  const d = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let seq = 0;
  const evidenceNo = () => `${String(++seq).padStart(3, '0')}/TBP/KEL.BLJ/${year}`;
  const pay = (amount: number, day: number) =>
    t.http().post('/api/spending').set(bearer(bendahara))
      .send({ planLineId: plan.lineIds[0], date: d(2, day), description: 'Belanja ATK', payee: 'CV Sumber Makmur', evidenceNo: evidenceNo(), amount, method: 'BANK' })
      .expect(201);
  const get = (path: string, who: TestUser = auditor) => t.http().get(path).set(bearer(who)).buffer(true).responseType('blob').expect(200);
  const documents = {
    bku: `/api/books/bku.pdf?kelurahan=${HOME}&year=${year}&month=2`,
    'pajak (urut tanggal)': `/api/books/pajak.pdf?kelurahan=${HOME}&year=${year}&month=2&layout=chronological`,
    'pajak (rekap)': `/api/books/pajak.pdf?kelurahan=${HOME}&year=${year}&month=2&layout=recap`,
    lpj: `/api/books/lpj.pdf?kelurahan=${HOME}&year=${year}&month=2`,
  };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL, PUBLIC_VERIFY_RATE_LIMIT: '1000' });
    await importKabkota(t, '35.73');
    bendahara = await createUser(t, 'bendahara', HOME, { fullName: 'Rina Wulandari, A.Md.' });
    auditor = await createUser(t, 'auditor', '35.73');
    plan = await createApprovedPlan(t, {
      kelurahanCode: HOME,
      year,
      lines: [{ category: 'pemberdayaan', subType: 'B4', description: 'Belanja alat tulis kantor', accountCode: '5.1.02.01.01.0024', volume: 1, unit: 'PAKET', unitPrice: 500_000_000 }],
    });
    await t.http().post('/api/books/funds').set(bearer(bendahara))
      .send({ kelurahanCode: HOME, kind: 'TU', account: 'BANK', date: d(2, 3), documentNo: 'SP2D/001', documentDate: d(2, 2), amount: 200_000_000 })
      .expect(201);
    await pay(11_100_000, 5);
  });
  afterAll(() => t?.close());

  it('each gives unchanged figures one number and the same bytes, a QR to the verification page, and verifies publicly', async () => {
    const numbers = new Set<string>();
    for (const [name, path] of Object.entries(documents)) {
      const a = await get(path, auditor);
      const b = await get(path, bendahara);
      const number: string = a.headers['x-document-number'];
      expect([name, number]).toEqual([name, expect.stringMatching(/^DK\/35\.73\.01\.1001\/\d{4}\/\d{6}$/)]);
      expect([name, b.headers['x-document-number']]).toEqual([name, number]);
      expect([name, Buffer.compare(a.body, b.body)]).toEqual([name, 0]);
      numbers.add(number);

      expect([name, qrPayloads(a.body, 0)]).toEqual([name, [`${PUBLIC_URL}/verifikasi/${enc(number)}`]]);
      const facts = (await t.http().get(`/api/public/documents/${enc(number)}`).expect(200)).body;
      expect(facts).toMatchObject({ number, regionCode: HOME, year, period: 'M02', status: 'valid', supersededBy: null });
      expect(facts.kind).toBe(name.split(' ')[0]);
      // The fingerprint printed on the paper is the one the registry keeps.
      expect(pdfPages(a.body)[0].text).toContain(facts.fingerprint);
      const verified = await t.http().post('/api/public/documents/verify').attach('file', a.body, { filename: 'buku.pdf', contentType: 'application/pdf' }).expect(200);
      expect(verified.body).toMatchObject({ valid: true, document: { number } });
    }
    // The two layouts of the Buku Pembantu Pajak are two documents.
    expect(numbers.size).toBe(4);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM issued_document WHERE region_code = $1 AND kind IN ('bku', 'pajak', 'lpj')`, [HOME]);
    expect(n).toBe(4);
  });

  it('a changed figure gives the month a new number that supersedes the old one', async () => {
    const before = await get(documents.bku);
    const oldNumber = before.headers['x-document-number'];
    await pay(2_500_000, 6);
    const after = await get(documents.bku);
    const newNumber = after.headers['x-document-number'];
    expect(newNumber).not.toBe(oldNumber);
    expect((await get(documents.bku)).headers['x-document-number']).toBe(newNumber);
    const old = (await t.http().get(`/api/public/documents/${enc(oldNumber)}`).expect(200)).body;
    expect(old).toMatchObject({ kind: 'bku', status: 'superseded', supersededBy: newNumber });
    const current = (await t.http().get(`/api/public/documents/${enc(newNumber)}`).expect(200)).body;
    expect(current).toMatchObject({ kind: 'bku', status: 'valid' });
    expect(current.fingerprint).not.toBe(old.fingerprint);
    // The old paper still verifies as what it was.
    const v = await t.http().post('/api/public/documents/verify').attach('file', before.body, { filename: 'lama.pdf', contentType: 'application/pdf' }).expect(200);
    expect(v.body).toMatchObject({ valid: true, document: { number: oldNumber, status: 'superseded', supersededBy: newNumber } });
    // The LPJ of the month changed too; its new issue supersedes the first.
    const lpj = await get(documents.lpj);
    const lpjFacts = (await t.http().get(`/api/public/documents/${enc(lpj.headers['x-document-number'])}`).expect(200)).body;
    expect(lpjFacts).toMatchObject({ kind: 'lpj', status: 'valid' });
    const [sup] = await t.db.query(`SELECT count(*)::int AS n FROM document_supersession WHERE superseded_by = $1`, [lpj.headers['x-document-number']]);
    expect(sup.n).toBe(1);
  });
});

describe('a large month of the books renders as a job', () => {
  let t: TestApp;
  let bendahara: TestUser;
  const year = Number(todayIso().slice(0, 4));

  beforeAll(async () => {
    // Every book document counts as large here.
    t = await createTestApp({ PUBLIC_URL, REPORT_JOB_MIN_ROWS: '0', REPORT_JOB_POLL_SECONDS: '0.5' });
    await importKabkota(t, '35.73');
    bendahara = await createUser(t, 'bendahara', HOME);
    await createApprovedPlan(t, {
      kelurahanCode: HOME,
      year,
      lines: [{ category: 'pemberdayaan', subType: 'B4', description: 'Belanja alat tulis kantor', accountCode: '5.1.02.01.01.0024', volume: 1, unit: 'PAKET', unitPrice: 500_000_000 }],
    });
    await t.http().post('/api/books/funds').set(bearer(bendahara))
      .send({ kelurahanCode: HOME, kind: 'TU', account: 'BANK', date: `${year}-02-03`, documentNo: 'SP2D/001', documentDate: `${year}-02-02`, amount: 200_000_000 })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('answers 202 with a job URL, then the issued LPJ; asked again, the stored file at once', async () => {
    const path = `/api/books/lpj.pdf?kelurahan=${HOME}&year=${year}&month=2`;
    const queued = await t.http().get(path).set(bearer(bendahara)).expect(202);
    expect(queued.body).toMatchObject({ jobUrl: expect.stringMatching(/^\/api\/reports\/jobs\//), state: 'created' });
    let res = await t.http().get(queued.body.jobUrl).set(bearer(bendahara)).buffer(true).responseType('blob');
    for (let i = 0; i < 120 && res.status === 202; i++) {
      await new Promise((r) => setTimeout(r, 500));
      res = await t.http().get(queued.body.jobUrl).set(bearer(bendahara)).buffer(true).responseType('blob');
    }
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`lpj-${HOME}-${year}-M02.pdf`);
    const number = res.headers['x-document-number'];
    expect(qrPayloads(res.body, 0)).toEqual([`${PUBLIC_URL}/verifikasi/${enc(number)}`]);
    expect((await t.http().get(`/api/public/documents/${enc(number)}`).expect(200)).body).toMatchObject({ kind: 'lpj', status: 'valid' });
    const again = await t.http().get(path).set(bearer(bendahara)).buffer(true).responseType('blob').expect(200);
    expect(again.headers['x-document-number']).toBe(number);
    expect(Buffer.compare(again.body, res.body)).toBe(0);
  });
});

import { importKabkota } from '../helpers/regions';
import { createApprovedPlan, setAllocation, spend } from '../helpers/plans';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, TestUser } from '../helpers/users';

const K1 = '35.73.01.1001';
const YEAR = 2026;
// Every report renders as a job here; the first instance only queues (no worker), as if it stopped right after.
const COMMON = { JWT_SECRET: 'uji-antrian-laporan-rahasia-panjang-sekali-123456', REPORT_JOB_MIN_ROWS: '0', REPORT_JOB_POLL_SECONDS: '0.5' };

describe('large reports render as jobs that survive a restart', () => {
  let first: TestApp;
  let second: TestApp | null = null;
  let lurah: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    first = await createTestApp({ ...COMMON, REPORT_JOB_WORKER: 'false' }, { keepDatabase: true });
    await importKabkota(first, '35.73');
    lurah = await createUser(first, 'lurah', K1);
    other = await createUser(first, 'lurah', '35.73.01.1002');
    await setAllocation(first, K1, YEAR, 1_000_000_000);
    const plan = await createApprovedPlan(first, {
      kelurahanCode: K1,
      year: YEAR,
      lurah,
      allocation: null,
      lines: [{ category: 'sarpras', subType: 'A1', accountCode: '5.1.02.01.01.0024', description: 'Saluran drainase RW 02', volume: 10, unit: 'M', unitPrice: 8_000_000 }],
    });
    await spend(first, plan, 0, '2026-04-01', 15_000_000);
  });
  afterAll(async () => {
    await second?.close();
    if (first) await first.database.drop();
  });

  it('answers 202 with a job URL, loses nothing when the app restarts, and then serves the file', async () => {
    const path = `/api/reports/realisasi.pdf?region=${K1}&year=${YEAR}&period=Q2`;
    const queued = await first.http().get(path).set(bearer(lurah)).expect(202);
    expect(queued.body).toMatchObject({ jobId: expect.stringMatching(/^[0-9a-f-]{36}$/), jobUrl: expect.stringMatching(/^\/api\/reports\/jobs\//), state: 'created' });
    expect(queued.headers.location).toBe(queued.body.jobUrl);
    expect((await first.http().get(queued.body.jobUrl).set(bearer(lurah)).expect(202)).body.state).toBe('created');
    // Nobody else learns of it.
    await first.http().get(queued.body.jobUrl).set(bearer(other)).expect(404);

    // The instance that took the request stops before any worker ran; another starts on the same database.
    await first.app.close();
    second = await createTestApp(COMMON, { database: first.database, keepDatabase: true });
    let res = await second.http().get(queued.body.jobUrl).set(bearer(lurah)).buffer(true).responseType('blob');
    for (let i = 0; i < 120 && res.status === 202; i++) {
      await new Promise((r) => setTimeout(r, 500));
      res = await second.http().get(queued.body.jobUrl).set(bearer(lurah)).buffer(true).responseType('blob');
    }
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const number = res.headers['x-document-number'];
    expect(number).toMatch(/^DK\/35\.73\.01\.1001\/2026\/\d{6}$/);
    const verified = await second.http().post('/api/public/documents/verify').attach('file', res.body, { filename: 'l.pdf', contentType: 'application/pdf' }).expect(200);
    expect(verified.body).toMatchObject({ valid: true, document: { number, status: 'valid' } });

    // Asked again with the same figures, the stored document comes at once, no new job.
    const again = await second.http().get(path).set(bearer(lurah)).buffer(true).responseType('blob').expect(200);
    expect(again.headers['x-document-number']).toBe(number);
    expect(Buffer.compare(again.body, res.body)).toBe(0);
  });

  it('answers an unknown job with 404', async () => {
    const app = second ?? first;
    await app.http().get('/api/reports/jobs/00000000-0000-4000-8000-000000000000').set(bearer(lurah)).expect(404);
    await app.http().get('/api/reports/jobs/bukan-id').set(bearer(lurah)).expect(404);
  });
});

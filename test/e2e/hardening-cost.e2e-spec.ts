import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { PdfRenderGate } from '../../src/modules/reports/pdf-render-gate';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, TestUser } from '../helpers/users';

const KEL = '35.73.01.1001';
const summary = `/api/reports/summary?region=${KEL}&year=2026&period=FY`;

/** Holds an exclusive lock on `allocation` from a connection of its own, so every report query waits on it. */
async function lockAllocations(url: string): Promise<() => Promise<void>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query('BEGIN');
  await c.query('LOCK TABLE allocation IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await c.query('ROLLBACK');
    await c.end();
  };
}

async function waitingOnLock(t: TestApp): Promise<number> {
  const [row] = await t.db.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%allocation%'`,
  );
  return row.n;
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('statement budget of reports and exports (issue #16 item 8)', () => {
  let t: TestApp;
  let lurah: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ REPORT_STATEMENT_TIMEOUT_MS: '400' });
    await importKabkota(t, '35.73');
    lurah = await createUser(t, 'lurah', KEL);
  });
  afterAll(() => t.close());

  it('answers 503 QUERY_TIMEOUT with Retry-After when a report query outlives the statement timeout', async () => {
    const release = await lockAllocations(t.database.url);
    try {
      for (const path of [summary, `/api/reports/realisasi.csv?region=${KEL}&year=2026`, `/api/reports/realisasi.xlsx?region=${KEL}&year=2026`]) {
        const res = await t.http().get(path).set(bearer(lurah));
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 503, code: 'QUERY_TIMEOUT' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(await until(async () => (await waitingOnLock(t)) === 0, 3000)).toBe(true);
    } finally {
      await release();
    }
    await t.http().get(summary).set(bearer(lurah)).expect(200);
  });
});

describe('cancellation when the client leaves (issue #16 item 8)', () => {
  let t: TestApp;
  let lurah: TestUser;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ REPORT_STATEMENT_TIMEOUT_MS: '60000' });
    await importKabkota(t, '35.73');
    lurah = await createUser(t, 'lurah', KEL);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('cancels the running export query as soon as the client disconnects', async () => {
    const release = await lockAllocations(t.database.url);
    try {
      const req = http.get({ host: '127.0.0.1', port, path: `/api/reports/realisasi.xlsx?region=${KEL}&year=2026`, headers: bearer(lurah) });
      req.on('error', () => undefined);
      expect(await until(async () => (await waitingOnLock(t)) === 1)).toBe(true);
      req.destroy();
      // The lock is still held: only a cancel can end the waiting query.
      expect(await until(async () => (await waitingOnLock(t)) === 0, 5000)).toBe(true);
    } finally {
      await release();
    }
  });
});

describe('bounded PDF rendering and a health check that stays answerable (issue #16 item 8)', () => {
  let t: TestApp;
  let lurah: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ PDF_RENDER_CONCURRENCY: '1', PDF_RENDER_QUEUE: '100' });
    await importKabkota(t, '35.73');
    lurah = await createUser(t, 'lurah', KEL);
  });
  afterAll(() => t.close());

  it('builds one PDF at a time while the rest wait, and every one is answered', async () => {
    const gate = t.app.get(PdfRenderGate);
    const pdfs = Array.from({ length: 6 }, () => t.http().get(`/api/reports/realisasi.pdf?region=${KEL}&year=2026&period=FY`).set(bearer(lurah)));
    const health = Array.from({ length: 5 }, () => t.http().get('/api/health'));
    const answers = await Promise.all([...pdfs, ...health]);
    expect(answers.map((r) => `${r.status} ${r.status === 200 ? '' : r.body?.code}`.trim())).toEqual(Array(11).fill('200'));
    expect(gate.stats.peak.active).toBe(1);
    expect(gate.stats.peak.queued).toBeGreaterThan(0);
    expect(gate.stats.active).toBe(0);
  }, 300_000);

  it('answers health from its own connection while every pooled connection is busy', async () => {
    const busy = Array.from({ length: 20 }, () => t.db.query('SELECT pg_sleep(3)'));
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const res = await t.http().get('/api/health');
    const took = Date.now() - started;
    await Promise.all(busy);
    expect(res.status).toBe(200);
    expect(res.body.info.database.status).toBe('up');
    // Not a timing assertion on speed: the pool's sleepers would have held a pooled check for 2.7 s more.
    expect(took).toBeLessThan(2500);
    await t.http().get('/api/health/live').expect(200);
  });
});

describe('a full PDF queue (issue #16 item 8)', () => {
  let t: TestApp;
  let lurah: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ PDF_RENDER_CONCURRENCY: '1', PDF_RENDER_QUEUE: '0' });
    await importKabkota(t, '35.73');
    lurah = await createUser(t, 'lurah', KEL);
  });
  afterAll(() => t.close());

  it('answers 503 SERVER_BUSY with Retry-After in the contract shape instead of taking another connection', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.http().get(`/api/reports/realisasi.pdf?region=${KEL}&year=2026`).set(bearer(lurah))));
    const busy = answers.filter((r) => r.status === 503);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const r of busy) {
      expect(r.body).toEqual({ statusCode: 503, code: 'SERVER_BUSY', message: expect.any(String), details: [] });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});

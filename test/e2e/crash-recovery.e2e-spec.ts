import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../helpers/test-db';
import { createUser } from '../helpers/users';

/**
 * Kill -9 during a load of Idempotency-Keyed writes (issue #16): the real server in a process of its own, killed
 * mid-load, restarted on the same database; every key is then sent again. Each acknowledged write must be there
 * exactly once with the answer first given, every retry must replay instead of booking again, and the ledger,
 * its running totals and the audit chain must agree.
 */

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'rahasia-uji-crash-yang-panjangnya-cukup-32';
const KEL = '35.73.01.1001';
const YEAR = new Date().getFullYear();
const WRITES = 240;
const AMOUNT = 10_000;

function startServer(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET, NODE_ENV: 'production',
      LOG_LEVEL: 'silent', SEED_DEMO: 'false', TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_SWC: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('berjalan di')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('crash during a load of Idempotency-Keyed writes (issue #16)', () => {
  let setup: TestApp;
  let db: TestDatabase;
  let server: ChildProcess | undefined;
  const port = 40000 + Math.floor(Math.random() * 20000);
  let token: string;
  let adminToken: string;
  let lineIds: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    setup = await createTestApp({ DATABASE_URL: db.url, JWT_SECRET: SECRET });
    await importKabkota(setup, '35.73');
    const admin = await createUser(setup, 'admin', '35.73');
    const lurah = await createUser(setup, 'lurah', KEL);
    const camat = await createUser(setup, 'camat', '35.73.01');
    const bendahara = await createUser(setup, 'bendahara', KEL);
    token = bendahara.token;
    adminToken = admin.token;
    const as = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
    await setup.http().put(`/api/allocations/${YEAR}/${KEL}`).set(as(admin)).send({ amount: 1_000_000_000 }).expect(200);
    const plan = (await setup.http().post('/api/plans').set(as(lurah)).send({ kelurahanCode: KEL, year: YEAR }).expect(201)).body.id;
    lineIds = [];
    for (let i = 0; i < 4; i++) {
      lineIds.push((await setup.http().post(`/api/plans/${plan}/lines`).set(as(lurah))
        .send({ category: 'sarpras', subType: 'A1', description: `Rincian ${i + 1}`, accountCode: '5.2.04.01.01.0001', volume: 1, unit: 'PAKET', unitPrice: 100_000_000 })
        .expect(201)).body.id);
    }
    await setup.http().post(`/api/plans/${plan}/submit`).set(as(lurah)).expect(200);
    await setup.http().post(`/api/plans/${plan}/approve`).set(as(camat)).expect(200);
    await setup.app.close();
  }, 180_000);

  afterAll(async () => {
    if (server) await killHard(server);
    await setup?.database.drop();
    await db?.drop();
  });

  const body = (i: number) => ({ planLineId: lineIds[i % lineIds.length], date: `${YEAR}-02-01`, amount: AMOUNT, description: `Belanja ${i}`, payee: 'Toko Uji', evidenceNo: `KW-CRASH-${i}` });
  const send = (i: number) =>
    fetch(`http://127.0.0.1:${port}/api/spending`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `crash-${i}` },
      body: JSON.stringify(body(i)),
    });

  it('keeps every acknowledged write exactly once and never doubles a retry', async () => {
    server = await startServer(db.url, port);
    const acknowledged = new Map<number, string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < WRITES) {
        const i = next++;
        try {
          const res = await send(i);
          if (res.status === 201) acknowledged.set(i, (await res.json()).id);
        } catch {
          /* the server died under this request: not acknowledged */
        }
        if (!killed && acknowledged.size >= WRITES / 3) {
          killed = true;
          await killHard(server!);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(WRITES / 3);
    expect(acknowledged.size).toBeLessThan(WRITES);

    server = await startServer(db.url, port);
    // Every key again, twice, concurrently: acknowledged ones replay their first answer, the rest book once.
    const answers = await Promise.all(Array.from({ length: WRITES * 2 }, (_, n) => n % WRITES).map(async (i) => {
      const res = await send(i);
      return { i, status: res.status, id: res.status === 201 ? ((await res.json()) as { id: string }).id : null };
    }));
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    for (const a of answers) if (acknowledged.has(a.i)) expect({ i: a.i, id: a.id }).toEqual({ i: a.i, id: acknowledged.get(a.i) });
    const idsByKey = new Map<number, Set<string>>();
    for (const a of answers) idsByKey.set(a.i, (idsByKey.get(a.i) ?? new Set()).add(a.id!));
    expect([...idsByKey.values()].every((s) => s.size === 1)).toBe(true);

    const check = await import('pg').then(async ({ Client }) => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        const [ledger] = (await c.query(`SELECT count(*)::int AS n, coalesce(sum(amount), 0)::bigint AS total, count(DISTINCT evidence_no)::int AS evidence FROM spending_entry`)).rows;
        const [lines] = (await c.query(`SELECT coalesce(sum(spent), 0)::bigint AS spent FROM plan_line WHERE id = ANY($1)`, [lineIds])).rows;
        const [keys] = (await c.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE key LIKE 'crash-%'`)).rows;
        return { ledger, lines, keys };
      } finally {
        await c.end();
      }
    });
    expect(check.ledger).toEqual({ n: WRITES, total: String(WRITES * AMOUNT), evidence: WRITES });
    expect(check.lines.spent).toBe(String(WRITES * AMOUNT));
    expect(check.keys.n).toBe(WRITES);

    const asAdmin = { headers: { authorization: `Bearer ${adminToken}` } };
    const totals = await (await fetch(`http://127.0.0.1:${port}/api/spending/totals/check`, asAdmin)).json();
    expect(totals).toMatchObject({ consistent: true, entries: WRITES, mismatches: [] });
    const chain = await (await fetch(`http://127.0.0.1:${port}/api/audit/verify`, asAdmin)).json();
    expect(chain.valid).toBe(true);
  }, 600_000);
});

import { standaloneRegionsService } from '../../src/modules/regions/region-import.cli';
import { AuditService } from '../../src/modules/audit/audit.service';
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as net from 'node:net';
import * as path from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { PROJECT_ROOT } from '../../src/common/paths';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { monthOf, todayIso } from '../../src/modules/spending/spending-date';
import { SpendingTotalsService } from '../../src/modules/spending/spending-totals.query';
import { FixtureLine, insertPlan } from './bench-plan';
import { insertUser, TEST_PASSWORD } from '../helpers/users';
import { fmtMs, median, scratchDatabase } from './bench-db';
import { writeReport } from './report';

const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
}

const CONNECTIONS = 50;
const DURATION_S = 10;
const LINES = 500;
const KELURAHAN = '35.73.01.1001';
const LINE_BUDGET = 10_000_000_000; // Rp 10 miliar: no booking in the run is refused for want of budget
const AMOUNT = 1_000;

interface Row {
  scenario: string;
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

/**
 * POST /api/spending through the whole stack (Fastify, auth guard re-reading the user, validation, row lock,
 * budget check, entry + three running totals, hash-chained audit event) against a bare baseline: the same
 * entry and totals written by plain SQL over pg, 50 concurrent workers on a pool of 20 like the app's, no
 * HTTP, no checks, no audit. Once spread over 500 lines, once all on one line (worst-case lock contention).
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_spending');
  let server: { url: string; child: ChildProcess } | undefined;
  try {
    await standaloneRegionsService(db.ds).import(fs.createReadStream(NATIONAL_REGION_FILE), { kabkota: '35.73', actor: null });
    const year = Number(todayIso().slice(0, 4));
    const plan = await insertPlan(db.ds, {
      kelurahanCode: KELURAHAN,
      year,
      allocation: 10_000_000_000_000,
      lines: Array.from({ length: LINES }, (_, i) => ({ amount: LINE_BUDGET, category: i % 3 ? 'sarpras' : 'pemberdayaan' })),
    });
    const bendahara = await insertUser(db.ds, 'bendahara', KELURAHAN, { fullName: 'Bendahara Bench' });

    // The server runs in a process of its own, as in production, so the load generator does not share its event loop.
    server = await startServer(db.url);
    const url = server.url;
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: bendahara.username, password: TEST_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };

    const date = todayIso();
    const ctx: BareCtx = { planId: plan.id, year, date, userId: bendahara.id };
    const actor: AuthUser = { id: bendahara.id, username: bendahara.username, fullName: 'Bendahara Bench', role: 'bendahara', regionCode: KELURAHAN };
    const pool = new Pool({ connectionString: db.url, max: 20 });
    const groups: Row[][] = [];
    const loadBefore = os.loadavg()[0];
    try {
      for (const [label, lines] of [
        [`${LINES} lines, random line per request`, plan.lines],
        ['one line (every writer on the same row lock)', [plan.lines[0]]],
      ] as Array<[string, FixtureLine[]]>) {
        groups.push([
          await viaHttp(url, accessToken, lines, date, `POST /api/spending, ${label}`),
          await loop(`plain SQL + audit event, ${label}`, lines, auditedBooking(db.ds, ctx, actor)),
          await loop(`baseline: plain SQL insert + totals, ${label}`, lines, bareBooking(pool, ctx)),
        ]);
      }
    } finally {
      await pool.end();
    }

    // Honest numbers only: every running total must still equal the ledger.
    const check = await new SpendingTotalsService(db.ds).check();
    const [sums] = await db.ds.query(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM spending_entry)::text AS ledger, (SELECT sum(spent) FROM plan_line)::text AS spent,
              (SELECT count(*) FROM spending_entry)::int AS entries`,
    );
    if (!check.consistent || sums.ledger !== sums.spent) {
      throw new Error(`totals disagree with the ledger: ${JSON.stringify({ sums, mismatches: check.mismatches.slice(0, 5) })}`);
    }

    const ratio = (a: Row, b: Row) => `${(a.perSecond / b.perSecond).toFixed(2)}×`;
    const base = (g: Row[]) => g[g.length - 1];
    const table = [
      `Spending ledger writes, ${CONNECTIONS} concurrent clients for ${DURATION_S} s per row (autocannon over HTTP; ${CONNECTIONS} async workers on a pool of 20, like the app's, for the SQL rows)`,
      '',
      '| scenario | entries/s | p50 ms | p99 ms | booked | failed | vs baseline |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...groups.flatMap((g) => g.map((r) => `| ${r.scenario} | ${r.perSecond.toFixed(0)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${r.ok} | ${r.failed} | ${ratio(r, base(g))} |`)),
      '',
      `Ledger check after the runs: ${sums.entries} entries; ledger sum Rp ${sums.ledger} = sum of plan_line.spent Rp ${sums.spent}; ` +
        `SpendingTotalsService.check(): ${check.consistent ? 'consistent, 0 mismatches' : `${check.mismatches.length} mismatches`}.`,
      '',
      `POST /api/spending against the bare SQL floor: ${ratio(groups[0][0], base(groups[0]))} spread over ${LINES} lines, ` +
        `${ratio(groups[1][0], base(groups[1]))} on one line. The middle row of each group isolates the audit trail: every booking appends a ` +
        'hash-chained audit event under one global advisory lock held until commit, which serialises commits across all lines ' +
        '(and the lines of one kelurahan also share its kelurahan_month_total row).',
      '',
      `Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores; the server (its own process), PostgreSQL and the load generator share them.`,
    ].join('\n');
    writeReport('spending', table);
  } finally {
    server?.child.kill('SIGTERM');
    await db.drop();
  }
}

async function viaHttp(url: string, token: string, lines: FixtureLine[], date: string, scenario: string): Promise<Row> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        path: '/api/spending',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req: Record<string, unknown>) => {
          const line = lines[Math.floor(Math.random() * lines.length)];
          const body = { planLineId: line.id, date, amount: AMOUNT, description: 'Belanja uji beban', payee: 'CV Uji', evidenceNo: `B-${++n}` };
          return { ...req, body: JSON.stringify(body) };
        },
      },
    ],
  });
  const created = result.statusCodeStats?.['201']?.count ?? result['2xx'];
  return {
    scenario,
    perSecond: created / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: created,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

interface BareCtx {
  planId: string;
  year: number;
  date: string;
  userId: string;
}
type Exec = (sql: string, params: unknown[]) => Promise<unknown>;

/** The entry and its three running totals in plain SQL: what any correct ledger must write, and nothing more. */
async function writeEntry(q: Exec, line: FixtureLine, ctx: BareCtx, evidenceNo: string): Promise<void> {
  const month = monthOf(ctx.date);
  await q(
    `INSERT INTO spending_entry (plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee, evidence_no, created_by, account_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Belanja uji beban', 'CV Uji', $8, $9, '5.1.02.01.01.0052')`,
    [line.id, ctx.planId, KELURAHAN, ctx.year, line.category, ctx.date, AMOUNT, evidenceNo, ctx.userId],
  );
  await q('UPDATE plan_line SET spent = spent + $2, entry_count = entry_count + 1 WHERE id = $1', [line.id, AMOUNT]);
  await q(
    `INSERT INTO plan_line_month_total AS t (plan_line_id, month, amount, entry_count) VALUES ($1, $2, $3, 1)
     ON CONFLICT (plan_line_id, month) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1`,
    [line.id, month, AMOUNT],
  );
  await q(
    `INSERT INTO kelurahan_month_total AS t (kelurahan_code, year, month, category, amount, entry_count) VALUES ($1, $2, $3, $4, $5, 1)
     ON CONFLICT (kelurahan_code, year, month, category) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1`,
    [KELURAHAN, ctx.year, month, line.category, AMOUNT],
  );
}

/** Plain pg: BEGIN, the four writes, COMMIT. */
function bareBooking(pool: Pool, ctx: BareCtx) {
  return async (line: FixtureLine, evidenceNo: string) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await writeEntry((sql, params) => c.query(sql, params), line, ctx, evidenceNo);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };
}

/** The same writes plus the hash-chained audit event (AuditService, one global chain lock held until commit). */
function auditedBooking(ds: DataSource, ctx: BareCtx, actor: AuthUser) {
  const audit = new AuditService();
  return (line: FixtureLine, evidenceNo: string) =>
    ds.transaction(async (m) => {
      await writeEntry((sql, params) => m.query(sql, params), line, ctx, evidenceNo);
      await audit.record(m, { actor, action: 'spending.record', entity: 'spending_entry', entityId: evidenceNo, regionCode: KELURAHAN, after: { amount: AMOUNT } });
    });
}

/** CONNECTIONS workers booking back to back for DURATION_S seconds. */
async function loop(scenario: string, lines: FixtureLine[], book: (line: FixtureLine, evidenceNo: string) => Promise<unknown>): Promise<Row> {
  const latencies: number[] = [];
  let failed = 0;
  const deadline = Date.now() + DURATION_S * 1000;
  const started = process.hrtime.bigint();
  const worker = async (w: number) => {
    for (let i = 1; Date.now() < deadline; i++) {
      const line = lines[Math.floor(Math.random() * lines.length)];
      const t0 = process.hrtime.bigint();
      try {
        await book(line, `R-${scenario.length}-${w}-${i}`);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { scenario, perSecond: latencies.length / seconds, p50: median(latencies), p99: percentile(latencies, 0.99), ok: latencies.length, failed };
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

// Also runnable alone: npx ts-node --transpile-only test/bench/spending.bench.ts
if (require.main === module) {
  run().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** `nest build`, then `node dist/src/main.js` on a free port against the scratch database; resolves once it listens. */
async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/main.js')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false', JWT_SECRET: 'x'.repeat(48) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('berjalan di')) resolve();
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

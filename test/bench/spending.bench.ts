import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../../src/common/paths';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { verifyAuditTrail } from '../../src/modules/audit/audit-verifier';
import { CONSISTENCY_CHECKS, FACT_SOURCES } from '../../src/modules/audit/verification-registry';
import { standaloneRegionsService } from '../../src/modules/regions/region-import.cli';
import { todayIso } from '../../src/modules/spending/spending-date';
import { insertPlan } from './bench-plan';
import { compileSources } from '../helpers/compile-sources';
import { insertUser } from '../helpers/users';
import { fmtMs, scratchDatabase } from './bench-db';
import { writeReport } from './report';
import { freePort } from '../helpers/free-port';

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
const WARM_UP_S = 3;
const KABKOTA = 50;
const PER_KABKOTA = 10; // 500 kelurahan
const ROUNDS = 2;
const LINE_BUDGET = 10_000_000_000; // Rp 10 miliar per line: no booking in the run is refused for want of budget
const AMOUNT = 1_000;
const JWT_SECRET = 'bench-'.repeat(8);

interface Seat {
  kelurahanCode: string;
  lineId: string;
  token: string;
}

interface Row {
  round: number;
  scenario: string;
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  load: string;
  /** CPU milliseconds per answered request: the server process (all its threads) and the app's PostgreSQL backends. */
  cpu: { server: number; postgres: number } | null;
}

/**
 * Spending writes under load, through the whole stack in a server process of its own (Fastify, the auth guard
 * re-reading the user, validation, the plan line's row lock, budget check, entry and three running totals, the
 * audit event in the kab/kota's chain), connected as the restricted app role, against a baseline on the same
 * stack: a bench-only endpoint doing one bare INSERT. Three scenarios, each twice, in one run:
 *   - POST /api/spending spread over 500 kelurahan in 50 kab/kota (a bendahara each);
 *   - the bare INSERT endpoint, spread the same way;
 *   - POST /api/spending all on one line (every writer on one row lock and one audit partition).
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_spending');
  let server: ChildProcess | undefined;
  try {
    const loadAtStart = os.loadavg()[0];
    await standaloneRegionsService(db.ds).import(fs.createReadStream(NATIONAL_REGION_FILE), { actor: null });
    const kabkota: Array<{ code: string }> = await db.ds.query(
      `SELECT k.code FROM region k
        WHERE k.level = 'kabkota'
          AND (SELECT count(*) FROM region x WHERE x.level = 'kelurahan' AND x.code >= k.code || '.' AND x.code < k.code || '/') >= $1
        ORDER BY k.code LIMIT $2`,
      [PER_KABKOTA, KABKOTA],
    );
    const kelurahan: string[] = [];
    for (const k of kabkota) {
      const rows: Array<{ code: string }> = await db.ds.query(
        `SELECT code FROM region WHERE level = 'kelurahan' AND code >= $1 || '.' AND code < $1 || '/' ORDER BY code LIMIT $2`,
        [k.code, PER_KABKOTA],
      );
      kelurahan.push(...rows.map((r) => r.code));
    }
    const year = Number(todayIso().slice(0, 4));
    const jwt = new JwtService({ secret: JWT_SECRET, signOptions: { algorithm: 'HS256', expiresIn: 3600 } });
    const seats: Seat[] = [];
    for (let i = 0; i < kelurahan.length; i += 10) {
      seats.push(
        ...(await Promise.all(
          kelurahan.slice(i, i + 10).map(async (code) => {
            const plan = await insertPlan(db.ds, { kelurahanCode: code, year, allocation: 10_000_000_000_000, lines: [{ amount: LINE_BUDGET }] });
            const user = await insertUser(db.ds, 'bendahara', code, { fullName: `Bendahara ${code}` });
            return { kelurahanCode: code, lineId: plan.lines[0].id, token: jwt.sign({ sub: user.id, role: 'bendahara', region: code }) };
          }),
        )),
      );
    }
    await db.ds.query(
      `CREATE TABLE bench_bare (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kelurahan_code varchar(13) NOT NULL, amount bigint NOT NULL,
                                created_by uuid NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );

    let url: string;
    ({ child: server, url } = await startServer(db.url));
    const date = todayIso();
    let n = 0;
    const spending = (pick: () => Seat) => ({
      path: '/api/spending',
      make: () => {
        const s = pick();
        return { token: s.token, body: { planLineId: s.lineId, date, amount: AMOUNT, description: 'Belanja uji beban', payee: 'CV Uji', evidenceNo: `B-${++n}` } };
      },
    });
    const random = () => seats[Math.floor(Math.random() * seats.length)];
    const scenarios = [
      { name: `bare INSERT endpoint (baseline), ${seats.length} kelurahan`, path: '/api/bench/bare-insert', make: () => {
        const s = random();
        return { token: s.token, body: { kelurahanCode: s.kelurahanCode, amount: AMOUNT } };
      } },
      { name: `POST /api/spending, spread over ${seats.length} kelurahan in ${kabkota.length} kab/kota`, ...spending(random) },
      { name: 'POST /api/spending, one line (worst case: one row lock, one audit partition)', ...spending(() => seats[0]) },
    ];
    // Each scenario once unmeasured first: the server's code is compiled and optimised before the first row is timed.
    const sample = () => cpuTicks(db.ds, server!.pid!);
    const warmUp: Row[] = [];
    for (const s of scenarios) warmUp.push(await viaHttp(url, s.path, s.make, s.name, 0, sample, WARM_UP_S));
    const rows: Row[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of scenarios) rows.push(await viaHttp(url, s.path, s.make, s.name, round, sample));
    }

    // Let the requests still in flight finish, then check: every booking is in the ledger, every total equals it, every row has its audit event.
    for (let last = -1; ; ) {
      await new Promise((r) => setTimeout(r, 1000));
      const [{ n: now }] = await db.ds.query('SELECT count(*)::int AS n FROM spending_entry');
      if (now === last) break;
      last = now;
    }
    const report = await verifyAuditTrail(db.ds, { trustedKeys: new Map(), factSources: FACT_SOURCES, checks: CONSISTENCY_CHECKS });
    const [sums] = await db.ds.query(
      `SELECT (SELECT count(*) FROM spending_entry)::int AS entries, (SELECT coalesce(sum(amount), 0) FROM spending_entry)::text AS ledger,
              (SELECT sum(spent) FROM plan_line)::text AS spent, (SELECT count(*) FROM bench_bare)::int AS bare`,
    );
    const booked = [...warmUp, ...rows].filter((r) => !r.scenario.startsWith('bare')).reduce((a, r) => a + r.ok, 0);
    // Requests still in flight when a scenario's clock stops are booked but not counted: at most one per connection.
    const inFlight = sums.entries - booked;
    if (!report.valid || sums.ledger !== sums.spent || inFlight < 0 || inFlight > CONNECTIONS * (ROUNDS + 1) * 2) {
      throw new Error(`the run is not consistent: ${JSON.stringify({ sums, booked, problems: report.problems.slice(0, 5) })}`);
    }

    const bare = (round: number) => rows.find((r) => r.round === round && r.scenario.startsWith('bare'))!;
    const ratio = (r: Row) => `${(r.perSecond / bare(r.round).perSecond).toFixed(2)}×`;
    const spread = rows.filter((r) => r.scenario.includes('spread'));
    const goal = spread.map((r) => `round ${r.round}: ${ratio(r)} of bare, p99 ${fmtMs(r.p99)} ms`).join('; ');
    const table = [
      `Spending writes, ${CONNECTIONS} connections for ${DURATION_S} s per row (autocannon over HTTP to a server process of its own, compiled as npm start runs it, NODE_ENV=production, ` +
        `connected as the app role dana_app with the app's pool of 20); each scenario measured ${ROUNDS}× in this run, interleaved, after ${WARM_UP_S} s of each unmeasured; CPU from /proc`,
      '',
      '| round | scenario | entries/s | p50 ms | p99 ms | 201 | failed | vs bare INSERT | CPU ms per request: server / PostgreSQL | load (1 min) before → after |',
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      ...rows.map(
        (r) =>
          `| ${r.round} | ${r.scenario} | ${r.perSecond.toFixed(0)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${r.ok} | ${r.failed} | ${ratio(r)} | ` +
          `${r.cpu ? `${r.cpu.server.toFixed(2)} / ${r.cpu.postgres.toFixed(2)}` : '–'} | ${r.load} |`,
      ),
      '',
      `Goal (spread ≥ 0.5× bare, p99 ≤ 100 ms): ${goal}.`,
      '',
      `Afterwards: ${sums.entries} ledger entries = ${booked} answers 201 counted + ${inFlight} still in flight when a clock stopped; ledger sum Rp ${sums.ledger} = sum of plan_line.spent Rp ${sums.spent}; ` +
        `GET /api/audit/verify's report: ${report.valid ? 'valid' : 'NOT valid'} — ${report.events} events in ${report.partitions.length} partitions, ` +
        `every ledger row with its event (${report.facts.map((f) => `${f.table} ${f.rows} rows / ${f.events} events`).join(', ')}), running totals consistent.`,
      '',
      `Machine: ${os.cpus().length} cores shared by the server, PostgreSQL, the load generator and other developers' work; load average (1 min) ${loadAtStart.toFixed(2)} ` +
        `at the start of the run, ${os.loadavg()[0].toFixed(2)} at the end. ±30 % between runs is usual here.`,
    ].join('\n');
    writeReport('spending', table);
  } finally {
    server?.kill('SIGTERM');
    await db.drop();
  }
}

/**
 * CPU ticks used so far by the server process (all threads) and by each PostgreSQL backend serving the bench database,
 * from /proc (Linux; null elsewhere). Backends started during a scenario count from zero; the pool keeps its 20.
 */
async function cpuTicks(ds: DataSource, serverPid: number): Promise<{ server: number; backends: Map<number, number> } | null> {
  const read = (pid: number): number | null => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the third (state) on
      return Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      return null;
    }
  };
  const server = read(serverPid);
  if (server === null) return null;
  const pids: Array<{ pid: number }> = await ds.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
  );
  const backends = new Map<number, number>();
  for (const { pid } of pids) {
    const t = read(pid);
    if (t !== null) backends.set(pid, t);
  }
  return { server, backends };
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

async function viaHttp(
  url: string,
  route: string,
  make: () => { token: string; body: unknown },
  scenario: string,
  round: number,
  sample: () => ReturnType<typeof cpuTicks>,
  duration = DURATION_S,
): Promise<Row> {
  const before = os.loadavg()[0];
  const cpuBefore = await sample();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: route,
        setupRequest: (req: Record<string, unknown>) => {
          const { token, body } = make();
          return { ...req, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
        },
      },
    ],
  });
  const created = result.statusCodeStats?.['201']?.count ?? 0;
  const cpuAfter = await sample();
  const perRequest = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND / Math.max(created, 1);
  let pgTicks = 0;
  for (const [pid, t] of cpuAfter?.backends ?? []) pgTicks += t - (cpuBefore?.backends.get(pid) ?? 0);
  return {
    round,
    scenario,
    perSecond: created / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: created,
    failed: result.non2xx + result.errors + result.timeouts,
    load: `${before.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`,
    cpu: cpuBefore && cpuAfter ? { server: perRequest(cpuAfter.server - cpuBefore.server), postgres: perRequest(pgTicks) } : null,
  };
}

/** The bench server (the app plus the bare-insert endpoint) on a free port; resolves once it listens. */
async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // BENCH_CPU_PROF=<folder>: the server writes a V8 CPU profile there when it stops (where a write spends its time).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // Compiled to .js and run by node, as npm start runs dist/: under ts-node every EventEmitter also carries the domain
  // module's bookkeeping (ts-node loads the REPL, which loads domain), which the app never pays in production.
  const root = await compileSources('dk-bench-spending', [path.join(PROJECT_ROOT, 'test/bench/bench-server.ts')]);
  const child = spawn(process.execPath, [...profile, path.join(root, 'test/bench/bench-server.js')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false',
      JWT_SECRET, AUDIT_SIGNING_KEY: signingKey, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('bench server listening')) resolve();
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
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

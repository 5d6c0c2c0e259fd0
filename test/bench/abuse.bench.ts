import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { insertUser, TEST_PASSWORD } from '../helpers/users';
import { fmtMs, median, scratchDatabase } from './bench-db';
import { writeReport } from './report';
import { freePort } from '../helpers/free-port';

const DEEP_LOGINS = 20;
const PDF_DOWNLOADS = 100;
const IDLE_SAMPLES = 300;
const YEAR = new Date().getFullYear();
const KECAMATAN = '35.73.01';

interface HealthStats {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
}

/**
 * `/api/health` latency (p50/p99) on an idle server, and again while 20 logins with 3,000-level deep JSON bodies and
 * 100 concurrent kecamatan PDF downloads hit it; the built server (`node dist/src/main.js`) in its own process
 * against a scratch database. The idle figures are the baseline measured in the same run.
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_abuse');
  let server: { url: string; child: ChildProcess } | undefined;
  try {
    server = await startServer(db.url);
    const base = server.url;
    const national = await insertUser(db.ds, 'admin', null);
    const csv = fs.readFileSync(NATIONAL_REGION_FILE);
    const tokenOf = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const nationalToken = await tokenOf(national.username);
    const imported = await fetch(`${base}/api/regions/import?kabkota=35.73`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${nationalToken}` }, body: csv });
    if (imported.status !== 200 && imported.status !== 201) throw new Error(`region import: ${imported.status} ${await imported.text()}`);
    const admin = await insertUser(db.ds, 'admin', '35.73');
    const camat = await insertUser(db.ds, 'camat', KECAMATAN);
    const adminToken = await tokenOf(admin.username);
    const bulk = await fetch(`${base}/api/allocations/${YEAR}/bulk`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify({ regionCode: KECAMATAN, amount: 1_000_000_000 }) });
    if (bulk.status >= 300) throw new Error(`allocations: ${bulk.status} ${await bulk.text()}`);
    const camatToken = await tokenOf(camat.username);

    const idle = await sampleHealth(base, async () => undefined, IDLE_SAMPLES);

    const deepBody = `{"username":${'['.repeat(3000)}${']'.repeat(3000)},"password":"x"}`;
    const statuses: Record<string, number> = {};
    const count = (kind: string, status: number | string) => (statuses[`${kind} ${status}`] = (statuses[`${kind} ${status}`] ?? 0) + 1);
    const load = async () => {
      const logins = Array.from({ length: DEEP_LOGINS }, () =>
        fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deepBody })
          .then(async (r) => count('login', `${r.status} ${((await r.json().catch(() => ({}))) as { code?: string }).code ?? ''}`.trim()), () => count('login', 0)),
      );
      const pdfs = Array.from({ length: PDF_DOWNLOADS }, () =>
        fetch(`${base}/api/reports/realisasi.pdf?region=${KECAMATAN}&year=${YEAR}&period=FY`, { headers: { authorization: `Bearer ${camatToken}` } })
          .then(async (r) => {
            if (r.status === 200) await r.arrayBuffer();
            else {
              const body = (await r.json().catch(() => ({}))) as { code?: string };
              return count('pdf', `${r.status} ${body.code ?? ''}`.trim());
            }
            count('pdf', r.status);
          }, () => count('pdf', 0)),
      );
      await Promise.all([...logins, ...pdfs]);
    };
    const loaded = await sampleHealth(base, load);

    const row = (name: string, s: HealthStats, extra: string) =>
      `| ${name} | ${fmtMs(s.p50)} | ${fmtMs(s.p99)} | ${fmtMs(s.max)} | ${s.samples} | ${s.failed} | ${extra} |`;
    const answers = Object.entries(statuses).sort().map(([k, n]) => `${k}: ${n}`).join(', ');
    writeReport(
      'abuse',
      [
        `### \`/api/health\` under abuse (ms; sequential health requests while the load runs)`,
        '',
        '| scenario | health p50 | health p99 | max | samples | health not 200 | what the load got back |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        row('idle server (baseline)', idle, '–'),
        row(`${DEEP_LOGINS} deep-JSON logins + ${PDF_DOWNLOADS} concurrent kecamatan PDFs`, loaded, answers),
        '',
        `Ratio under load ÷ idle: p50 ${(loaded.p50 / idle.p50).toFixed(1)}×, p99 ${(loaded.p99 / idle.p99).toFixed(1)}×. ` +
          `Command: \`npm run bench -- abuse\` (server: \`node dist/src/main.js\`, PDF_RENDER_CONCURRENCY default, pool 20).`,
      ].join('\n'),
    );
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server!.child.once('exit', r));
    }
    await db.drop();
  }
}

/** Health requests one after another until `load` settles (or `min` samples on an idle server). */
async function sampleHealth(base: string, load: () => Promise<void>, min = 0): Promise<HealthStats> {
  const latencies: number[] = [];
  let failed = 0;
  let done = false;
  const running = load().finally(() => (done = true));
  while (!done || latencies.length + failed < min) {
    const t0 = process.hrtime.bigint();
    try {
      const res = await fetch(`${base}/api/health`);
      await res.arrayBuffer();
      if (res.status !== 200) failed++;
    } catch {
      failed++;
    }
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (done && min === 0) break;
  }
  await running;
  const s = [...latencies].sort((a, b) => a - b);
  return { samples: s.length, p50: median(s), p99: s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)], max: s[s.length - 1], failed };
}

async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/main.js')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false', JWT_SECRET: 'x'.repeat(48) },
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

if (require.main === module) {
  run().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

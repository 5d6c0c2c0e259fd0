import 'reflect-metadata';
import * as http from 'node:http';
import * as os from 'node:os';
import { fmtMs, scratchDatabase, timeIt } from './bench-db';
import { writeReport } from './report';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';
import { freePort } from '../helpers/free-port';

/** `nest build`, then the built app (dist/src/main.js, NODE_ENV=production, demo seeded) on a free port of 127.0.0.1. */
async function startServer(databaseUrl: string, extraEnv: Record<string, string> = {}, build = true): Promise<{ url: string; child: ChildProcess }> {
  if (build) execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  const port = await freePort();
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/main.js')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'true',
      JWT_SECRET: 'x'.repeat(48), AUDIT_SIGNING_KEY: signingKey, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0', ...extraEnv,
    },
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

const WARMUP = 20;
const SAMPLES = 200;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** bytes on the wire (compressed when the server compressed) */
  wireBytes: number;
  body: string;
  ms: number;
}

/** One GET over a plain socket, as a browser asks for it (br/gzip accepted), timed from request to last byte. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(`${base}${path}`, { headers: { 'accept-encoding': 'br, gzip', accept: 'text/html,*/*', ...headers }, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const zlib = require('node:zlib') as typeof import('node:zlib');
        const plain = enc === 'br' ? zlib.brotliDecompressSync(buf) : enc === 'gzip' ? zlib.gunzipSync(buf) : buf;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes: buf.length, body: plain.toString('utf8'), ms: Number(process.hrtime.bigint() - t0) / 1e6 });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(base: string, path: string, form: Record<string, string>, cookie: string): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = http.request(`${base}${path}`, { method: 'POST', agent: keepAlive, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: ([] as string[]).concat(res.headers['set-cookie'] ?? []) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const cookiesOf = (setCookie: string[] | string | undefined) => ([] as string[]).concat(setCookie ?? []).map((c) => c.split(';')[0]).join('; ');

/** Signs in through the login form, as a browser does; returns the session cookie. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const form = await get(base, '/masuk');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!csrf) throw new Error('no CSRF token on /masuk');
  const res = await post(base, '/masuk', { _csrf: csrf, lanjut: '/', username, password }, cookiesOf(form.headers['set-cookie']));
  if (res.status !== 303) throw new Error(`login of ${username} answered ${res.status}`);
  return cookiesOf(res.setCookie.filter((c) => c.startsWith('dk_sesi=')));
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function timed(base: string, path: string, cookie?: string, warmup = WARMUP, samples = SAMPLES): Promise<{ p50: number; p95: number; first: Raw }> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const first = await get(base, path, headers);
  if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status}`);
  for (let i = 0; i < warmup; i++) await get(base, path, headers);
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) ms.push((await get(base, path, headers)).ms);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), first };
}

/** HTML + every stylesheet and script the page names, as they travel compressed. */
async function firstLoadBytes(base: string, page: Raw): Promise<{ html: number; assets: number }> {
  const urls = [...page.body.matchAll(/<(?:link[^>]+href|script[^>]+src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  let assets = 0;
  for (const u of new Set(urls)) {
    const r = await get(base, u);
    if (r.status !== 200) throw new Error(`asset ${u} answered ${r.status}`);
    assets += r.wireBytes;
  }
  return { html: page.wireBytes, assets };
}

/**
 * The web app's main pages on the demo data (Kota Malang), through the built server in its own process with
 * NODE_ENV=production: server time p50/p95 of 200 sequential requests on one keep-alive connection (loopback, so
 * network time is nil), beside GET /api/health on the same run; and the bytes of a first load (HTML + CSS + JS,
 * compressed as the app sends them).
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_web');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer(db.url);
    const base = server.url;
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    const logins: Record<string, [string, string]> = {
      lurah: ['lurah.balearjosari', 'demo-lurah-balearjosari'],
      camat: ['camat.blimbing', 'demo-camat-blimbing'],
      admin: ['admin.malang', 'demo-admin-malang'],
      auditor: ['auditor.malang', 'demo-auditor-malang'],
    };
    const cookie: Record<string, string> = {};
    for (const [role, [u, p]] of Object.entries(logins)) cookie[role] = await signIn(base, u, p);
    const inbox = await get(base, '/persetujuan', { cookie: cookie.camat });
    const reviewPath = /href="(\/persetujuan\/[0-9a-f-]{36})"/.exec(inbox.body)?.[1];
    if (!reviewPath) throw new Error('no submitted plan in the demo inbox');

    const loadBefore = os.loadavg()[0];
    const health = await timed(base, '/api/health');
    const pages: Array<[string, string, string | undefined]> = [
      ['Masuk', '/masuk', undefined],
      ['Beranda (lurah)', '/', cookie.lurah],
      ['Rencana (lurah, approved plan, 10 lines)', `/rencana/${year}`, cookie.lurah],
      ['Beranda (camat, 11 kelurahan)', '/', cookie.camat],
      ['Persetujuan inbox (camat)', '/persetujuan', cookie.camat],
      ['Persetujuan review (camat)', reviewPath, cookie.camat],
      ['Beranda (admin, setup checklist)', '/', cookie.admin],
      ['Beranda (auditor, kota)', '/', cookie.auditor],
      ['Pengguna (admin, list)', '/admin/pengguna', cookie.admin],
      ['Tambah pengguna (admin, 63 regions in the picker)', '/admin/pengguna/baru', cookie.admin],
      ['Alokasi (admin, 57 kelurahan, page 1)', '/admin/alokasi', cookie.admin],
      ['Pagu kelurahan with history (admin)', `/admin/alokasi/${year}/35.73.01.1001`, cookie.admin],
      ['Wilayah (admin)', '/admin/wilayah', cookie.admin],
      ['Dasbor (camat, kecamatan, 11 kelurahan)', '/dasbor', cookie.camat],
      ['Dasbor (camat, kecamatan, Triwulan II sorted by serapan)', '/dasbor?periode=Q2&urut=serapan&arah=desc', cookie.camat],
      ['Dasbor (admin, kab/kota demo: 5 kecamatan)', '/dasbor', cookie.admin],
      ['Dasbor (auditor, kab/kota demo)', '/dasbor', cookie.auditor],
      ['Dasbor (admin, a kelurahan with its plan lines)', '/dasbor?wilayah=35.73.01.1001', cookie.admin],
    ];
    const rows: string[] = [];
    rows.push(`| GET /api/health (baseline) | ${fmtMs(health.p50)} | ${fmtMs(health.p95)} | 1.00× | – | – |`);
    for (const [label, path, c] of pages) {
      const t = await timed(base, path, c);
      const bytes = await firstLoadBytes(base, t.first);
      rows.push(
        `| ${label} \`${path.replace(/[0-9a-f-]{36}/, ':id')}\` | ${fmtMs(t.p50)} | ${fmtMs(t.p95)} | ${(t.p50 / health.p50).toFixed(1)}× | ` +
          `${(bytes.html / 1024).toFixed(1)} | ${((bytes.html + bytes.assets) / 1024).toFixed(1)} |`,
      );
    }
    const table = [
      `Web pages on the demo data (Kota Malang), server in its own process (NODE_ENV=production); ${SAMPLES} sequential requests per row on one keep-alive connection after ${WARMUP} warm-up requests`,
      '',
      '| page | p50 ms | p95 ms | p50 vs health | HTML KB (compressed) | first load KB (HTML + CSS + JS, compressed) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      'Time is measured at the client on loopback from request to last byte, so it is the server\'s time plus a negligible transfer. ' +
        'Every page request reads the session (one indexed row) and the page\'s figures through the same services as the API. ' +
        'First load = the page\'s HTML plus Bootstrap CSS, htmx and the app\'s own CSS/JS, each as sent (br/gzip); later pages reuse the cached assets (1 h).',
      '',
      `Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores.`,
    ].join('\n');
    server.child.kill('SIGTERM');
    server = undefined;
    const national = process.env.WEB_BENCH_NATIONAL === '0' ? '' : await nationalDashboard();
    writeReport('web', national ? `${table}\n\n${national}` : table);
  } finally {
    keepAlive.destroy();
    server?.child.kill('SIGTERM');
    await db.drop();
  }
}

// The national dashboard over the flags bench's national data (8,496 kelurahan, 250,000 plan lines, 2 M ledger
// rows at scale 1). WEB_BENCH_SCALE=0.25 loads a quarter of it; WEB_BENCH_NATIONAL=0 leaves the section out.
const NATIONAL_SCALE = Number(process.env.WEB_BENCH_SCALE ?? '1');
const NATIONAL_SAMPLES = Number(process.env.WEB_BENCH_NATIONAL_SAMPLES ?? '30');
const NATIONAL_YEAR = 2025;

export async function nationalDashboard(): Promise<string> {
  const { load } = require('./flags.bench') as typeof import('./flags.bench');
  const db = await scratchDatabase('dk_bench_web_national');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const t0 = Date.now();
    const size = await load(db.ds, Math.round(250_000 * NATIONAL_SCALE), Math.round(2_000_000 * NATIONAL_SCALE));
    const loadSeconds = (Date.now() - t0) / 1000;
    // The loader bulk-inserts the line month totals without analysing them; autovacuum would, sooner or later.
    for (const t of ['book_period', 'allocation', 'region', 'plan_line_month_total']) await db.ds.query(`VACUUM ANALYZE ${t}`);
    console.log(`[web bench] national data: ${size.kelurahan} kelurahan, ${size.lines} lines, ${size.ledger} ledger rows in ${loadSeconds.toFixed(0)} s`);
    const password = 'bench-nasional-kata-sandi';
    server = await startServer(db.url, { SEED_DEMO: 'false', ADMIN_USERNAME: 'bench.nasional', ADMIN_PASSWORD: password }, false);
    const base = server.url;
    const cookie = await signIn(base, 'bench.nasional', password);
    const y = `tahun=${NATIONAL_YEAR}`;
    const n = NATIONAL_SAMPLES;
    const loadBefore = os.loadavg()[0];
    const health = await timed(base, '/api/health', undefined, 5, n);
    // The raw baseline in the database: the plain national aggregate of the running month totals per provinsi.
    const sql = `SELECT left(kelurahan_code, 2) AS code, sum(amount) AS realized FROM kelurahan_month_total WHERE year = $1 GROUP BY 1`;
    for (let i = 0; i < 3; i++) await db.ds.query(sql, [NATIONAL_YEAR]);
    const sqlMs: number[] = [];
    for (let i = 0; i < n; i++) sqlMs.push(await timeIt(() => db.ds.query(sql, [NATIONAL_YEAR])));
    const sqlP50 = percentile(sqlMs, 50);
    const pages: Array<[string, string]> = [
      ['national, per provinsi (page 1 of 2), FY', `/dasbor?${y}&periode=FY`],
      ['national, per provinsi, Triwulan II', `/dasbor?${y}&periode=Q2`],
      ['national, per kab/kota sorted by serapan (page 1 of 17)', `/dasbor?${y}&periode=FY&tingkat=kabkota&urut=serapan&arah=desc`],
      ['a provinsi (Jawa Timur), per kab/kota', `/dasbor?wilayah=35&${y}&periode=FY`],
      ['a kab/kota (Kota Malang), per kecamatan', `/dasbor?wilayah=35.73&${y}&periode=FY`],
      ['a kelurahan with its plan lines', `/dasbor?wilayah=35.73.01.1001&${y}&periode=FY`],
    ];
    const rows = [
      `| GET /api/health (baseline) | ${fmtMs(health.p50)} | ${fmtMs(health.p95)} | 1.00× | ${(health.p50 / sqlP50).toFixed(2)}× |`,
      `| plain SQL: national realisasi per provinsi from the month totals (in the bench process) | ${fmtMs(sqlP50)} | ${fmtMs(percentile(sqlMs, 95))} | ${(sqlP50 / health.p50).toFixed(1)}× | 1.00× |`,
    ];
    for (const [label, path] of pages) {
      const t = await timed(base, path, cookie, 3, n);
      rows.push(`| Dasbor: ${label} \`${path}\` | ${fmtMs(t.p50)} | ${fmtMs(t.p95)} | ${(t.p50 / health.p50).toFixed(1)}× | ${(t.p50 / sqlP50).toFixed(1)}× |`);
    }
    return [
      `National dashboard (admin without region) over ${size.kelurahan.toLocaleString('en')} kelurahan, ${size.lines.toLocaleString('en')} plan lines and ${size.ledger.toLocaleString('en')} ledger rows` +
        `${NATIONAL_SCALE === 1 ? '' : ` (WEB_BENCH_SCALE=${NATIONAL_SCALE}; full size is 250,000 lines and 2,000,000 rows)`}, loaded set-based in ${loadSeconds.toFixed(0)} s; ` +
        `${n} sequential requests per row after 3 warm-up requests`,
      '',
      '| page | p50 ms | p95 ms | p50 vs health | p50 vs plain SQL |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      'Each dashboard page is one SQL statement for its table (sorted and paged in PostgreSQL, 25 rows), one for the month series and one for the ' +
        'sub-type split, all over the running totals (allocation, plan versions, kelurahan_month_total, plan_line_month_total), plus one backward ' +
        'index probe per kelurahan for the date of its last ledger entry; the ledger itself is never scanned.',
      '',
      `Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores.`,
    ].join('\n');
  } finally {
    server?.child.kill('SIGTERM');
    await db.drop();
  }
}

import { standaloneRegionsService } from '../../src/modules/regions/region-import.cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { formatNumberId, formatPercent } from '../../src/common/money/rupiah';
import { periodRange, type Period } from '../../src/common/period/period';
import { PROJECT_ROOT } from '../../src/common/paths';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { RegionScopeService } from '../../src/modules/regions/region-scope.service';
import { buildRealisasiReportModel } from '../../src/modules/reports/model/realisasi-report.model';
import type { RealisasiReportModel } from '../../src/modules/reports/model/report.types';
import { dejavuFontFiles } from '../../src/modules/reports/pdf/fonts';
import { renderReportPdf } from '../../src/modules/reports/pdf/report-renderer';
import { loadReportTemplate } from '../../src/modules/reports/pdf/report-template';
import { ReportRepository } from '../../src/modules/reports/report.repository';
import { ReportsService } from '../../src/modules/reports/reports.service';
import { compileSources } from '../helpers/compile-sources';
import { fmtMs, median, scratchDatabase, timeIt } from './bench-db';
import { writeReport } from './report';

const YEAR = 2026;
const PERIOD: Period = 'Q3';
const LINES_PER_KELURAHAN = 30;
const ROUNDS = 5;
// Past this predicted load time the ×10 step grows from a smaller base instead (2 cores; BENCH_FULL=1 forces it).
const LOAD_BUDGET_MS = 5 * 60_000;
// BENCH_QUICK=1: a smoke run of the same code on small numbers (not for the published table).
const QUICK = process.env.BENCH_QUICK === '1';
// About 17 table rows (every 9th wrapping onto two lines) fit a landscape page with this template, so 16,500 lines
// make a ~1,000-page document.
const BIG_REPORT_ROWS = QUICK ? 2_000 : 16_500;

const NATIONAL_ADMIN: AuthUser = { id: '00000000-0000-4000-8000-000000000000', username: 'bench', fullName: 'Bench', role: 'admin', regionCode: null };

interface Target {
  label: string;
  code: string | null;
  /** Code length of the rows the summary returns. */
  childLength: number;
}

const log = (msg: string) => console.log(`[reports bench] ${msg}`);

/** Regions through the real import, then allocations, approved plans and ~30 lines per kelurahan, set-based. */
async function loadPlans(ds: DataSource): Promise<{ kelurahan: number; lines: number; userId: string }> {
  await standaloneRegionsService(ds).import(fs.createReadStream(NATIONAL_REGION_FILE), { actor: null });
  const [user] = await ds.query(
    `INSERT INTO app_user (username, password_hash, full_name, role) VALUES ('bench.bendahara', 'x', 'Bench', 'admin') RETURNING id`,
  );
  await ds.query(`INSERT INTO allocation (year, kelurahan_code, amount) SELECT $1, code, 1000000000 FROM region WHERE level = 'kelurahan'`, [YEAR]);
  await ds.transaction(async (m) => {
    await m.query(`INSERT INTO plan (kelurahan_code, year, latest_version, in_force_version) SELECT code, $1, 1, 1 FROM region WHERE level = 'kelurahan'`, [YEAR]);
    await m.query(`INSERT INTO plan_version (plan_id, version, status, approved_at) SELECT id, 1, 'approved', now() FROM plan`);
  });
  // rn numbers the lines 1..N so ledger row s can land on line 1 + s % N without a random join.
  await ds.query(`
    CREATE TABLE bench_line AS
    SELECT gen_random_uuid() AS id, p.id AS plan_id, p.kelurahan_code, g AS n,
           (CASE WHEN g <= 20 THEN 'sarpras' ELSE 'pemberdayaan' END)::text AS category,
           row_number() OVER (ORDER BY p.kelurahan_code, g)::int AS rn
    FROM plan p CROSS JOIN generate_series(1, ${LINES_PER_KELURAHAN}) g`);
  await ds.query(`CREATE UNIQUE INDEX bench_line_rn ON bench_line (rn)`);
  await ds.query(`INSERT INTO plan_line (id, plan_id, kelurahan_code, year) SELECT id, plan_id, kelurahan_code, $1 FROM bench_line`, [YEAR]);
  await ds.query(`
    INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code, volume, unit, unit_price, amount)
    SELECT plan_id, 1, id, n, category, CASE WHEN category = 'sarpras' THEN 'A1' ELSE 'B1' END, 'Kegiatan nomor ' || n,
           '5.1.02.01.01.' || lpad(n::text, 4, '0'), 10, 'Paket', 1000000 + n * 10000, 10 * (1000000 + n * 10000)
    FROM bench_line`);
  await ds.query(`
    UPDATE plan_version v SET total = s.t, total_sarpras = s.sp, total_pemberdayaan = s.pb
    FROM (SELECT plan_id, sum(amount) AS t, coalesce(sum(amount) FILTER (WHERE category = 'sarpras'), 0) AS sp,
                 coalesce(sum(amount) FILTER (WHERE category = 'pemberdayaan'), 0) AS pb
          FROM plan_line_version GROUP BY plan_id) s
    WHERE v.plan_id = s.plan_id`);
  const [{ k, l }] = await ds.query(`SELECT (SELECT count(*) FROM plan)::int AS k, (SELECT count(*) FROM bench_line)::int AS l`);
  return { kelurahan: k, lines: l, userId: user.id };
}

/** Ledger rows [from, to) straight into spending_entry (the append-only trigger allows INSERT), spread over the year. */
async function appendLedger(ds: DataSource, from: number, to: number, lines: number, userId: string): Promise<void> {
  const CHUNK = 2_000_000;
  for (let a = from; a < to; a += CHUNK) {
    const b = Math.min(to, a + CHUNK);
    await ds.query(
      `INSERT INTO spending_entry (plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee, evidence_no, created_by, account_code)
       SELECT l.id, l.plan_id, l.kelurahan_code, $3, l.category,
              make_date($3, 1, 1) + ((hashint4(s) & 2147483647) % 365),
              1000 + (hashint4(s * 31) & 65535),
              'Belanja bench', 'Penyedia', 'KW-' || s, $4, '5.1.02.01.01.0052'
       FROM generate_series($1::int, $2::int - 1) s JOIN bench_line l ON l.rn = 1 + s % $5`,
      [a, b, YEAR, userId, lines],
    );
  }
}

/** The running totals recomputed from the ledger, as the spending service would have kept them entry by entry. */
async function rebuildTotals(ds: DataSource): Promise<void> {
  await ds.query(`TRUNCATE plan_line_month_total, kelurahan_month_total`);
  await ds.query(`
    INSERT INTO plan_line_month_total (plan_line_id, month, amount, entry_count)
    SELECT plan_line_id, extract(month FROM spent_on)::smallint, sum(amount), count(*) FROM spending_entry GROUP BY 1, 2`);
  await ds.query(`
    INSERT INTO kelurahan_month_total (kelurahan_code, year, month, category, amount, entry_count)
    SELECT kelurahan_code, year, extract(month FROM spent_on)::smallint, category, sum(amount), count(*) FROM spending_entry GROUP BY 1, 2, 3, 4`);
  await ds.query(`
    UPDATE plan_line pl SET spent = s.s, entry_count = s.c
    FROM (SELECT plan_line_id, sum(amount) AS s, count(*)::int AS c FROM spending_entry GROUP BY 1) s WHERE pl.id = s.plan_line_id`);
  // As autovacuum would have by then: visibility map for index-only scans, planner statistics for every table.
  await ds.query(`VACUUM ANALYZE spending_entry`);
  await ds.query(`VACUUM ANALYZE plan_line_month_total`);
  await ds.query(`VACUUM ANALYZE kelurahan_month_total`);
  await ds.query(`VACUUM ANALYZE plan_line`);
  await ds.query(`ANALYZE`);
}

/** Baseline: the same realized figures (per child, per category, before/in the period) summed from the ledger. */
async function ledgerAggregate(ds: DataSource, t: Target): Promise<number> {
  const { start, end } = periodRange(YEAR, PERIOD);
  const rows: Array<{ realized: string }> = await ds.query(
    `SELECT left(kelurahan_code, $1) AS code,
            sum(amount) FILTER (WHERE category = 'sarpras' AND spent_on < $2) AS bs,
            sum(amount) FILTER (WHERE category = 'sarpras' AND spent_on >= $2) AS ins,
            sum(amount) FILTER (WHERE category = 'pemberdayaan' AND spent_on < $2) AS bp,
            sum(amount) FILTER (WHERE category = 'pemberdayaan' AND spent_on >= $2) AS inp,
            sum(amount) AS realized
     FROM spending_entry
     WHERE year = $3 AND spent_on <= $4 AND kelurahan_code >= $5 AND kelurahan_code < $6
     GROUP BY 1`,
    [t.childLength, start, YEAR, end, t.code ?? '', t.code === null ? ':' : `${t.code}/`],
  );
  return rows.reduce((a, r) => a + Number(r.realized), 0);
}

async function measure(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: plans and buffers
  const xs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) xs.push(await timeIt(fn));
  return median(xs);
}

interface SummaryRow {
  stage: string;
  target: string;
  serviceMs: number;
  ledgerMs: number;
}

async function measureSummaries(ds: DataSource, service: ReportsService, targets: Target[], stage: string): Promise<SummaryRow[]> {
  const out: SummaryRow[] = [];
  for (const t of targets) {
    const s = await service.summary(NATIONAL_ADMIN, { region: t.code, year: YEAR, period: PERIOD });
    const ledger = await ledgerAggregate(ds, t);
    if (s.totals.realized !== ledger) throw new Error(`${t.label}: report says ${s.totals.realized}, the ledger ${ledger}`);
    const serviceMs = await measure(() => service.summary(NATIONAL_ADMIN, { region: t.code, year: YEAR, period: PERIOD }));
    const ledgerMs = await measure(() => ledgerAggregate(ds, t));
    out.push({ stage, target: t.label, serviceMs, ledgerMs });
    log(`${stage} ${t.label}: service ${fmtMs(serviceMs)} ms, ledger SQL ${fmtMs(ledgerMs)} ms`);
  }
  return out;
}

/** Raw pdfkit drawing the same kecamatan table (same font file, same columns), no template, kop, QR or footer. */
function rawPdfkitTable(model: RealisasiReportModel, regular: string, bold: string): Promise<Buffer> {
  if (model.level === 'kelurahan') throw new Error('aggregate model expected');
  const fonts = { regular, bold };
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, font: fonts.regular });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.fontSize(11).text(model.titleLines.join('\n'), { align: 'center' }).moveDown();
  const table = doc.table({ columnStyles: [24, 90, '*', 90, 90, 90, 90, 50], defaultStyle: { padding: 3, fontSize: 7.5 } as never });
  table.row(['No', 'Kode', 'Nama', 'Pagu', 'Anggaran', 'Realisasi', 'Sisa', '%'].map((text) => ({ text, font: { src: fonts.bold } })) as never);
  for (const r of model.rows) {
    table.row([String(r.no), r.code, r.name, formatNumberId(r.allocation), formatNumberId(r.planned), formatNumberId(r.realizedToDate), formatNumberId(r.remaining), formatPercent(r.percent)]);
  }
  table.end();
  doc.end();
  return done;
}

/** src/ and the bench's child script compiled with swc where node_modules resolves, so workers have real .js files. */
export function compileForBench(): Promise<string> {
  return compileSources('dk-bench-build', [path.join(__dirname, 'pdf-child.ts'), path.join(__dirname, 'synthetic-report.ts')]);
}

interface ChildRender {
  mode: string;
  rows: number;
  ms: number;
  pages: number;
  mb: number;
  maxRssMb: number;
  stallMs: number;
  /** Of the longest stall: the main thread's time on a core, and its time ready but waiting for one (Linux). */
  stallRanMs: number | null;
  stallWaitedMs: number | null;
  /** CPU seconds of the main thread, the busiest other thread and the rest (see pdf-child threadCpu). */
  cpu: { main: number; worker: number; rest: number } | null;
  /** 1-minute load average of the machine before and after the render. */
  load: [number, number];
}

/** One big render in a fresh node process (compiled code, no ts-node), so maxRSS is that render's peak. */
export function childRender(outRoot: string, mode: 'worker' | 'thread' | 'file' | 'raw', rows: number): ChildRender {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const res = spawnSync(process.execPath, [path.join(outRoot, 'test/bench/pdf-child.js'), mode, String(rows)], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (res.status !== 0) throw new Error(`pdf child ${mode} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!);
}

/** A kecamatan report input of `rows` kelurahan (the biggest kecamatan has 20), for the PDF speed comparison. */
function syntheticKecamatan(rows: number) {
  const region = { level: 'kecamatan' as const, kecamatan: { code: '35.73.01', name: 'Blimbing' }, kabkota: { code: '35.73', name: 'Kota Malang' }, provinsi: { code: '35', name: 'Jawa Timur' } };
  return buildRealisasiReportModel({
    region,
    year: YEAR,
    period: PERIOD,
    rows: Array.from({ length: rows }, (_, i) => ({
      code: `35.73.01.${1001 + i}`,
      name: `Kelurahan Nomor ${i + 1}`,
      allocation: 1_000_000_000,
      planned: 900_000_000 + i * 1_000_000,
      realizedBefore: 200_000_000 + i * 3_333,
      realizedInPeriod: 150_000_000 + i * 7_777,
      byCategory: {
        sarpras: { planned: 600_000_000, realizedBefore: 120_000_000, realizedInPeriod: 100_000_000 + i * 7_777 },
        pemberdayaan: { planned: 300_000_000 + i * 1_000_000, realizedBefore: 80_000_000 + i * 3_333, realizedInPeriod: 50_000_000 },
      },
    })),
    signature: { place: 'Malang', date: '2026-10-01', signatories: [{ role: 'camat', name: 'Drs. Bambang Sutrisno, M.Si.', nip: '197205151998031004' }] },
    document: { documentNumber: 'DK/35.73.01/2026/000001', verifyUrl: 'http://localhost:3000/verifikasi/DK%2F35.73.01%2F2026%2F000001', issuedAt: '2026-10-01T00:00:00Z' },
  });
}

/** The PDF half of the bench: kecamatan PDF speed against raw pdfkit, and a ~1,000-page report's memory and stalls. */
async function pdfBench(): Promise<string[]> {
  const model = syntheticKecamatan(20);
  const template = loadReportTemplate('35.73');
  const fonts = dejavuFontFiles();
  const ROUNDS_PDF = 15;
  const med = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) await fn();
    const xs: number[] = [];
    for (let i = 0; i < ROUNDS_PDF; i++) xs.push(await timeIt(fn));
    return median(xs);
  };
  // Interleaved rounds, so load from other work on the machine falls on both alike.
  const kecLoad = [os.loadavg()[0]];
  const projectMs = await med(() => renderReportPdf('realisasi', syntheticKecamatan(20), template));
  const rawMs = await med(() => rawPdfkitTable(model, fonts.regular, fonts.bold));
  const projectMs2 = await med(() => renderReportPdf('realisasi', syntheticKecamatan(20), template));
  const rawMs2 = await med(() => rawPdfkitTable(model, fonts.regular, fonts.bold));
  kecLoad.push(os.loadavg()[0]);
  const project = Math.min(projectMs, projectMs2);
  const raw = Math.min(rawMs, rawMs2);
  log(`kecamatan PDF: project ${fmtMs(project)} ms, raw pdfkit ${fmtMs(raw)} ms`);

  const outRoot = await compileForBench();
  const big: ChildRender[] = [];
  // The worker, as the app runs it, three times: its peak is the number the 200 MB goal is read against.
  for (const mode of ['worker', 'worker', 'worker', 'file', 'raw'] as const) {
    const b = childRender(outRoot, mode, BIG_REPORT_ROWS);
    big.push(b);
    log(`big report ${b.mode}: ${fmtMs(b.ms)} ms, ${b.pages} pages, maxRSS ${b.maxRssMb.toFixed(0)} MB, stall ${b.stallMs.toFixed(0)} ms, load ${b.load.map((l) => l.toFixed(1)).join(' → ')}`);
  }
  const how: Record<string, string> = {
    worker:
      'project renderer in a worker thread, as the app runs it (renderInWorker: model sent in 500-row slices, table rows made as drawn, PDF posted back in 256 KB blocks, heap capped at 56 MB, young generation 16 MB, worker thread at nice 10)',
    file: 'project renderer in the same thread, written to a file as pages finish (writeReportPdf, yielding every 10 ms)',
    raw: 'baseline: raw pdfkit drawing the same rows in the same thread, one doc.table() per page (no kop/QR/footer)',
  };
  const rawBig = big.find((b) => b.mode === 'raw')!;
  return [
    '## PDF',
    '',
    `Kecamatan report, ${model.level === 'kelurahan' ? 0 : model.rows.length} kelurahan rows, median of ${ROUNDS_PDF} renders after 3 warm-ups, best of two interleaved series (load average ${kecLoad.map((l) => l.toFixed(1)).join(' → ')}):`,
    '',
    '| what | ms | ratio to raw pdfkit |',
    '| --- | ---: | ---: |',
    `| model + project renderer (kop, logo, template, signatures, QR, footers, DejaVu) | ${fmtMs(project)} | ${(project / raw).toFixed(2)}× |`,
    `| baseline: raw pdfkit doc.table() of the same rows (DejaVu from its file, no kop/QR/footer) | ${fmtMs(raw)} | 1.00× |`,
    '',
    `Large document: ${BIG_REPORT_ROWS.toLocaleString('en')}-line kelurahan report, each render in a fresh node process (compiled code), peak RSS of that process:`,
    '',
    '| how | s | pages | MB | peak RSS MB | peak RSS ratio to raw | time ratio to raw | longest event-loop stall ms | of it: main thread ran / waited for a core ms | CPU s: main / render worker / other threads | load average before → after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...big.map(
      (b) =>
        `| ${how[b.mode]} | ${(b.ms / 1000).toFixed(1)} | ${b.pages} | ${b.mb.toFixed(1)} | ${b.maxRssMb.toFixed(0)} | ${(b.maxRssMb / rawBig.maxRssMb).toFixed(2)}× | ${(b.ms / rawBig.ms).toFixed(2)}× | ${b.stallMs.toFixed(0)} | ${stallParts(b)} | ${cpuParts(b)} | ${b.load.map((l) => l.toFixed(1)).join(' → ')} |`,
    ),
    '',
    'Peak RSS is the whole process: node and the renderer modules (about 73 MB before anything is built), the model of',
    'every line (built before the render starts, as the app has it from the roll-up; about 40 MB of main-thread heap',
    'for 16,500 lines), and for the worker its own modules, heap and copy of the model.',
    'The stall is the longest gap of a 5 ms timer in the main thread while rendering; on this shared 2-core machine it',
    'also contains the time the thread waited for a core, so it is read together with the load average beside it.',
    "The main thread's schedstat splits it: in the worker runs the main thread itself runs well under a millisecond in",
    'its longest gap (no GC pause, clone or join of note); the rest is time it was ready but every core was busy with',
    "the render worker, V8's helper threads collecting the worker's heap (the other-threads CPU) and other processes.",
    '',
  ];
}

const stallParts = (b: ChildRender) => (b.stallRanMs === null || b.stallWaitedMs === null ? '–' : `${b.stallRanMs.toFixed(1)} / ${b.stallWaitedMs.toFixed(1)}`);
// Outside the worker runs the render is the main thread itself, and every other thread is a helper.
const cpuParts = (b: ChildRender) =>
  !b.cpu ? '–' : b.mode === 'worker' ? `${b.cpu.main.toFixed(1)} / ${b.cpu.worker.toFixed(1)} / ${b.cpu.rest.toFixed(1)}` : `${b.cpu.main.toFixed(1)} / – / ${(b.cpu.worker + b.cpu.rest).toFixed(1)}`;

// REPORTS_BENCH=pdf runs only the PDF half (minutes instead of the national ledger's half hour).
const PDF_ONLY = process.env.REPORTS_BENCH === 'pdf';

export async function run(): Promise<void> {
  // The PDF half needs no database: it goes first, in a process not yet grown by the national data.
  const pdf = await pdfBench();
  if (PDF_ONLY) {
    writeReport('reports-pdf', ['# Reports benchmark: PDF', '', ...pdf].join('\n'));
    return;
  }
  const db = await scratchDatabase('dk_bench_reports');
  const ds = db.ds;
  const service = new ReportsService(new ReportRepository(ds), new RegionScopeService());
  const notes: string[] = [];
  try {
    let t0 = Date.now();
    const { kelurahan, lines, userId } = await loadPlans(ds);
    log(`regions, allocations, ${kelurahan} plans and ${lines} lines in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // The biggest kecamatan and kab/kota by kelurahan count: the worst case of each level.
    const [kec] = await ds.query(`SELECT parent_code AS code, count(*)::int AS n FROM region WHERE level = 'kelurahan' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
    const [kab] = await ds.query(`SELECT left(code, 5) AS code, count(*)::int AS n FROM region WHERE level = 'kelurahan' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
    const targets: Target[] = [
      { label: `kecamatan ${kec.code} (${kec.n} kelurahan)`, code: kec.code, childLength: 13 },
      { label: `kab/kota ${kab.code} (${kab.n} kelurahan)`, code: kab.code, childLength: 8 },
      { label: `nasional (${kelurahan} kelurahan)`, code: null, childLength: 2 },
    ];

    // Stages: a small base, ×10 of it (≥ 2 million rows), and ×10 again when the load fits the time budget.
    const base = Math.ceil(lines * (QUICK ? 0.05 : 0.8));
    const stages = QUICK ? [base, base * 10] : [base, base * 10, base * 100];
    const results: SummaryRow[] = [];
    const loadSeconds: number[] = [];
    let loaded = 0;
    for (const [i, target] of stages.entries()) {
      if (i === 2) {
        const perRow = loadSeconds[1] / (stages[1] - stages[0]);
        const predicted = perRow * (stages[2] - stages[1]) * 1000;
        if (predicted > LOAD_BUDGET_MS && process.env.BENCH_FULL !== '1') {
          notes.push(
            `The step to ${target.toLocaleString('en')} rows was skipped: loading it was predicted at ${(predicted / 60_000).toFixed(1)} min on this machine (budget ${LOAD_BUDGET_MS / 60_000} min; BENCH_FULL=1 runs it). The ×10 comparison is ${stages[0].toLocaleString('en')} → ${stages[1].toLocaleString('en')} rows.`,
          );
          break;
        }
      }
      t0 = Date.now();
      await appendLedger(ds, loaded, target, lines, userId);
      await rebuildTotals(ds);
      loaded = target;
      loadSeconds.push((Date.now() - t0) / 1000);
      log(`ledger at ${target.toLocaleString('en')} rows (+ running totals) after ${loadSeconds[i].toFixed(1)} s`);
      results.push(...(await measureSummaries(ds, service, targets, `${target.toLocaleString('en')} rows`)));
    }

    const byTarget = (stage: string) => results.filter((r) => r.stage === stage);
    const stageNames = [...new Set(results.map((r) => r.stage))];
    const md: string[] = [
      `# Reports benchmark`,
      '',
      `National data from templates/wilayah/kelurahan.csv: ${kelurahan.toLocaleString('en')} kelurahan, ${LINES_PER_KELURAHAN} plan lines each (${lines.toLocaleString('en')} lines), ledger rows spread over ${YEAR} (period ${PERIOD}). Running totals recomputed from the ledger with INSERT … SELECT … GROUP BY. Median of ${ROUNDS} runs after one warm-up; the report's realized total was checked equal to the ledger's sum for every target.`,
      '',
      `Load times (ledger rows + running totals + VACUUM ANALYZE): ${stages
        .slice(0, loadSeconds.length)
        .map((s, i) => `${s.toLocaleString('en')} rows ${loadSeconds[i].toFixed(0)} s`)
        .join(', ')}.`,
      '',
      '## Summary (`ReportsService.summary`, one SQL round trip over the running totals) vs the same aggregate over the ledger',
      '',
      '| ledger rows | target | summary ms | raw SQL over spending_entry ms | ledger / summary |',
      '| --- | --- | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.stage} | ${r.target} | ${fmtMs(r.serviceMs)} | ${fmtMs(r.ledgerMs)} | ${(r.ledgerMs / r.serviceMs).toFixed(1)}× |`),
      '',
    ];
    if (stageNames.length >= 2) {
      md.push('Growth with ten times more ledger rows:', '', '| target | rows | summary growth | ledger SQL growth |', '| --- | --- | ---: | ---: |');
      for (let i = 1; i < stageNames.length; i++) {
        const a = byTarget(stageNames[i - 1]);
        const b = byTarget(stageNames[i]);
        a.forEach((x, j) => md.push(`| ${x.target} | ${stageNames[i - 1]} → ${stageNames[i]} | ${(b[j].serviceMs / x.serviceMs).toFixed(2)}× | ${(b[j].ledgerMs / x.ledgerMs).toFixed(2)}× |`));
      }
      md.push('');
    }
    md.push(...pdf, `Process maxRSS of the bench over the whole run (ts-node, national data): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`);
    if (notes.length) md.push('', ...notes.map((n) => `Note: ${n}`));
    writeReport('reports', md.join('\n'));
  } finally {
    await db.drop();
  }
}

import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppModule } from '../../src/app.module';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { validateConfig } from '../../src/config/app-config';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { FundService } from '../../src/modules/books/fund.service';
import { suggestTaxes } from '../../src/modules/books/tax/tax-rules';
import { RegionsService } from '../../src/modules/regions/regions.service';
import { buildBkuModel, type BkuModel } from '../../src/modules/reports/books/bku.model';
import { buildBkuXlsx } from '../../src/modules/reports/books/bku.xlsx';
import { bookSignatories } from '../../src/modules/reports/books/books-layout-parts';
import { BooksRepository } from '../../src/modules/reports/books/books.repository';
import { renderReportPdf } from '../../src/modules/reports/pdf/report-renderer';
import { loadReportTemplate } from '../../src/modules/reports/pdf/report-template';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { fmtMs, median, scratchDatabase, timeIt } from './bench-db';
import { writeReport } from './report';

const KELURAHAN = '35.73.01.1001';
const YEAR = 2026;
const MONTH = 3;
const QUICK = process.env.BENCH_QUICK === '1';
const PAYMENTS = QUICK ? 100 : 1_000;
const ROUNDS = QUICK ? 2 : 3;

const log = (msg: string) => console.log(`[books bench] ${msg}`);

/** Time and peak RSS (sampled every 5 ms) of one call. */
async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMb: number; result: T }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakMb: (peak - base) / 1048576, result };
}

export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_books');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-bench-books-'));
  // The real application context (services, runner, audit), without HTTP: what is measured is the pipeline.
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(validateConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, DATA_DIR: dataDir, SEED_DEMO: 'false' })),
    { logger: false },
  );
  try {
    const { ds } = db;
    await app.get(RegionsService).import(fs.createReadStream(NATIONAL_REGION_FILE), { kabkota: '35.73', actor: null });
    const [user] = await ds.query(
      `INSERT INTO app_user (username, password_hash, full_name, nip, rank, role, region_code)
       VALUES ('bench.bendahara', 'x', 'Bendahara Uji', '199102052015031001', 'Penata Muda (III/a)', 'bendahara', $1) RETURNING id`,
      [KELURAHAN],
    );
    const bendahara: AuthUser = { id: user.id, username: 'bench.bendahara', fullName: 'Bendahara Uji', role: 'bendahara', regionCode: KELURAHAN };
    // One approved plan with one line large enough for every payment (plans are not what this measures).
    const lineId = await ds.transaction(async (m) => {
      const [plan] = await m.query(`INSERT INTO plan (kelurahan_code, year, latest_version, in_force_version) VALUES ($1, $2, 1, 1) RETURNING id`, [KELURAHAN, YEAR]);
      await m.query(`INSERT INTO plan_version (plan_id, version, status, total, total_pemberdayaan, approved_at) VALUES ($1, 1, 'approved', 10000000000000, 10000000000000, now())`, [plan.id]);
      const [line] = await m.query(`INSERT INTO plan_line (plan_id, kelurahan_code, year) VALUES ($1, $2, $3) RETURNING id`, [plan.id, KELURAHAN, YEAR]);
      await m.query(
        `INSERT INTO plan_line_version (plan_id, version, line_id, category, sub_type, description, account_code, volume, unit, unit_price, amount)
         VALUES ($1, 1, $2, 'pemberdayaan', 'B4', 'Belanja barang uji beban', '5.1.02.01.01.0024', 1, 'PAKET', 10000000000000, 10000000000000)`,
        [plan.id, line.id],
      );
      return line.id as string;
    });

    const spending = app.get(SpendingService);
    await app.get(FundService).record(bendahara, { kelurahanCode: KELURAHAN, kind: 'TU', account: 'BANK', date: `${YEAR}-03-01`, amount: 9_000_000_000, documentNo: 'SP2D/TU/BENCH', documentDate: `${YEAR}-03-01` });
    log(`booking ${PAYMENTS} payments through SpendingService …`);
    const tBook = performance.now();
    for (let i = 0; i < PAYMENTS; i++) {
      const date = `${YEAR}-03-${String(1 + (i % 28)).padStart(2, '0')}`;
      const amount = 2_500_000 + (i % 97) * 10_000;
      const taxes = i % 2 ? suggestTaxes({ date, amount, kind: 'BARANG' }).map(({ type, base, rate, amount: a }) => ({ type, base, rate, amount: a })) : [];
      await spending.record(bendahara, {
        planLineId: lineId, date, amount, description: `Belanja barang uji beban nomor ${i + 1}`, payee: 'CV Uji Beban', evidenceNo: `${i + 1}/TBP/BENCH/${YEAR}`,
        method: i % 5 ? 'BANK' : 'TUNAI', taxes,
      });
    }
    const bookMs = performance.now() - tBook;
    const repo = new BooksRepository(ds);
    const [{ n: postings }] = await ds.query(`SELECT count(*)::int AS n FROM cash_posting WHERE extract(month FROM posted_on) = $1`, [MONTH]);
    log(`${PAYMENTS} payments → ${postings} BKU rows in ${fmtMs(bookMs)} ms`);

    // Baseline: the plain SQL that sums the same rows.
    const baselineRuns: number[] = [];
    for (let r = 0; r < ROUNDS; r++) baselineRuns.push(await timeIt(() => repo.bkuTotals(KELURAHAN, YEAR, MONTH)));
    const baseline = median(baselineRuns);
    const totals = await repo.bkuTotals(KELURAHAN, YEAR, MONTH);

    const template = loadReportTemplate('35.73');
    const modelOnce = async (): Promise<BkuModel> => ds.transaction('REPEATABLE READ', async (m) => {
      const region = (await repo.region(m, KELURAHAN))!;
      const data = await repo.bku(m, KELURAHAN, YEAR, MONTH);
      const people = await repo.people(m, KELURAHAN);
      const issuedAt = new Date();
      return buildBkuModel({
        ...data, region, year: YEAR, month: MONTH,
        signature: { place: 'Malang', date: issuedAt, signatories: bookSignatories(region.kelurahan!.name, people.lurah, people.bendahara) },
        document: { documentNumber: `DK/${KELURAHAN}/${YEAR}/000001`, verifyUrl: 'http://localhost:3000/api/documents/x', issuedAt },
      });
    });
    const model = await modelOnce();
    if (model.thisMonth.receipts !== totals.receipts || model.thisMonth.payments !== totals.payments || model.lines.length !== totals.rows) {
      throw new Error('BKU model totals differ from the plain SQL sums');
    }
    const sqlModel: number[] = [];
    const pdf: Array<{ ms: number; peakMb: number }> = [];
    const xlsx: Array<{ ms: number; peakMb: number }> = [];
    let pages = 0;
    let pdfBytes = 0;
    let xlsxBytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      sqlModel.push(await timeIt(modelOnce));
      const p = await measure(() => renderReportPdf('bku', model, template));
      pdf.push(p);
      pages = (p.result.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
      pdfBytes = p.result.length;
      const x = await measure(() => buildBkuXlsx(model, new Date()));
      xlsx.push(x);
      xlsxBytes = x.result.length;
    }
    const med = (xs: Array<{ ms: number }>) => median(xs.map((x) => x.ms));
    const peak = (xs: Array<{ peakMb: number }>) => Math.max(...xs.map((x) => x.peakMb));
    const ratio = (ms: number) => `${(ms / baseline).toFixed(0)}×`;
    const rows = [
      `| plain SQL sum of the month's rows (baseline) | ${fmtMs(baseline)} | – | 1× | – |`,
      `| BKU SQL → model (rows, saldo, totals, composition) | ${fmtMs(median(sqlModel))} | – | ${ratio(median(sqlModel))} | ${totals.rows} rows |`,
      `| BKU PDF render (model → ${pages} pages, ${(pdfBytes / 1024).toFixed(0)} KB) | ${fmtMs(med(pdf))} | ${peak(pdf).toFixed(0)} | ${ratio(med(pdf))} | – |`,
      `| BKU XLSX build (${(xlsxBytes / 1024).toFixed(0)} KB) | ${fmtMs(med(xlsx))} | ${peak(xlsx).toFixed(0)} | ${ratio(med(xlsx))} | – |`,
    ];
    writeReport(
      'books',
      [
        `## BKU of one month with ${PAYMENTS} payments (${totals.rows} BKU rows: payments, taxes withheld, one receipt)`,
        '',
        `Median of ${ROUNDS} rounds; peak = highest RSS growth over the call, sampled every 5 ms. Booking the ${PAYMENTS} payments through`,
        `SpendingService (line lock, taxes, postings, audit) took ${(bookMs / 1000).toFixed(1)} s (${fmtMs(bookMs / PAYMENTS)} ms per payment).`,
        `Load average at the end of the run: ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores.`,
        '',
        '| step | median ms | peak MB | vs baseline | |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
        '',
        'Command: `npm run bench -- books` (BENCH_QUICK=1 for a smoke run on 100 payments).',
      ].join('\n'),
    );
  } finally {
    await app.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

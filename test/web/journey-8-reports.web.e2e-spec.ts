import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Download, Page } from 'playwright-core';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { formatNumberId, formatPercent } from '../../src/common/money/rupiah';
import { BookPeriodService } from '../../src/modules/books/book-period.service';
import { FundService } from '../../src/modules/books/fund.service';
import { BooksDocumentsService } from '../../src/modules/reports/books/books-documents.service';
import { ReportsService } from '../../src/modules/reports/reports.service';
import { pdfText } from '../helpers/pdf-text';
import { createApprovedPlan, spend } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, login, signedIn, startWebApp, WebApp } from './browser';
import { testText } from './plan-helpers';

// Kecamatan Blimbing (Kota Malang): Balearjosari and Arjosari spend in Q2; Klojen is another kecamatan.
const KEC = '35.73.01';
const K1 = '35.73.01.1001';
const K2 = '35.73.01.1002';
const OTHER_KEC = '35.73.02';
const YEAR = 2026;
// A report of more than one row renders as a job: the kecamatan report (one row per kelurahan with figures) does,
// a kelurahan report with one plan line does not. This app only queues; a second instance on the same database works.
const JOBS = { REPORT_JOB_MIN_ROWS: '1', REPORT_JOB_POLL_SECONDS: '0.5' };
// A long journey (a second app instance, several PDFs) on a shared, busy machine.
jest.setTimeout(240_000);

async function bytesOf(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await bytesOf(download) };
}

const person = (u: { id: string; username: string }, role: AuthUser['role'], regionCode: string, fullName: string): AuthUser => ({ id: u.id, username: u.username, role, regionCode, fullName });

describe('journey 8: the camat downloads reports of the kecamatan and sees who is late with their books', () => {
  let w: WebApp;
  let worker: TestApp | null = null;
  let documents: string;
  let camat: AuthUser;
  let bendahara: AuthUser;
  let admin: AuthUser;

  beforeAll(async () => {
    documents = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-laporan-'));
    w = await startWebApp({ ...JOBS, REPORT_JOB_WORKER: 'false', DOCUMENT_STORAGE_DIR: documents });
    const t = { app: w.app, db: w.db } as never;
    await importKabkota(t, '35.73');
    camat = person(await insertUser(w.db, 'camat', KEC, { fullName: 'Drs. Hendra Wijaya' }), 'camat', KEC, 'Drs. Hendra Wijaya');
    bendahara = person(await insertUser(w.db, 'bendahara', K1, { fullName: 'Rina Kusuma' }), 'bendahara', K1, 'Rina Kusuma');
    admin = person(await insertUser(w.db, 'admin', '35.73', { fullName: 'Bambang Sutrisno' }), 'admin', '35.73', 'Bambang Sutrisno');
    const line = (description: string, unitPrice: number) => ({ category: 'sarpras' as const, subType: 'A1', accountCode: '5.1.02.01.01.0024', description, volume: 1, unit: 'PAKET', unitPrice });
    const p1 = await createApprovedPlan(t, { kelurahanCode: K1, year: YEAR, allocation: 400_000_000, lines: [line('Saluran drainase RW 02', 120_000_000)] });
    const p2 = await createApprovedPlan(t, { kelurahanCode: K2, year: YEAR, allocation: 350_000_000, lines: [line('Paving jalan RT 03', 90_000_000)] });
    // Balearjosari receives its TU in cash before paying, so April balances and can be closed.
    await w.app.get(FundService).record(bendahara, { kelurahanCode: K1, kind: 'TU', account: 'TUNAI', date: '2026-04-01', amount: 100_000_000, documentNo: 'SP2D/TU/001', documentDate: '2026-04-01' });
    await spend(t, p1, 0, '2026-03-20', 5_000_000);
    await spend(t, p1, 0, '2026-04-15', 25_000_000);
    await spend(t, p2, 0, '2026-05-10', 12_500_000);
  });
  afterAll(async () => {
    await worker?.close();
    await w?.close();
    fs.rmSync(documents, { recursive: true, force: true });
  });

  it('Laporan: Q2 of the kecamatan as XLSX and CSV, the PDF as a job with progress (with and without JavaScript), then the kelurahan documents', async () => {
    const username = (await w.db.query('SELECT username FROM app_user WHERE id = $1', [camat.id]))[0].username;
    const page = await signedIn(w, username);
    const csp = collectCspViolations(page);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan' }).click();
    await page.waitForURL(/\/laporan$/);
    await expect(testText(page, 'laporan-wilayah')).resolves.toContain('Kecamatan Blimbing');
    await page.getByLabel('Tahun').fill(String(YEAR));
    await page.getByLabel('Periode', { exact: true }).selectOption('Q2');
    await Promise.all([page.waitForURL(/periode=Q2/), page.getByRole('button', { name: 'Tampilkan' }).click()]);
    expect(new URL(page.url()).searchParams.get('wilayah')).toBe(KEC);
    await checkPage(page, 'laporan-kecamatan');

    // The figures the files must carry: the report service's own.
    const s = await w.app.get(ReportsService).summary(camat, { region: KEC, year: YEAR, period: 'Q2' });
    expect(s.totals.realized).toBe(42_500_000);
    expect(s.totals.realizedInPeriod).toBe(37_500_000);
    await expect(testText(page, 'fig-realisasi')).resolves.toBe(`Rp ${formatNumberId(42_500_000)}`);

    const xlsx = await downloadBy(page, () => page.getByTestId('unduh-xlsx').click());
    expect(xlsx.name).toBe(`realisasi-${KEC}-${YEAR}-Q2.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const cells = book.worksheets.flatMap((ws) => ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])));
    expect(cells).toContain('Balearjosari');
    expect(cells).toContain(30_000_000);
    expect(cells).toContain(12_500_000);

    const csv = await downloadBy(page, () => page.getByTestId('unduh-csv').click());
    expect(csv.name).toBe(`realisasi-${KEC}-${YEAR}-Q2.csv`);
    const csvText = csv.bytes.toString('utf8');
    expect(csvText).toMatch(/35\.73\.01\.1001.*Balearjosari.*30000000/);
    expect(csvText).toMatch(/35\.73\.01\.1002.*Arjosari.*12500000/);

    // The PDF is large enough to be a job: its progress page, polling a status fragment, nothing to download yet.
    await Promise.all([page.waitForURL(/\/laporan\/pekerjaan\/[0-9a-f-]{36}$/), page.getByTestId('unduh-pdf').click()]);
    const jobUrl = page.url();
    const status = page.getByTestId('job-state');
    await expect(status.getAttribute('data-state')).resolves.toBe('created');
    await expect(status.getAttribute('hx-trigger')).resolves.toBe('every 2s');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Menunggu giliran dibuat');
    await expect(page.getByTestId('job-download').count()).resolves.toBe(0);
    await checkPage(page, 'laporan-pekerjaan');
    // Polling keeps answering "not yet" while no worker runs; the fragment comes without the layout.
    const fragment = await page.request.get(`${new URL(jobUrl).pathname}/status`, { headers: { 'HX-Request': 'true' } });
    expect(fragment.status()).toBe(200);
    const fragmentHtml = await fragment.text();
    expect(fragmentHtml).toContain('data-state="created"');
    expect(fragmentHtml).not.toContain('<html');
    // The file is not there yet: its URL leads back to the progress page.
    const early = await page.request.get(`${new URL(jobUrl).pathname}/berkas`, { maxRedirects: 0 });
    expect(early.status()).toBe(303);
    expect(early.headers()['location']).toBe(new URL(jobUrl).pathname);

    // Without JavaScript the same progress page is checked again by a plain link.
    const noJs = await w.browser.newContext({ baseURL: w.baseUrl, javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const plain = await noJs.newPage();
    await login(plain, username);
    await plain.goto(`/laporan?wilayah=${KEC}&tahun=${YEAR}&periode=S1`);
    await Promise.all([plain.waitForURL(/\/laporan\/pekerjaan\//), plain.getByTestId('unduh-pdf').click()]);
    const plainJobUrl = plain.url();
    await Promise.all([plain.waitForLoadState('load'), plain.getByRole('link', { name: 'Periksa lagi' }).click()]);
    expect(plain.url()).toBe(plainJobUrl);
    await expect(plain.getByTestId('job-state').getAttribute('data-state')).resolves.toBe('created');

    // Another instance with a worker takes the jobs; the page, still open, offers the file without a reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 8));
    worker = await createTestApp({ ...JOBS, DOCUMENT_STORAGE_DIR: documents }, { database: w.database, keepDatabase: true });
    await page.getByTestId('job-download').waitFor({ timeout: 60_000 });
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(8);
    expect(page.url()).toBe(jobUrl);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Laporan siap');
    await checkPage(page, 'laporan-pekerjaan-siap');

    const pdf = await downloadBy(page, () => page.getByTestId('job-download').click());
    expect(pdf.name).toBe(`realisasi-${KEC}-${YEAR}-Q2.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pdfText(pdf.bytes)).text;
    const flat = text.replace(/\s+/g, ' ');
    const n = formatNumberId;
    const t0 = s.totals;
    expect(flat).toContain(`JUMLAH TOTAL ${n(t0.allocation)} ${n(t0.planned)} ${n(t0.realizedBefore)} ${n(t0.realizedInPeriod)} ${n(t0.realized)} ${n(t0.remaining)} ${formatPercent(t0.absorption)}`);
    expect(flat).toContain('TRIWULAN II TAHUN ANGGARAN 2026');
    const number = await page.locator('[data-testid="job-state"] strong').textContent();
    expect(number).toMatch(/^DK\/35\.73\.01\/2026\/\d{6}$/);
    expect(flat).toContain(number!);

    // The page without JavaScript gets there by checking again.
    for (let i = 0; i < 120 && (await plain.getByTestId('job-download').count()) === 0; i++) {
      await plain.waitForTimeout(500);
      await Promise.all([plain.waitForLoadState('load'), plain.getByRole('link', { name: 'Periksa lagi' }).click()]);
    }
    const plainPdf = await downloadBy(plain, () => plain.getByTestId('job-download').click());
    expect(plainPdf.name).toBe(`realisasi-${KEC}-${YEAR}-S1.pdf`);
    expect((await pdfText(plainPdf.bytes)).text).toContain('SEMESTER I TAHUN ANGGARAN 2026');
    await noJs.close();

    // Nobody else sees the job.
    const other = await signedIn(w, (await w.db.query('SELECT username FROM app_user WHERE id = $1', [bendahara.id]))[0].username);
    const foreign = await other.goto(jobUrl);
    expect(foreign?.status()).toBe(404);

    // Down to a kelurahan: its one-line report comes at once, and its plan and month books are offered.
    await page.goto(`/laporan?wilayah=${KEC}&tahun=${YEAR}&periode=Q2`);
    await Promise.all([page.waitForURL(new RegExp(`wilayah=${K1.replace(/\./g, '\\.')}`)), page.getByRole('link', { name: 'Buka laporan Balearjosari' }).click()]);
    await expect(testText(page, 'laporan-wilayah')).resolves.toContain('Kelurahan Balearjosari');
    await checkPage(page, 'laporan-kelurahan');
    const kelPdf = await downloadBy(page, () => page.getByTestId('unduh-pdf').click());
    expect(kelPdf.name).toBe(`realisasi-${K1}-${YEAR}-Q2.pdf`);
    const kelText = (await pdfText(kelPdf.bytes)).text;
    expect(kelText).toContain('Saluran drainase RW 02');
    expect(kelText.replace(/\s+/g, ' ')).toContain(n(25_000_000));
    const plan = await downloadBy(page, () => page.getByTestId('unduh-rencana').click());
    expect(plan.name).toBe(`rencana-${K1}-${YEAR}-v1.pdf`);
    expect((await pdfText(plan.bytes)).text).toContain('RENCANA KEGIATAN DAN ANGGARAN KELURAHAN');
    await page.getByLabel('Bulan', { exact: true }).selectOption('4');
    // With every document above the job threshold here, the month's BKU is a job too: its progress page, then the file.
    await Promise.all([page.waitForURL(/\/laporan\/pekerjaan\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'BKU (PDF)' }).click()]);
    await page.getByTestId('job-download').waitFor({ timeout: 60_000 });
    const bku = await downloadBy(page, () => page.getByTestId('job-download').click());
    await page.goBack();
    expect(bku.name).toBe(`bku-${K1}-${YEAR}-M04.pdf`);
    expect((await pdfText(bku.bytes)).text.replace(/\s+/g, ' ')).toContain(n(25_000_000));
    const bkuXlsx = await downloadBy(page, () => page.getByRole('button', { name: 'BKU (XLSX)' }).click());
    expect(bkuXlsx.name).toBe(`bku-${K1}-${YEAR}-M04.xlsx`);
    expect(csp).toEqual([]);
  });

  it('Kelengkapan: after the bendahara closes April, the matrix shows it closed for Balearjosari only', async () => {
    await w.app.get(BookPeriodService).close(bendahara, K1, YEAR, 4);
    await w.app.get(BooksDocumentsService).lpjPdf(bendahara, { kelurahan: K1, year: YEAR, month: 4 });

    const page = await signedIn(w, (await w.db.query('SELECT username FROM app_user WHERE id = $1', [camat.id]))[0].username);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Kelengkapan' }).click();
    await page.waitForURL(/\/kelengkapan$/);
    await page.getByLabel('Tahun').fill(String(YEAR));
    await Promise.all([page.waitForURL(/tahun=2026/), page.getByRole('button', { name: 'Tampilkan' }).click()]);

    const cell = (code: string, month: number) => page.getByTestId(`cell-${code}-${month}`);
    const closedK1 = cell(K1, 4);
    await expect(closedK1.getAttribute('data-closed')).resolves.toBe('true');
    await expect(closedK1.textContent()).resolves.toMatch(/✓\s*Tutup buku:\s*Ditutup[\s\S]*LPJ terbit[\s\S]*Bukti kurang 1 dari 1/);
    for (const [code, month] of [[K1, 3], [K1, 5], [K2, 4], [K2, 5]] as Array<[string, number]>) {
      await expect(cell(code, month).getAttribute('data-closed')).resolves.toBe('false');
      await expect(cell(code, month).textContent()).resolves.toMatch(/✗\s*Tutup buku:\s*Belum ditutup/);
    }
    await expect(cell(K2, 4).textContent()).resolves.toContain('LPJ belum');
    await expect(cell(K2, 4).textContent()).resolves.toContain('Tanpa pembayaran');
    await expect(cell(K2, 5).textContent()).resolves.toContain('Bukti kurang 1 dari 1');
    // All of 2026 has ended by the time these run except, at most, December.
    await expect(page.getByTestId(`row-${K1}`).textContent()).resolves.toMatch(/(10|11) bulan belum ditutup/);
    await expect(testText(page, 'late-summary')).resolves.toContain('11 dari 11 kelurahan');
    // On a phone the matrix scrolls inside its own box (checkPage refuses a page that scrolls sideways).
    await page.setViewportSize({ width: 360, height: 740 });
    const box = page.getByRole('region', { name: 'Matriks kelengkapan laporan per kelurahan dan bulan' });
    await expect(box.evaluate((el) => el.scrollWidth > el.clientWidth)).resolves.toBe(true);
    await page.setViewportSize({ width: 1366, height: 768 });
    await checkPage(page, 'kelengkapan');
  });

  it('an admin picks a kecamatan first, from the kab/kota or (a national admin) from the nation down', async () => {
    const page = await signedIn(w, (await w.db.query('SELECT username FROM app_user WHERE id = $1', [admin.id]))[0].username);
    await page.goto(`/kelengkapan?tahun=${YEAR}`);
    await expect(page.getByTestId('region-choices').textContent()).resolves.toContain('Blimbing');
    await checkPage(page, 'kelengkapan-pilih');
    await Promise.all([page.waitForURL(new RegExp(`wilayah=${KEC.replace(/\./g, '\\.')}`)), page.getByRole('link', { name: 'Blimbing', exact: true }).click()]);
    await expect(page.locator('table.completeness tbody tr').count()).resolves.toBe(11);
    await expect(page.getByTestId(`cell-${K2}-5`).textContent()).resolves.toContain('Bukti kurang 1 dari 1');
    await page.goto(`/laporan?wilayah=35.73&tahun=${YEAR}&periode=FY`);
    await expect(testText(page, 'laporan-wilayah')).resolves.toContain('Kota Malang');
    await checkPage(page, 'laporan-kabkota');

    // A national admin starts from the nation: no numbered PDF for it, the exports and the provinces to open.
    const national = await insertUser(w.db, 'admin', null, { fullName: 'Admin Nasional' });
    const np = await signedIn(w, national.username);
    await np.goto(`/laporan?tahun=${YEAR}`);
    await expect(testText(np, 'laporan-wilayah')).resolves.toContain('Indonesia');
    await expect(np.getByTestId('unduh-pdf').count()).resolves.toBe(0);
    await expect(np.getByTestId('unduh-csv').getAttribute('href')).resolves.toBe(`/laporan/realisasi.csv?tahun=${YEAR}&periode=FY`);
    await np.getByRole('link', { name: 'Buka laporan Jawa Timur' }).waitFor();
    await np.goto(`/kelengkapan?tahun=${YEAR}`);
    await Promise.all([np.waitForURL(/wilayah=35&/), np.getByRole('link', { name: 'Jawa Timur', exact: true }).click()]);
    await Promise.all([np.waitForURL(/wilayah=35\.73&/), np.getByRole('link', { name: 'Kota Malang', exact: true }).click()]);
    await expect(np.getByTestId('region-choices').textContent()).resolves.toContain('Blimbing');
  });

  it('a region out of scope, or one that does not exist, is the 404 page on every route', async () => {
    const page = await signedIn(w, (await w.db.query('SELECT username FROM app_user WHERE id = $1', [camat.id]))[0].username);
    for (const url of [
      `/laporan?wilayah=${OTHER_KEC}&tahun=${YEAR}&periode=Q2`,
      `/laporan?wilayah=35.73.01.1999&tahun=${YEAR}`,
      `/laporan?wilayah=bukan-kode&tahun=${YEAR}`,
      `/laporan?wilayah=${KEC}&tahun=${YEAR}&periode=Q9`,
      `/laporan/realisasi.pdf?wilayah=${OTHER_KEC}&tahun=${YEAR}&periode=Q2`,
      `/laporan/realisasi.xlsx?wilayah=${OTHER_KEC}&tahun=${YEAR}`,
      `/laporan/realisasi.csv?wilayah=35.73&tahun=${YEAR}`,
      `/laporan/rencana.pdf?wilayah=35.73.02.1001&tahun=${YEAR}`,
      `/laporan/bku.pdf?wilayah=35.73.02.1001&tahun=${YEAR}&bulan=4`,
      `/laporan/lpj.pdf?wilayah=${K1}&tahun=${YEAR}&bulan=13`,
      '/laporan/pekerjaan/00000000-0000-4000-8000-000000000000',
      `/kelengkapan?wilayah=${OTHER_KEC}&tahun=${YEAR}`,
      `/kelengkapan?wilayah=35.73&tahun=${YEAR}`,
    ]) {
      const res = await page.goto(url);
      expect([url, res?.status()]).toEqual([url, 404]);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Halaman tidak ditemukan');
    }
    // A lurah sees the reports of the own kelurahan, and no Kelengkapan.
    const lurah = await insertUser(w.db, 'lurah', K2, { fullName: 'Siti Rahmawati' });
    const lp = await signedIn(w, lurah.username);
    await lp.goto('/laporan');
    await expect(testText(lp, 'laporan-wilayah')).resolves.toContain('Kelurahan Arjosari');
    expect((await lp.goto(`/laporan?wilayah=${K1}`))?.status()).toBe(404);
    expect((await lp.goto('/kelengkapan'))?.status()).toBe(403);
  });
});

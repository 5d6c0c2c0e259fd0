import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { BookPeriodService } from '../../src/modules/books/book-period.service';
import { RegionsService } from '../../src/modules/regions/regions.service';
import { ReportsService } from '../../src/modules/reports/reports.service';
import { rupiah } from '../../src/web/format';
import { formatNumberId, formatPercent } from '../../src/common/money/rupiah';
import { pdfText } from '../helpers/pdf-text';
import { currentYear } from '../../src/web/plans/plan-view';
import { createPlanInState, spend, type CreatedPlan } from '../helpers/plans';
import { ledgerSum } from '../helpers/report-fixtures';
import { insertUser } from '../helpers/users';
import { FlagsService } from '../../src/modules/flags/flags.service';
import { checkPage, collectCspViolations, SCREENS_DIR, signedIn, startWebApp, WebApp } from './browser';

const YEAR = currentYear();
const KEC = '35.73.01'; // Blimbing, 11 kelurahan
const BALEARJOSARI = '35.73.01.1001';
const ARJOSARI = '35.73.01.1002';
const POLOWIJEN = '35.73.01.1003';
const PURWODADI = '35.73.01.1004';
const line = (subType: string, description: string, amount: number) => ({
  category: subType.startsWith('A') ? ('sarpras' as const) : ('pemberdayaan' as const),
  subType: subType as never,
  description,
  accountCode: subType.startsWith('A') ? '5.2.04.01.01.0001' : '5.1.02.01.01.0052',
  volume: 1,
  unit: 'PAKET',
  unitPrice: amount,
});

/** The text of every cell of one column of the dashboard table, top to bottom. */
const column = (page: Page, col: string) => page.locator(`[data-testid="dash-table"] tbody td[data-col="${col}"]`).allTextContents();
const rowNames = (page: Page) => page.locator('[data-testid="dash-table"] tbody th[scope="row"]').allTextContents();
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();
const pct = (p: number) => `${formatPercent(p)} %`;

describe('journey 7: the camat reads the dashboard, filters, sorts and drills down; the national admin pages through it', () => {
  let w: WebApp;
  let camat: { id: string; username: string };
  let admin: { id: string; username: string };
  let plans: Record<string, CreatedPlan>;

  beforeAll(async () => {
    w = await startWebApp();
    // The whole country, so that the national view has something to page through.
    await w.app.get(RegionsService).import(fs.createReadStream(NATIONAL_REGION_FILE), { actor: null });
    camat = await insertUser(w.db, 'camat', KEC, { fullName: 'Drs. Hendra Wijaya' });
    admin = await insertUser(w.db, 'admin', null, { fullName: 'Admin Nasional' });
    const camatActor = { ...camat, role: 'camat' as const, regionCode: KEC };
    const t = { app: w.app, db: w.db } as never;
    const make = (code: string, state: 'approved' | 'submitted', lines: ReturnType<typeof line>[]) =>
      createPlanInState(t, state, { kelurahanCode: code, year: YEAR, allocation: 500_000_000, camat: camatActor, lines });
    plans = {
      [BALEARJOSARI]: await make(BALEARJOSARI, 'approved', [line('A1', 'Saluran drainase RW 03', 100_000_000), line('B4', 'Pelatihan kader LPM', 50_000_000)]),
      [ARJOSARI]: await make(ARJOSARI, 'approved', [line('A2', 'Jalan lingkungan RW 05', 200_000_000), line('B1', 'Posyandu balita', 20_000_000)]),
      [POLOWIJEN]: await make(POLOWIJEN, 'approved', [line('A3', 'MCK komunal RW 02', 80_000_000)]),
      [PURWODADI]: await make(PURWODADI, 'submitted', [line('A1', 'Sumur resapan', 60_000_000)]),
    };
    // Balearjosari: Q1 10 jt and Q2 30 jt on the drainase, Q3 5 jt on the pelatihan (outside Q2).
    await spend(t, plans[BALEARJOSARI], 0, `${YEAR}-02-10`, 10_000_000);
    await spend(t, plans[BALEARJOSARI], 0, `${YEAR}-05-15`, 30_000_000);
    await spend(t, plans[BALEARJOSARI], 1, `${YEAR}-08-01`, 5_000_000);
    await spend(t, plans[ARJOSARI], 0, `${YEAR}-04-20`, 150_000_000);
    await spend(t, plans[POLOWIJEN], 0, `${YEAR}-06-30`, 8_000_000);
    // Polowijen's bendahara closes January (nothing booked yet, so the books balance).
    const bendahara = await insertUser(w.db, 'bendahara', POLOWIJEN);
    await w.app.get(BookPeriodService).close({ id: bendahara.id, username: bendahara.username, fullName: 'Bendahara', role: 'bendahara', regionCode: POLOWIJEN }, POLOWIJEN, YEAR, 1);
  });
  afterAll(async () => w?.close());

  it('filters Q2, sorts by serapan, drills into a kelurahan and its lines; the figures are the SQL figures', async () => {
    const page = await signedIn(w, camat.username);
    const csp = collectCspViolations(page);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Dasbor' }).click();
    await page.waitForURL(/\/dasbor/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Dasbor Kecamatan Blimbing');
    await checkPage(page, 'dasbor-camat-kecamatan');

    // Filter: Triwulan II of the year, through the form (a plain GET).
    await page.getByLabel('Periode').selectOption('Q2');
    await page.getByLabel('Tahun').selectOption(String(YEAR));
    await Promise.all([page.waitForURL(/periode=Q2/), page.getByRole('button', { name: 'Tampilkan' }).click()]);
    await expect(text(page, 'dash-period')).resolves.toContain('Triwulan II');

    // Sort by serapan: the header is a link; first click sorts high to low, and says so with aria-sort.
    const serapanHeader = page.locator('[data-testid="dash-table"] thead th', { has: page.locator('a[data-sort="serapan"]') });
    await Promise.all([page.waitForURL(/urut=serapan/), serapanHeader.getByRole('link').click()]);
    await expect(serapanHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    const values = (await page.locator('[data-testid="dash-table"] tbody td[data-col="serapan"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))))).map(Number);
    expect(values).toHaveLength(11);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    const names = await rowNames(page);
    expect(names.slice(0, 3).map((n) => n.trim())).toEqual(['Arjosari', 'Balearjosari', 'Polowijen']);

    // Every row equals the report service's figures for the same request (and the ledger itself for the total).
    const user = { id: camat.id, username: camat.username, fullName: 'Drs. Hendra Wijaya', role: 'camat' as const, regionCode: KEC };
    const summary = await w.app.get(ReportsService).summary(user, { region: KEC, year: YEAR, period: 'Q2' });
    const byName = new Map(summary.children.map((c) => [c.name, c]));
    const [pagu, rencana, realisasi, sisa, serapan] = await Promise.all(['pagu', 'rencana', 'realisasi', 'sisa', 'serapan'].map((c) => column(page, c)));
    names.forEach((n, i) => {
      const c = byName.get(n.trim())!;
      expect([pagu[i], rencana[i], realisasi[i], sisa[i], serapan[i]]).toEqual([rupiah(c.allocation), rupiah(c.planned), rupiah(c.realized), rupiah(c.remaining), pct(c.absorption)]);
    });
    expect(serapan.slice(0, 3)).toEqual(['68,18 %', '26,67 %', '10,00 %']);
    await expect(text(page, 'fig-realisasi')).resolves.toBe(rupiah(await ledgerSum(w.db, KEC, YEAR, `${YEAR}-06-30`)));
    await expect(text(page, 'fig-realisasi')).resolves.toBe(rupiah(198_000_000));
    await expect(text(page, 'fig-rencana')).resolves.toBe(rupiah(summary.totals.planned));
    // Plan status, last entry, months closed.
    const [status, entri, tutup] = await Promise.all(['status', 'entri', 'tutup'].map((c) => column(page, c)));
    expect(status[names.findIndex((n) => n.trim() === 'Arjosari')]).toBe('Disetujui');
    expect(status[names.findIndex((n) => n.trim() === 'Purwodadi')]).toBe('Diajukan');
    expect(status[names.findIndex((n) => n.trim() === 'Jodipan')]).toBe('Belum ada');
    expect(entri[names.findIndex((n) => n.trim() === 'Balearjosari')]).toBe('15 Mei ' + YEAR);
    expect(tutup[names.findIndex((n) => n.trim() === 'Polowijen')]).toBe('1 dari 12');
    await expect(page.locator('[data-testid="dash-total"]').textContent()).resolves.toContain('3 dari 11 disetujui');
    // The Laporan link of this level.
    await expect(page.getByTestId('report-link').getAttribute('href')).resolves.toBe(`/laporan?wilayah=${KEC}&tahun=${YEAR}&periode=Q2`);

    // Charts: drawn on their canvases, and each has a table of the same figures.
    await page.waitForFunction(() => document.documentElement.getAttribute('data-charts') === 'ready');
    for (const name of ['absorption', 'months', 'categories', 'subtypes']) {
      const box = await page.locator(`canvas[data-chart="${name}"]`).boundingBox();
      expect(box && box.width > 100 && box.height > 100).toBe(true);
    }
    const absorptionTable = page.getByTestId('chart-absorption').locator('table tbody tr');
    await expect(absorptionTable.nth(0).textContent()).resolves.toContain('68,18 %');
    const chartJson = JSON.parse((await page.locator('#dasbor-data').textContent()) ?? '{}');
    expect(chartJson.children.map((c: { absorption: number }) => c.absorption)).toEqual(values);
    const cumulative = await page.getByTestId('chart-months').locator('td[data-col="kumulatif"]').allTextContents();
    expect(cumulative).toHaveLength(6);
    expect(cumulative[5]).toBe(rupiah(198_000_000));
    expect(chartJson.months.map((m: { cumulative: number }) => rupiah(m.cumulative))).toEqual(cumulative);
    await page.getByTestId('chart-categories').locator('summary').click();
    await expect(page.getByTestId('chart-categories').locator('tr[data-category="sarpras"]').textContent()).resolves.toContain(rupiah(198_000_000));
    await checkPage(page, 'dasbor-camat-q2-serapan');
    fs.mkdirSync(path.join(__dirname, '../../docs/screens'), { recursive: true });
    fs.copyFileSync(path.join(SCREENS_DIR, 'dasbor-camat-q2-serapan-1366.png'), path.join(__dirname, '../../docs/screens/dasbor-camat.png'));

    // The kecamatan's realisasi PDF of Triwulan II, from the page where its figures are shown: the same totals.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('unduh-pdf').click()]);
    expect(download.suggestedFilename()).toBe(`realisasi-${KEC}-${YEAR}-Q2.pdf`);
    const pdfBytes = fs.readFileSync((await download.path())!);
    const flat = (await pdfText(pdfBytes)).text.replace(/\s+/g, ' ');
    const t0 = summary.totals;
    const n = formatNumberId;
    expect(flat).toContain(`JUMLAH TOTAL ${n(t0.allocation)} ${n(t0.planned)} ${n(t0.realizedBefore)} ${n(t0.realizedInPeriod)} ${n(t0.realized)} ${n(t0.remaining)} ${formatPercent(t0.absorption)}`);
    expect(flat).toContain(n(198_000_000));

    // Drill down: the kelurahan, then its plan lines of the version in force.
    await Promise.all([page.waitForURL(new RegExp(`wilayah=${BALEARJOSARI.replace(/\./g, '\\.')}`)), page.getByRole('link', { name: 'Balearjosari', exact: true }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Dasbor Kelurahan Balearjosari');
    await expect(text(page, 'dash-period')).resolves.toContain('Triwulan II');
    const lineNames = (await rowNames(page)).map((n) => n.trim());
    const kel = await w.app.get(ReportsService).summary(user, { region: BALEARJOSARI, year: YEAR, period: 'Q2' });
    expect(lineNames).toHaveLength(2);
    const lineRealisasi = await column(page, 'realisasi');
    for (const [i, n] of lineNames.entries()) {
      const c = kel.children.find((l) => n.startsWith(l.name))!;
      expect(lineRealisasi[i]).toBe(rupiah(c.realized));
    }
    expect(lineRealisasi[lineNames.findIndex((n) => n.startsWith('Saluran drainase'))]).toBe(rupiah(40_000_000));
    expect(lineRealisasi[lineNames.findIndex((n) => n.startsWith('Pelatihan kader'))]).toBe(rupiah(0));
    await expect(text(page, 'fig-serapan')).resolves.toBe(pct(kel.totals.absorption));
    await expect(page.getByTestId('chart-subtypes').locator('tr[data-subtype="A1"]').textContent()).resolves.toContain(rupiah(40_000_000));
    await expect(page.getByTestId('chart-subtypes').locator('tr[data-subtype="A1"]').textContent()).resolves.toContain(rupiah(100_000_000));
    await page.waitForFunction(() => document.documentElement.getAttribute('data-charts') === 'ready');
    await checkPage(page, 'dasbor-camat-kelurahan');

    // Kelengkapan: the month Polowijen's bendahara just closed shows as closed, the others' January does not.
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Kelengkapan' }).click();
    await page.waitForURL(/\/kelengkapan/);
    await page.getByLabel('Tahun').fill(String(YEAR));
    await Promise.all([page.waitForURL(new RegExp(`tahun=${YEAR}`)), page.getByRole('button', { name: 'Tampilkan' }).click()]);
    await expect(page.getByTestId(`cell-${POLOWIJEN}-1`).getAttribute('data-closed')).resolves.toBe('true');
    await expect(page.getByTestId(`cell-${POLOWIJEN}-1`).textContent()).resolves.toMatch(/Tutup buku:\s*Ditutup/);
    await expect(page.getByTestId(`cell-${BALEARJOSARI}-1`).getAttribute('data-closed')).resolves.toBe('false');
    await expect(page.getByTestId(`cell-${POLOWIJEN}-2`).getAttribute('data-closed')).resolves.toBe('false');
    expect(csp).toEqual([]);

    // Out of scope looks like missing: the 404 page, for another kecamatan and for a kelurahan of it.
    for (const code of ['35.73.02', '35.73.02.1001', '35.73']) {
      const res = await page.goto(`/dasbor?wilayah=${code}&tahun=${YEAR}`);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/tidak ditemukan/i);
    }
    await checkPage(page, 'dasbor-404');
  });

  it("pages through the national admin's view instead of rendering every kelurahan", async () => {
    const page = await signedIn(w, admin.username);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Dasbor' }).click();
    await page.waitForURL(/\/dasbor/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Dasbor nasional');
    const [{ provinsi, kabkota }] = await w.db.query(
      `SELECT count(*) FILTER (WHERE level = 'provinsi')::int AS provinsi, count(*) FILTER (WHERE level = 'kabkota')::int AS kabkota FROM region`,
    );
    expect(provinsi).toBeGreaterThan(25);
    await expect(page.locator('[data-testid="dash-table"] tbody tr').count()).resolves.toBe(25);
    await expect(text(page, 'pager-summary')).resolves.toBe(`1–25 dari ${provinsi} · halaman 1 dari 2`);
    // The nation's figures are those of the report service.
    const nation = await w.app.get(ReportsService).summary({ id: admin.id, username: admin.username, fullName: 'Admin Nasional', role: 'admin', regionCode: null }, { year: YEAR, period: 'FY' });
    await expect(text(page, 'fig-realisasi')).resolves.toBe(rupiah(nation.totals.realized));
    await checkPage(page, 'dasbor-nasional');
    await Promise.all([page.waitForURL(/hal=2/), page.getByRole('link', { name: 'Berikutnya ›' }).click()]);
    await expect(page.locator('[data-testid="dash-table"] tbody tr').count()).resolves.toBe(provinsi - 25);

    // Per kab/kota over the whole country: still one page of 25 at a time.
    await Promise.all([page.waitForURL(/tingkat=kabkota/), page.getByRole('link', { name: 'Per kabupaten/kota' }).click()]);
    await expect(page.locator('[data-testid="dash-table"] tbody tr').count()).resolves.toBe(25);
    await expect(text(page, 'pager-summary')).resolves.toBe(`1–25 dari ${kabkota} · halaman 1 dari ${Math.ceil(kabkota / 25)}`);
    // Sorted by realisasi, Kota Malang (the only one with spending) comes first.
    await Promise.all([page.waitForURL(/urut=realisasi/), page.locator('a[data-sort="realisasi"]').click()]);
    await expect(page.locator('[data-testid="dash-table"] tbody th[scope="row"]').first().textContent()).resolves.toContain('Kota Malang');
    await checkPage(page, 'dasbor-nasional-kabkota');
    // Drill down from there to the kab/kota and its kecamatan.
    await Promise.all([page.waitForURL(/wilayah=35\.73/), page.getByRole('link', { name: 'Kota Malang', exact: true }).click()]);
    await expect(page.locator('[data-testid="dash-table"] tbody th[scope="row"]').allTextContents()).resolves.toContain('Blimbing');
  });

  it("shows the auditor's kab/kota per kecamatan; another kab/kota is the 404 page", async () => {
    const auditor = await insertUser(w.db, 'auditor', '35.73', { fullName: 'Auditor Inspektorat' });
    const page = await signedIn(w, auditor.username);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Dasbor' }).click();
    await page.waitForURL(/\/dasbor/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Dasbor Kota Malang');
    const names = (await rowNames(page)).map((n) => n.trim());
    expect(names).toHaveLength(5);
    const blimbing = names.indexOf('Blimbing');
    const realisasi = await column(page, 'realisasi');
    expect(realisasi[blimbing]).toBe(rupiah(await ledgerSum(w.db, KEC, YEAR, `${YEAR}-12-31`)));
    await expect(page.locator('[data-testid="dash-total"]').textContent()).resolves.toContain('3 dari 57 disetujui');
    // The whole year's split by sub-type: the drainase A1 has 10 + 30 jt, the pelatihan B4 5 jt (booked in August).
    await expect(page.getByTestId('chart-subtypes').locator('tr[data-subtype="A1"]').textContent()).resolves.toContain(rupiah(40_000_000));
    await expect(page.getByTestId('chart-subtypes').locator('tr[data-subtype="B4"]').textContent()).resolves.toContain(rupiah(5_000_000));
    await expect(page.getByTestId('chart-subtypes').locator('tr[data-subtype="A2"]').textContent()).resolves.toContain(rupiah(150_000_000));
    // Early warning beside the figures: the open flags of the kab/kota per kecamatan, as the flags service counts them.
    const counts = await w.app.get(FlagsService).countOpenByRegion({ id: auditor.id, username: auditor.username, fullName: 'Auditor Inspektorat', role: 'auditor', regionCode: '35.73' }, '35.73', YEAR);
    const open = [...counts.values()].reduce((a, b) => a + b, 0);
    const flagsBox = page.getByTestId('dash-flags');
    await expect(flagsBox.textContent()).resolves.toContain(open === 0 ? 'Tidak ada peringatan terbuka' : `${open} peringatan terbuka`);
    await expect(flagsBox.getByRole('link', { name: 'Lihat peringatan' }).getAttribute('href')).resolves.toBe(`/peringatan?wilayah=35.73&tahun=${YEAR}`);
    await expect(flagsBox.locator('li').count()).resolves.toBe([...counts.values()].filter((n) => n > 0).length);
    await checkPage(page, 'dasbor-auditor-kabkota');
    // Another kab/kota is out of the auditor's scope.
    expect((await page.goto(`/dasbor?wilayah=35.07&tahun=${YEAR}`))?.status()).toBe(404);
  });

  it('is not for a lurah', async () => {
    const lurah = await insertUser(w.db, 'lurah', BALEARJOSARI);
    const page = await signedIn(w, lurah.username);
    const res = await page.goto('/dasbor');
    expect(res?.status()).toBe(403);
  });
});

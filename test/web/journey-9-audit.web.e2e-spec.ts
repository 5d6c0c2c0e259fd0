import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { FileDownload } from '../../src/modules/reports/file-download';
import { ReportFilesService } from '../../src/modules/reports/report-files.service';
import { todayIso } from '../../src/modules/spending/spending-date';
import { EXPORT_HEADER } from '../../src/web/audit/audit-view';
import { currentYear } from '../../src/web/plans/plan-view';
import { createApprovedPlan, CreatedPlan, setAllocation, spend } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, signedIn, startWebApp, WebApp } from './browser';
import { testText } from './plan-helpers';

const K1 = '35.73.01.1001'; // Balearjosari
const K2 = '35.73.01.1002'; // another kelurahan of the same kecamatan
const YEAR = currentYear();

/** Every event listed under the current filter, page after page: `partition:seq` and its region, newest first. */
async function listedEvents(page: Page): Promise<Array<{ key: string; region: string }>> {
  const out: Array<{ key: string; region: string }> = [];
  for (;;) {
    const items = page.getByTestId('audit-event');
    for (let i = 0; i < (await items.count()); i++) {
      const item = items.nth(i);
      out.push({ key: (await item.getAttribute('data-seq'))!, region: (await item.getAttribute('data-region'))! });
    }
    const next = page.locator('a[rel="next"]');
    if (!(await next.count())) return out;
    await Promise.all([page.waitForURL(/page=/), next.click()]);
  }
}

async function download(page: Page, link: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  return fs.readFileSync((await file.path())!);
}

describe('journey 9: an auditor reads, exports and verifies the audit trail, and checks a PDF', () => {
  let w: WebApp;
  let plan1: CreatedPlan;
  let auditor: { username: string };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-j9-'));

  beforeAll(async () => {
    w = await startWebApp({ DOCUMENT_STORAGE_DIR: path.join(dir, 'documents') });
    await importKabkota({ app: w.app } as never, '35.73');
    const t = { app: w.app, db: w.db } as never;
    plan1 = await createApprovedPlan(t, { kelurahanCode: K1, year: YEAR, allocation: 500_000_000 });
    await createApprovedPlan(t, { kelurahanCode: K2, year: YEAR, allocation: 400_000_000 });
    // A changed pagu: its event has a before and an after with money in it.
    await setAllocation(t, K1, YEAR, 650_000_000);
    await spend(t, plan1, 0, todayIso(), 12_500_000);
    auditor = await insertUser(w.db, 'auditor', '35.73', { fullName: 'Dra. Sri Wahyuni, Ak.' });
  });
  afterAll(async () => {
    await w?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('filters the trail to one kelurahan, exports exactly that slice, verifies the chains and checks PDFs', async () => {
    const page = await signedIn(w, auditor.username);
    const csp = collectCspViolations(page);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(/\/audit\/jejak$/);
    const all = await listedEvents(page);
    expect(all.some((e) => e.region === K2)).toBe(true);
    await page.goto('/audit/jejak');
    await checkPage(page, 'audit-jejak');

    // One kelurahan: only its events.
    await page.getByLabel('Wilayah').selectOption(K1);
    await Promise.all([page.waitForURL(/region=35\.73\.01\.1001/), page.getByRole('button', { name: 'Terapkan saringan' }).click()]);
    const total = Number((await testText(page, 'audit-total')).split(' ')[0].replace(/\./g, ''));
    expect(total).toBeGreaterThan(5);
    const pagu = page.getByTestId('audit-event').filter({ hasText: 'Pagu diubah' });
    await expect(pagu.locator('tr[data-field="amount"]').textContent()).resolves.toMatch(/Jumlah\s*Rp\s500\.000\.000\s*Rp\s650\.000\.000/);
    await expect(page.getByTestId('audit-event').filter({ hasText: 'Realisasi dicatat' }).first().textContent()).resolves.toContain('Rp 12.500.000');
    await checkPage(page, 'audit-jejak-kelurahan');
    const csvBytes = await download(page, 'Unduh CSV');
    const xlsxBytes = await download(page, 'Unduh XLSX');
    const listed = await listedEvents(page);
    expect(listed).toHaveLength(total);
    expect(listed.every((e) => e.region === K1)).toBe(true);
    expect(all.filter((e) => e.region === K1).map((e) => e.key)).toEqual(listed.map((e) => e.key));

    // CSV for Indonesian Excel: BOM, semicolons, one row per listed event in the same order.
    expect(csvBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csvBytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(EXPORT_HEADER.join(';'));
    const cols = lines[0].split(';');
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(rows.map((r) => `${r[cols.indexOf('Partisi')]}:${r[cols.indexOf('Seq')]}`)).toEqual(listed.map((e) => e.key));
    expect(new Set(rows.map((r) => r[cols.indexOf('Kode Wilayah')]))).toEqual(new Set([K1]));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsxBytes as never);
    const ws = wb.getWorksheet('Jejak Audit')!;
    expect(ws.getRow(2).values).toEqual([undefined, ...EXPORT_HEADER]);
    const xrows: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 2) xrows.push(`${row.getCell(3).value}:${row.getCell(4).value}`);
    });
    expect(xrows).toEqual(listed.map((e) => e.key));

    // Who and what: the lurah's added lines, in this kelurahan (the region filter stays).
    await page.getByLabel('Pelaku (nama pengguna)').fill(plan1.lurah.username);
    await page.getByLabel('Aksi').selectOption('plan.line.add');
    await Promise.all([page.waitForURL(/action=plan\.line\.add/), page.getByRole('button', { name: 'Terapkan saringan' }).click()]);
    const added = page.getByTestId('audit-event');
    await expect(added.count()).resolves.toBe(plan1.lines.length);
    for (let i = 0; i < plan1.lines.length; i++) {
      await expect(added.nth(i).getAttribute('data-actor')).resolves.toBe(plan1.lurah.username);
      await expect(added.nth(i).getAttribute('data-region')).resolves.toBe(K1);
    }

    // A range that ends before it starts is said at its field.
    await page.goto('/audit/jejak?from=2026-12-02&to=2026-12-01');
    await expect(page.locator('#to-error').textContent()).resolves.toBe('Sampai tanggal harus sama dengan atau sesudah dari tanggal');
    await checkPage(page, 'audit-jejak-salah-tanggal');

    // The chain verification, in words.
    await page.getByRole('link', { name: 'Verifikasi rantai' }).click();
    await page.waitForURL(/\/audit\/verifikasi$/);
    await expect(testText(page, 'verify-result')).resolves.toMatch(/^Jejak audit utuh Semua [\d.]+ peristiwa di \d+ rantai cocok/);
    await expect(page.getByTestId('verify-partitions').locator('tr[data-partition="35.73"]').textContent()).resolves.toContain('Utuh');
    await checkPage(page, 'audit-verifikasi');

    // A PDF the system issued, then the same file with one byte changed.
    const issued = (await w.app.get(ReportFilesService).planPdf(plan1.lurah, plan1.planId)) as FileDownload;
    const number = issued.headers['X-Document-Number'];
    const good = path.join(dir, 'rencana.pdf');
    const bad = path.join(dir, 'rencana-diubah.pdf');
    fs.writeFileSync(good, issued.body);
    const changed = Buffer.from(issued.body);
    changed[changed.length >> 1] ^= 1;
    fs.writeFileSync(bad, changed);

    await page.getByRole('link', { name: 'Periksa dokumen' }).click();
    await page.waitForURL(/\/audit\/dokumen$/);
    await expect(page.locator('#file-help').textContent()).resolves.toContain('paling besar 20 MB');
    await checkPage(page, 'audit-dokumen');
    await page.getByLabel('Berkas PDF').setInputFiles(good);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Periksa berkas' }).click()]);
    await page.waitForLoadState('load');
    await expect(testText(page, 'document-result')).resolves.toContain(`Sah: berkas ini diterbitkan oleh sistem Berkas yang diunggah persis sama, byte demi byte, dengan dokumen ${number}`);
    await expect(testText(page, 'document-facts')).resolves.toContain('Balearjosari (35.73.01.1001)');
    await checkPage(page, 'audit-dokumen-sah');

    await page.getByLabel('Berkas PDF').setInputFiles(bad);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Periksa berkas' }).click()]);
    await page.waitForLoadState('load');
    await expect(testText(page, 'document-result')).resolves.toMatch(/^Tidak sah: berkas ini tidak diterbitkan oleh sistem/);
    await checkPage(page, 'audit-dokumen-tidak-sah');
    expect(csp).toEqual([]);
  });

  it('keeps the audit pages to auditors and admins', async () => {
    const lurah = await insertUser(w.db, 'lurah', K1);
    const page = await signedIn(w, lurah.username);
    const res = await page.goto('/audit/jejak');
    expect(res!.status()).toBe(403);
    await expect(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Audit' }).count()).resolves.toBe(0);
  });

  // Last: it breaks the chain for good.
  it('says in words which chain is broken and at which event', async () => {
    const [{ seq }] = await w.db.query(`SELECT seq::int AS seq FROM audit_event WHERE action = 'allocation.update' AND region_code = $1`, [K1]);
    // As the database owner with the append-only trigger off: what an operator with the owner's password could do.
    const owner = new DataSource(dataSourceOptions(w.database.url, { extra: { max: 1 } }));
    await owner.initialize();
    try {
      await owner.transaction(async (m) => {
        await m.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
        await m.query(`UPDATE audit_event SET after = jsonb_set(after, '{amount}', '999000000') WHERE partition = '35.73' AND seq = $1`, [seq]);
        await m.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
      });
    } finally {
      await owner.destroy();
    }
    const page = await signedIn(w, auditor.username);
    await page.goto('/audit/verifikasi');
    await expect(testText(page, 'verify-result')).resolves.toMatch(/^Jejak audit tidak utuh Ditemukan \d+ masalah; yang pertama: partisi 35\.73: isi peristiwa (\d+) tidak sesuai hash-nya \(diubah\) \(urutan \1\)\.$/);
    await expect(testText(page, 'verify-result')).resolves.toContain(`isi peristiwa ${seq} tidak sesuai`);
    const row = page.getByTestId('verify-partitions').locator('tr[data-partition="35.73"]');
    await expect(row.textContent()).resolves.toContain(`Bermasalah partisi 35.73: isi peristiwa ${seq} tidak sesuai hash-nya (diubah) (urutan ${seq})`);
    await checkPage(page, 'audit-verifikasi-rusak');

    // An auditor of another kab/kota learns that some other chain is broken, not which event or what it held.
    await importKabkota({ app: w.app } as never, '12.16');
    const other = await insertUser(w.db, 'auditor', '12.16');
    const elsewhere = await signedIn(w, other.username);
    await elsewhere.goto('/audit/verifikasi');
    await expect(testText(elsewhere, 'verify-result')).resolves.toMatch(/^Jejak audit tidak utuh Ditemukan \d+ masalah\.$/);
    await expect(elsewhere.getByTestId('verify-partitions').locator('tr[data-partition="35.73"]').count()).resolves.toBe(0);
    await expect(elsewhere.locator('main').textContent()).resolves.toMatch(/\d+ rantai wilayah lain juga diperiksa: ada yang bermasalah/);
    await expect(elsewhere.locator('main').textContent()).resolves.not.toContain('35.73');
    // Nor does it see that kab/kota's trail: the region is unknown to it.
    await elsewhere.goto(`/audit/jejak?region=${K1}`);
    await expect(elsewhere.locator('#region-error').textContent()).resolves.toBe('Wilayah tidak ditemukan di wilayah kerja Anda');
    await expect(elsewhere.getByTestId('audit-event').count()).resolves.toBe(0);
  });
});

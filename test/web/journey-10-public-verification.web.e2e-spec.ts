import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { FileDownload } from '../../src/modules/reports/file-download';
import { ReportFilesService } from '../../src/modules/reports/report-files.service';
import { todayIso } from '../../src/modules/spending/spending-date';
import { currentYear } from '../../src/web/plans/plan-view';
import { qrPayloads } from '../helpers/pdf-layout';
import { createApprovedPlan, CreatedPlan, spend } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { checkPage, collectCspViolations, startWebApp, WebApp } from './browser';
import { testText } from './plan-helpers';

const K1 = '35.73.01.1001';
const YEAR = currentYear();
const RATE_LIMIT = 12;

/** What a reader sees of the element with this data-testid (innerText: a label and its value apart), spaces collapsed. */
async function shown(page: Page, id: string): Promise<string> {
  return (await page.getByTestId(id).first().innerText()).replace(/\s+/g, ' ').trim();
}

async function upload(page: Page, file: string): Promise<void> {
  await page.getByLabel('Berkas PDF yang Anda pegang').setInputFiles(file);
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Periksa berkas' }).click()]);
  await page.waitForLoadState('load');
}

describe('journey 10: anyone holding a printed document checks it at the address of its QR code', () => {
  let w: WebApp;
  let plan: CreatedPlan;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-j10-'));
  const realisasi = async (by: AuthUser) => {
    const file = (await w.app.get(ReportFilesService).realisasiPdf(by, { region: K1, year: YEAR, period: 'FY' })) as FileDownload;
    return { pdf: file.body, number: file.headers['X-Document-Number'] };
  };

  beforeAll(async () => {
    w = await startWebApp(
      { DOCUMENT_STORAGE_DIR: path.join(dir, 'documents'), PUBLIC_VERIFY_RATE_LIMIT: String(RATE_LIMIT), PUBLIC_VERIFY_RATE_WINDOW_SECONDS: '600' },
      { selfPublicUrl: true },
    );
    await importKabkota({ app: w.app } as never, '35.73');
    plan = await createApprovedPlan({ app: w.app, db: w.db } as never, { kelurahanCode: K1, year: YEAR, allocation: 500_000_000 });
    await spend({ app: w.app, db: w.db } as never, plan, 0, todayIso(), 12_500_000);
  });
  afterAll(async () => {
    await w?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the public facts, follows a supersession, checks uploads byte for byte, and has a 404 and a 429 page', async () => {
    const old = await realisasi(plan.lurah);
    const oldFile = path.join(dir, 'laporan-lama.pdf');
    fs.writeFileSync(oldFile, old.pdf);
    const [url] = qrPayloads(old.pdf, 0);
    expect(url).toBe(`${w.baseUrl}/verifikasi/${encodeURIComponent(old.number)}`);

    // No login: a fresh browser with no cookies opens the QR code's address.
    const page = await (await w.context()).newPage();
    const csp = collectCspViolations(page);
    const first = await page.goto(url);
    expect(first!.status()).toBe(200);
    await expect(testText(page, 'document-status')).resolves.toBe(
      `Dokumen sah dan berlaku Dokumen bernomor ${old.number} diterbitkan oleh sistem Dana Kelurahan dan masih berlaku: angka-angkanya belum berubah sejak diterbitkan.`,
    );
    const facts = await shown(page, 'document-facts');
    expect(facts).toContain(`Nomor dokumen ${old.number}`);
    expect(facts).toContain('Jenis Laporan realisasi');
    expect(facts).toContain(`Periode Tahun Anggaran ${YEAR}`);
    expect(facts).toContain('LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN');
    expect(facts).toContain('Diterbitkan oleh Kelurahan Balearjosari, Kecamatan Blimbing, Kota Malang');
    expect(facts).toContain(require('node:crypto').createHash('sha256').update(old.pdf).digest('hex'));
    // What an outsider sees: no figures, no names of people, no menu.
    const body = (await page.locator('main').textContent())!;
    expect(body).not.toMatch(/Rp\s?\d/);
    expect(body).not.toContain(plan.lurah.fullName);
    await expect(page.getByRole('navigation', { name: 'Menu utama' }).count()).resolves.toBe(0);
    await checkPage(page, 'verifikasi-berlaku');

    await upload(page, oldFile);
    await expect(testText(page, 'upload-result')).resolves.toContain('Sah. Berkas Anda persis sama, byte demi byte, dengan dokumen');
    await checkPage(page, 'verifikasi-unggah-sah');

    // A changed figure and a new download: a new number, and the old one is superseded by it.
    await spend({ app: w.app, db: w.db } as never, plan, 1, todayIso(), 3_000_000);
    const fresh = await realisasi(plan.lurah);
    expect(fresh.number).not.toBe(old.number);
    await page.goto(url);
    await expect(testText(page, 'document-status')).resolves.toMatch(/^Dokumen sudah digantikan/);
    await expect(testText(page, 'superseded-by')).resolves.toBe(fresh.number);
    await checkPage(page, 'verifikasi-digantikan');

    await upload(page, oldFile);
    await expect(testText(page, 'upload-result')).resolves.toBe(
      `Diterbitkan sistem, tetapi sudah digantikan. Berkas Anda persis sama dengan dokumen ${old.number} yang diterbitkan sistem, namun angkanya kemudian berubah: dokumen ini digantikan oleh ${fresh.number}.`,
    );
    await checkPage(page, 'verifikasi-unggah-digantikan');

    // A changed copy is not what was issued.
    const tampered = Buffer.from(old.pdf);
    tampered[tampered.length >> 1] ^= 1;
    const tamperedFile = path.join(dir, 'laporan-diubah.pdf');
    fs.writeFileSync(tamperedFile, tampered);
    await upload(page, tamperedFile);
    await expect(testText(page, 'upload-result')).resolves.toMatch(/^Tidak sah\. Berkas Anda tidak sama dengan dokumen yang diterbitkan sistem/);
    await checkPage(page, 'verifikasi-unggah-tidak-sah');

    // Not a PDF: said at the field, nothing else changes.
    const text = path.join(dir, 'bukan.pdf');
    fs.writeFileSync(text, 'bukan berkas PDF');
    await upload(page, text);
    await expect(page.locator('#file-error').textContent()).resolves.toBe('Berkas harus PDF (diawali %PDF-)');
    await expect(page.locator('#file').getAttribute('aria-describedby')).resolves.toContain('file-error');
    await checkPage(page, 'verifikasi-unggah-bukan-pdf');

    // The link to the new number: valid.
    await Promise.all([page.waitForURL(new RegExp(encodeURIComponent(fresh.number).replace(/\./g, '\\.'))), page.getByTestId('superseded-by').click()]);
    await expect(testText(page, 'document-status')).resolves.toMatch(/^Dokumen sah dan berlaku/);

    // A form posted without its token is refused.
    const forged = await page.request.post(`/verifikasi/${encodeURIComponent(old.number)}`, { multipart: { file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: old.pdf } } });
    expect(forged.status()).toBe(403);

    // An unknown number: the 404 page, in Bahasa Indonesia.
    const missing = await page.goto(`/verifikasi/${encodeURIComponent(`DK/${K1}/${YEAR}/999999`)}`);
    expect(missing!.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Halaman tidak ditemukan');
    await checkPage(page, 'verifikasi-404');

    // The public limit per client: after it, the 429 page with Retry-After.
    let limited: Awaited<ReturnType<Page['goto']>> = null;
    for (let i = 0; i <= RATE_LIMIT && !limited; i++) {
      const res = await page.goto(url);
      if (res!.status() === 429) limited = res;
      else expect(res!.status()).toBe(200);
    }
    expect(limited).not.toBeNull();
    expect(Number(limited!.headers()['retry-after'])).toBeGreaterThan(0);
    await expect(page.locator('h1').textContent()).resolves.toBe('Terlalu banyak percobaan');
    await checkPage(page, 'verifikasi-429');
    expect(csp).toEqual([]);
  });
});

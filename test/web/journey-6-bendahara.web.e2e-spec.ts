import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { suggestTaxes, type PurchaseKind } from '../../src/modules/books/tax/tax-rules';
import { todayIso } from '../../src/modules/spending/spending-date';
import { createPlanInState, DEFAULT_LINES } from '../helpers/plans';
import { pdfText } from '../helpers/pdf-text';
import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, login, signedIn, startWebApp, WebApp } from './browser';
import { confirm, testText } from './plan-helpers';

const KEL = '35.73.01.1001';
const OTHER_KEL = '35.73.01.1002';
const TODAY = todayIso();
const YEAR = Number(TODAY.slice(0, 4));
const MONTH = Number(TODAY.slice(5, 7));
const BKU = `/buku/${KEL}/${YEAR}/${MONTH}`;
// One long journey through a real browser on a shared machine: its own, larger time budget (never a timed assertion).
jest.setTimeout(120_000);

const rp = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;
const digits = (n: number) => n.toLocaleString('id-ID');
const taxTotal = (amount: number, kind: PurchaseKind) => suggestTaxes({ date: TODAY, amount, kind }).reduce((s, t) => s + t.amount, 0);

/** A small real photo, as a phone camera would hand it over (JPEG bytes). */
async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 180, g: 120, b: 60 } } }).jpeg().toBuffer();
}

interface Payment {
  line: RegExp;
  method: 'TUNAI' | 'BANK' | 'LS';
  payee: string;
  evidenceNo: string;
  description: string;
  amount: number;
  kind: PurchaseKind;
}

/** Fills the payment form the way a person does; the suggested taxes come in as the amount and kind are chosen. */
async function fillPayment(page: Page, p: Payment): Promise<void> {
  await page.goto(`${BKU}/bayar`);
  const form = page.getByTestId('payment-form');
  const option = await form.getByLabel('Baris rencana').locator('option', { hasText: p.line }).first().getAttribute('value');
  await form.getByLabel('Baris rencana').selectOption(option!);
  await expect(testText(page, 'line-remaining')).resolves.toMatch(/^Rp [\d.]+$/);
  await form.getByLabel('Penerima').fill(p.payee);
  await form.getByLabel('Nomor bukti').fill(p.evidenceNo);
  await form.getByLabel('Uraian').fill(p.description);
  await form.getByLabel('Tanggal', { exact: true }).fill(TODAY);
  await form.getByLabel('Cara bayar').selectOption(p.method);
  await form.getByLabel('Jenis belanja').selectOption(p.kind);
  const suggested = page.waitForResponse((r) => r.url().includes('/bayar/pajak'));
  await form.getByLabel('Jumlah bruto (Rp)').fill(digits(p.amount));
  await form.getByLabel('Jumlah bruto (Rp)').blur();
  await suggested;
  const n = suggestTaxes({ date: TODAY, amount: p.amount, kind: p.kind }).length;
  await page.waitForFunction((k) => document.querySelectorAll('[data-testid="tax-row"]').length === k, n);
}

async function save(page: Page): Promise<void> {
  await Promise.all([page.waitForURL((u) => u.pathname === BKU), page.getByRole('button', { name: 'Simpan pembayaran' }).click()]);
}

describe('journey 6: the bendahara keeps the books of a month, closes it and prints the BKU', () => {
  let w: WebApp;
  let bendahara: { id: string; username: string };

  beforeAll(async () => {
    w = await startWebApp();
    await importKabkota({ app: w.app } as never, '35.73');
    bendahara = await insertUser(w.db, 'bendahara', KEL, { fullName: 'Rina Kartika' });
    await createPlanInState({ app: w.app, db: w.db } as never, 'approved', { kelurahanCode: KEL, year: YEAR, allocation: 500_000_000, lines: DEFAULT_LINES });
  });
  afterAll(async () => w?.close());

  it('records a receipt, payments with taxes and photos, a reversal and a deposit; closes the month; the PDF agrees with the screen', async () => {
    const page = await signedIn(w, bendahara.username);
    const csp = collectCspViolations(page);

    await expect(page.getByRole('main').getByRole('link', { name: 'Buka Buku Kas Umum' }).getAttribute('href')).resolves.toBe('/buku');
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Buku Kas Umum' }).click();
    await page.waitForURL((u) => u.pathname === BKU);
    await expect(testText(page, 'period-status')).resolves.toBe('Masih terbuka');
    await expect(testText(page, 'bku-opening')).resolves.toBe(rp(0));

    // A TU receipt from the kecamatan's SP2D.
    await page.getByRole('link', { name: 'Catat penerimaan UP/GU/TU' }).click();
    await checkPage(page, 'buku-penerimaan');
    await page.getByLabel('Jenis').selectOption('TU');
    await page.getByLabel('Masuk ke / keluar dari').selectOption('BANK');
    await page.getByLabel('Nomor SP2D / STS').fill(`00123/SP2D/TU/${YEAR}`);
    await page.getByLabel('Jumlah (Rp)').fill('100.000.000');
    await confirm(page, 'Simpan');
    await page.waitForURL((u) => u.pathname === BKU);
    await expect(testText(page, 'bku-receipts')).resolves.toBe(rp(100_000_000));

    // Payment 1: goods, by bank, suggested taxes as they are, a photo through the file input.
    const p1: Payment = { line: /Makan minum/, method: 'BANK', payee: 'Warung Bu Sri', evidenceNo: `001/TBP/KEL/${YEAR}`, description: 'Konsumsi rapat LPM', amount: 2_220_000, kind: 'BARANG' };
    await fillPayment(page, p1);
    await expect(testText(page, 'line-remaining')).resolves.toBe(rp(245 * 30_000));
    await expect(page.getByTestId('size-limit').textContent()).resolves.toContain('10 MB');
    await expect(page.locator('#file').getAttribute('accept')).resolves.toBe('image/*,application/pdf');
    await expect(page.locator('#file').getAttribute('capture')).resolves.not.toBeNull();
    // A file over the limit is refused on the page, before anything is sent.
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bukti-')), 'besar.jpg');
    fs.writeFileSync(big, Buffer.alloc(11 * 1024 * 1024, 0xff));
    await page.locator('#file').setInputFiles(big);
    await expect(page.locator('#file-size-error').textContent()).resolves.toContain('melebihi batas 10 MB');
    fs.rmSync(path.dirname(big), { recursive: true, force: true });
    await page.locator('#file').setInputFiles({ name: 'kuitansi-001.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await checkPage(page, 'buku-bayar');
    // With JavaScript the form goes up by XHR, so the page can show the upload's progress.
    const upload = page.waitForRequest((r) => r.method() === 'POST' && r.resourceType() === 'xhr');
    await save(page);
    expect((await upload).headers()['content-type']).toContain('multipart/form-data');
    await expect(testText(page, 'flash')).resolves.toBe('Pembayaran dicatat.');

    // Payment 2: construction, paid LS by the kas daerah; sent twice with the same form (a resend) books once.
    const p2: Payment = { line: /drainase/, method: 'LS', payee: 'CV Karya Mandiri', evidenceNo: `002/TBP/KEL/${YEAR}`, description: 'Termin I saluran drainase', amount: 55_500_000, kind: 'KONSTRUKSI' };
    await fillPayment(page, p2);
    await page.locator('#file').setInputFiles({ name: 'foto-0.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.getByLabel('Jenis bukti').selectOption('FOTO_0');
    const statuses = await page.evaluate(async () => {
      const form = document.querySelector('form[data-upload-form]') as HTMLFormElement;
      const send = () => fetch(form.action, { method: 'POST', body: new FormData(form), redirect: 'manual' }).then((r) => r.status);
      return Promise.all([send(), send()]);
    });
    expect(statuses.every((s) => s === 0 || s === 303)).toBe(true);
    await page.goto(BKU);
    await expect(page.getByTestId('payment').filter({ hasText: p2.evidenceNo }).count()).resolves.toBe(1);
    const [{ n: photos2 }] = await w.db.query(
      `SELECT count(*)::int AS n FROM evidence v JOIN spending_entry s ON s.id = v.spending_entry_id WHERE s.evidence_no = $1`, [p2.evidenceNo]);
    expect(photos2).toBe(1);

    // Payment 3: a service; a tax changed from the suggestion needs its reason; a double click books once.
    const p3: Payment = { line: /Makan minum/, method: 'TUNAI', payee: 'Sanggar Tari Melati', evidenceNo: `003/TBP/KEL/${YEAR}`, description: 'Jasa pentas seni', amount: 1_000_000, kind: 'JASA' };
    await fillPayment(page, p3);
    await expect(testText(page, 'line-remaining')).resolves.toBe(rp(245 * 30_000 - p1.amount));
    const suggested3 = suggestTaxes({ date: TODAY, amount: p3.amount, kind: p3.kind });
    expect(suggested3.length).toBeGreaterThan(0);
    const changed = suggested3[0].amount - 1;
    await page.locator('#tax0Amount').fill(digits(changed));
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Simpan pembayaran' }).click()]);
    await page.locator('[id="taxes.0.reason-error"]').waitFor();
    await expect(page.locator('[id="taxes.0.reason-error"]').textContent()).resolves.toContain('Alasan wajib diisi');
    await checkPage(page, 'buku-bayar-galat');
    await page.locator('#tax0Reason').fill('Pembulatan sesuai kuitansi penyedia');
    await Promise.all([page.waitForURL((u) => u.pathname === BKU), page.getByRole('button', { name: 'Simpan pembayaran' }).dblclick()]);
    await expect(page.getByTestId('payment').filter({ hasText: p3.evidenceNo }).count()).resolves.toBe(1);
    const taxes3 = suggested3.reduce((s, t) => s + t.amount, 0) - 1;

    // A nomor bukti used before is refused on its field (409), nothing booked.
    await fillPayment(page, { ...p1, payee: 'Toko Lain', amount: 500_000 });
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Simpan pembayaran' }).click()]);
    await page.locator('#evidenceNo-error').waitFor();
    await expect(page.locator('#evidenceNo-error').textContent()).resolves.toContain('Nomor bukti ini sudah dipakai');
    await expect(page.locator('#evidenceNo').getAttribute('class')).resolves.toContain('is-invalid');

    // Without JavaScript the form still works: the table's suggestion comes from the form's own button, the photo
    // goes up with the plain multipart post.
    const p4: Payment = { line: /Makan minum/, method: 'BANK', payee: 'Ibu Ratna', evidenceNo: `004/TBP/KEL/${YEAR}`, description: 'Jasa dokumentasi rapat', amount: 300_000, kind: 'JASA' };
    const plain = await w.browser.newContext({ baseURL: w.baseUrl, javaScriptEnabled: false, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    try {
      const nojs = await plain.newPage();
      await login(nojs, bendahara.username);
      await nojs.goto(`${BKU}/bayar`);
      const option = await nojs.getByLabel('Baris rencana').locator('option', { hasText: p4.line }).first().getAttribute('value');
      await nojs.getByLabel('Baris rencana').selectOption(option!);
      await nojs.getByLabel('Penerima').fill(p4.payee);
      await nojs.getByLabel('Nomor bukti').fill(p4.evidenceNo);
      await nojs.getByLabel('Uraian').fill(p4.description);
      await nojs.getByLabel('Tanggal', { exact: true }).fill(TODAY);
      await nojs.getByLabel('Cara bayar').selectOption(p4.method);
      await nojs.getByLabel('Jenis belanja').selectOption(p4.kind);
      await nojs.getByLabel('Jumlah bruto (Rp)').fill(digits(p4.amount));
      await confirm(nojs, 'Hitung usulan pajak');
      await expect(nojs.getByTestId('tax-row').count()).resolves.toBe(suggestTaxes({ date: TODAY, amount: p4.amount, kind: p4.kind }).length);
      await expect(nojs.getByLabel('Penerima').inputValue()).resolves.toBe(p4.payee);
      await nojs.getByLabel('Jenis bukti').selectOption('NOTA');
      await nojs.locator('#file').setInputFiles({ name: 'nota-004.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } }).png().toBuffer() });
      await confirm(nojs, 'Simpan pembayaran');
      expect(new URL(nojs.url()).pathname).toBe(BKU);
      await expect(nojs.getByTestId('payment').filter({ hasText: p4.evidenceNo }).count()).resolves.toBe(1);
    } finally {
      await plain.close();
    }
    const [{ kind: kind4 }] = await w.db.query(
      `SELECT v.kind FROM evidence v JOIN spending_entry s ON s.id = v.spending_entry_id WHERE s.evidence_no = $1`, [p4.evidenceNo]);
    expect(kind4).toBe('NOTA');

    // Reverse payment 3 with a date in its month.
    await page.goto(BKU);
    await page.getByRole('link', { name: `Batalkan pembayaran ${p3.evidenceNo}` }).click();
    await page.getByRole('button', { name: 'Batalkan pembayaran' }).click();
    await page.locator('#reason-error').waitFor();
    await checkPage(page, 'buku-batal');
    await page.getByLabel('Alasan pembatalan').fill('Pentas dibatalkan panitia');
    await page.getByLabel('Tanggal pembatalan').fill(TODAY);
    await confirm(page, 'Batalkan pembayaran');
    await page.waitForURL((u) => u.pathname === BKU);
    await expect(page.getByTestId('payment').filter({ hasText: 'Pembatalan' }).count()).resolves.toBe(1);

    // What is missing: payment 2 lacks its BAST and further photos; PPN withheld is not yet deposited.
    await page.getByRole('link', { name: 'Yang belum lengkap' }).click();
    const missing2 = await page.getByTestId('missing-evidence').filter({ hasText: p2.evidenceNo }).getByTestId('missing-kinds').textContent();
    expect(missing2).toContain('Berita acara serah terima');
    expect(missing2).not.toContain('Foto 0 %');
    // The photo sent with payment 1 counts as its kuitansi; the nota and daftar hadir are still asked for.
    const missing1 = await page.getByTestId('missing-evidence').filter({ hasText: p1.evidenceNo }).getByTestId('missing-kinds').textContent();
    expect(missing1).toContain('Nota / faktur');
    expect(missing1).not.toContain('Kuitansi');
    await expect(page.getByTestId('missing-evidence').filter({ hasText: p3.evidenceNo }).count()).resolves.toBe(0);
    const ppn1 = suggestTaxes({ date: TODAY, amount: p1.amount, kind: p1.kind }).find((t) => t.type === 'PPN')!.amount;
    const ppnAll = ppn1 + suggestTaxes({ date: TODAY, amount: p2.amount, kind: p2.kind }).find((t) => t.type === 'PPN')!.amount;
    await expect(page.getByTestId('missing-tax').filter({ hasText: 'PPN' }).textContent()).resolves.toContain(rp(ppnAll));
    await checkPage(page, 'buku-kurang');

    // The missing BAST of payment 2, uploaded from the list.
    const item2 = page.getByTestId('missing-evidence').filter({ hasText: p2.evidenceNo });
    await item2.getByLabel('Jenis bukti').selectOption('BAST');
    await item2.getByLabel(/Foto atau berkas/).setInputFiles({ name: 'bast-002.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await Promise.all([page.waitForURL(/\/kurang\?diunggah=1$/), item2.getByRole('button', { name: `Unggah bukti ${p2.evidenceNo}` }).click()]);
    await expect(testText(page, 'flash')).resolves.toBe('Bukti diunggah.');
    await expect(page.getByTestId('missing-evidence').filter({ hasText: p2.evidenceNo }).getByTestId('missing-kinds').textContent()).resolves.not.toContain('Berita acara');

    // A tax deposit with billing code and NTPN, from the list of what is missing.
    await page.getByRole('link', { name: 'Setor PPN' }).click();
    await expect(page.getByLabel('Jenis pajak').inputValue()).resolves.toBe('PPN');
    await page.getByLabel('Jumlah (Rp)').fill(digits(ppn1));
    await page.getByLabel('Disetor dari').selectOption('BANK');
    await page.getByLabel('Kode billing').fill('123456789012345');
    await page.getByLabel('NTPN').fill('0A1B2C3D4E5F6789');
    await checkPage(page, 'buku-setor');
    await confirm(page, 'Simpan setoran');
    await page.waitForURL((u) => u.pathname === BKU);
    await expect(testText(page, 'flash')).resolves.toBe('Setoran pajak dicatat.');

    // A return of unused money to the kas daerah (STS).
    await page.getByRole('link', { name: 'Catat STS' }).click();
    await expect(page.getByLabel('Jenis').inputValue()).resolves.toBe('STS');
    await page.getByLabel('Masuk ke / keluar dari').selectOption('BANK');
    await page.getByLabel('Nomor SP2D / STS').fill(`STS-001/KEL/${YEAR}`);
    await page.getByLabel('Jumlah (Rp)').fill('1.000.000');
    await confirm(page, 'Simpan');
    await page.waitForURL((u) => u.pathname === BKU);

    // The balance: receipt − payments by bank + taxes withheld − the deposit − the STS (LS comes in and goes out the same day; the
    // reversal cancels payment 3 entirely).
    const sts = 1_000_000;
    const expectedClosing = 100_000_000 - p1.amount + taxTotal(p1.amount, p1.kind) + taxTotal(p2.amount, p2.kind) - p4.amount + taxTotal(p4.amount, p4.kind) - ppn1 - sts;
    await expect(testText(page, 'bku-closing')).resolves.toBe(rp(expectedClosing));
    const receipts = await testText(page, 'bku-total-receipts');
    const payments = await testText(page, 'bku-total-payments');
    expect(receipts).toBe(rp(100_000_000 + taxTotal(p1.amount, p1.kind) + p2.amount + taxTotal(p2.amount, p2.kind) + taxes3 + p3.amount + taxTotal(p4.amount, p4.kind)));
    expect(payments).toBe(rp(p1.amount + p2.amount + p3.amount + taxes3 + p4.amount + ppn1 + sts));
    await checkPage(page, 'buku-kas-umum');

    // Close the month.
    await page.getByRole('link', { name: 'Tutup buku bulan ini' }).click();
    await checkPage(page, 'buku-tutup');
    await confirm(page, 'Tutup buku');
    await page.waitForURL((u) => u.pathname === BKU);
    await expect(testText(page, 'period-status')).resolves.toBe('Sudah ditutup');

    // Nothing dated in a closed month: the refusal in the form's words, on the date.
    await fillPayment(page, { ...p1, evidenceNo: `005/TBP/KEL/${YEAR}`, amount: 300_000 });
    await expect(testText(page, 'month-closed')).resolves.toContain('Bulan ini sudah ditutup');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Simpan pembayaran' }).click()]);
    await page.locator('#date-error').waitFor();
    await expect(page.locator('#date-error').textContent()).resolves.toBe('Bulan ini sudah ditutup');

    // The printed BKU carries the same totals as the screen.
    await page.goto(BKU);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'BKU (PDF)' }).click()]);
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).text.replace(/\s+/g, ' ');
    for (const figure of [receipts, payments, rp(expectedClosing)]) expect(text).toContain(figure.replace('Rp ', ''));

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'BKU (XLSX)' }).click()]);
    expect(fs.readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');

    // The other prints download too.
    for (const name of ['Buku Pembantu Pajak (PDF)', 'LPJ (PDF)']) {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      expect(fs.readFileSync((await d.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(csp).toEqual([]);
  }, 240_000);

  it("shows another kelurahan's month, and its downloads, as the 404 page", async () => {
    const page = await signedIn(w, bendahara.username);
    for (const url of [`/buku/${OTHER_KEL}/${YEAR}/${MONTH}`, `/buku/${OTHER_KEL}/${YEAR}/${MONTH}/bayar`, `/buku/${OTHER_KEL}/${YEAR}/${MONTH}/kurang`, `/buku/${OTHER_KEL}/${YEAR}/${MONTH}/bku.pdf`]) {
      const res = await page.goto(url);
      expect(res!.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/tidak ditemukan/i);
    }
    const res = await page.goto(`/buku/${KEL}/${YEAR}/13`);
    expect(res!.status()).toBe(404);
    await checkPage(page, 'buku-404');
    // The pages are the bendahara's: the lurah of the same kelurahan gets the 403 page, and has no menu entry.
    const lurah = await signedIn(w, (await insertUser(w.db, 'lurah', KEL)).username);
    await expect(lurah.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Buku Kas Umum' }).count()).resolves.toBe(0);
    expect((await lurah.goto(`/buku/${KEL}/${YEAR}/${MONTH}`))!.status()).toBe(403);
  });
});

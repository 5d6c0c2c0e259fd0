import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { todayIso } from '../../src/modules/spending/spending-date';
import { createPlanInState, DEFAULT_LINES } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { insertUser, TEST_PASSWORD } from '../helpers/users';
import { checkPage, collectCspViolations, signedIn, startWebApp, WebApp } from './browser';
import { testText } from './plan-helpers';

const KEL = '35.73.01.1001';
const OTHER_KEL = '35.73.01.1002';
const TODAY = todayIso();
const YEAR = Number(TODAY.slice(0, 4));
jest.setTimeout(120_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const jpeg = (r: number) => sharp({ create: { width: 80, height: 60, channels: 3, background: { r, g: 90, b: 40 } } }).jpeg().toBuffer();

/**
 * Journey 12: the evidence of one payment. The bendahara opens it from the BKU, uploads the receipt, replaces a wrong
 * file with a reason (the old one stays, shown as replaced), and is told plainly what is wrong with a bad upload;
 * the auditor reads the same page and files without any form; another kelurahan's bendahara gets a 404.
 */
describe('journey 12: evidence of a payment, seen and replaced in the browser', () => {
  let w: WebApp;
  let bendahara: { id: string; username: string };
  let lurah: { id: string; username: string };
  let auditor: { id: string; username: string };
  let stranger: { id: string; username: string };
  let paymentId: string;
  let lineId: string;
  const evidenceNo = `007/TBP/KEL/${YEAR}`;

  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${w.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const evidenceRows = async () =>
    (await w.db.query(`SELECT id, file_name, sha256, supersedes_id, supersede_reason FROM evidence WHERE spending_entry_id = $1 ORDER BY seq`, [paymentId])) as Array<{
      id: string; file_name: string; sha256: string; supersedes_id: string | null; supersede_reason: string | null;
    }>;
  const item = (page: Page, fileName: string) => page.getByTestId('evidence-item').filter({ hasText: fileName });

  beforeAll(async () => {
    w = await startWebApp();
    await importKabkota({ app: w.app } as never, '35.73');
    bendahara = await insertUser(w.db, 'bendahara', KEL, { fullName: 'Rina Kartika' });
    lurah = await insertUser(w.db, 'lurah', KEL, { fullName: 'Budi Santoso' });
    auditor = await insertUser(w.db, 'auditor', '35.73', { fullName: 'Sari Inspektorat' });
    stranger = await insertUser(w.db, 'bendahara', OTHER_KEL);
    const plan = await createPlanInState({ app: w.app, db: w.db } as never, 'approved', { kelurahanCode: KEL, year: YEAR, allocation: 500_000_000, lines: DEFAULT_LINES });
    const { accessToken: token } = await (await fetch(`${w.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: bendahara.username, password: TEST_PASSWORD }) })).json();
    await api('POST', '/api/books/funds', token, { kelurahanCode: KEL, kind: 'UP', account: 'TUNAI', date: TODAY, amount: 20_000_000, documentNo: `SP2D/UP/${YEAR}/01`, documentDate: TODAY });
    lineId = plan.lineIds[0];
    paymentId = (await api('POST', '/api/spending', token, { planLineId: lineId, date: TODAY, amount: 1_500_000, description: 'Konsumsi rapat RT', payee: 'Warung Bu Sri', evidenceNo, method: 'TUNAI' })).id;
  });
  afterAll(async () => w?.close());

  it('the bendahara uploads the receipt, is told what is wrong with a bad file, replaces a wrong one with a reason', async () => {
    const page = await signedIn(w, bendahara.username);
    const csp = collectCspViolations(page);
    await page.goto(`/buku/${KEL}/${YEAR}/${Number(TODAY.slice(5, 7))}`);
    await Promise.all([page.waitForURL((u) => u.pathname === `/bukti/${paymentId}`), page.getByRole('link', { name: `Bukti pembayaran ${evidenceNo}` }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Bukti pembayaran ${evidenceNo}`);
    await expect(testText(page, 'payment-amount')).resolves.toBe('Rp 1.500.000');
    await expect(testText(page, 'no-evidence')).resolves.toBe('Belum ada berkas bukti.');
    await checkPage(page, 'bukti-kosong');

    // A text file dressed as a photo: refused next to the file field, nothing written.
    await page.getByLabel('Jenis bukti').last().selectOption('KUITANSI');
    await page.locator('#file-tambah').setInputFiles({ name: 'kuitansi.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('bukan gambar sama sekali') });
    await page.getByRole('button', { name: 'Unggah bukti' }).click();
    await expect(page.locator('#file-tambah-error').textContent()).resolves.toMatch(/JPEG, PNG atau PDF/);
    expect(await evidenceRows()).toEqual([]);

    // The real receipt.
    const first = await jpeg(200);
    await page.locator('#file-tambah').setInputFiles({ name: 'kuitansi-007.jpg', mimeType: 'image/jpeg', buffer: first });
    await Promise.all([page.waitForURL((u) => u.searchParams.has('diunggah')), page.getByRole('button', { name: 'Unggah bukti' }).click()]);
    await expect(testText(page, 'flash')).resolves.toBe('Bukti diunggah.');
    const shown = item(page, 'kuitansi-007.jpg');
    await expect(shown.getByTestId('evidence-sha256').textContent()).resolves.toBe(sha256(first));
    await expect(shown.textContent()).resolves.toContain('oleh Rina Kartika');
    // The thumbnail loads and the link opens the very bytes that were uploaded, shown in the browser.
    await expect(shown.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    const href = await shown.getByTestId('evidence-link').getAttribute('href');
    const file = await page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toMatch(/^inline;/);
    expect(sha256(await file.body())).toBe(sha256(first));
    const [row] = await evidenceRows();

    // Replacing without a reason is refused and writes nothing.
    await shown.getByText('Ganti berkas ini').click();
    const second = await jpeg(30);
    await page.locator(`#file-${row.id}`).setInputFiles({ name: 'kuitansi-007-lengkap.jpg', mimeType: 'image/jpeg', buffer: second });
    await page.getByRole('button', { name: 'Ganti berkas kuitansi-007.jpg' }).click();
    await expect(page.locator(`#reason-${row.id}-error`).textContent()).resolves.toBe('Alasan penggantian wajib diisi');
    expect(await evidenceRows()).toHaveLength(1);

    // With the reason: the new file is in force, the old one kept and shown as replaced.
    await page.locator(`#file-${row.id}`).setInputFiles({ name: 'kuitansi-007-lengkap.jpg', mimeType: 'image/jpeg', buffer: second });
    await page.getByLabel('Alasan penggantian').fill('Foto kuitansi terpotong, tanda tangan tidak terlihat');
    await Promise.all([page.waitForURL((u) => u.searchParams.has('diganti')), page.getByRole('button', { name: 'Ganti berkas kuitansi-007.jpg' }).click()]);
    await expect(testText(page, 'flash')).resolves.toBe('Bukti diganti; berkas lama tetap tersimpan dan tercatat.');
    await expect(page.getByTestId('evidence-item').count()).resolves.toBe(1);
    await expect(item(page, 'kuitansi-007-lengkap.jpg').getByTestId('replaces').textContent()).resolves.toBe(
      'Mengganti kuitansi-007.jpg; alasan: Foto kuitansi terpotong, tanda tangan tidak terlihat',
    );
    await expect(page.getByTestId('replaced-item').textContent()).resolves.toMatch(/kuitansi-007\.jpg[^]*diganti dengan kuitansi-007-lengkap\.jpg pada/);
    await checkPage(page, 'bukti-diganti');

    const rows = await evidenceRows();
    expect(rows.map((r) => [r.file_name, r.sha256, r.supersedes_id, r.supersede_reason])).toEqual([
      ['kuitansi-007.jpg', sha256(first), null, null],
      ['kuitansi-007-lengkap.jpg', sha256(second), row.id, 'Foto kuitansi terpotong, tanda tangan tidak terlihat'],
    ]);
    const events = await w.db.query(`SELECT action, reason FROM audit_event WHERE entity = 'evidence' ORDER BY at, seq`);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['evidence.upload', 'evidence.supersede']);
    expect(csp).toEqual([]);
  });

  it('a payment sent with a photo that does not decode is refused with the photo named, and nothing is booked', async () => {
    const page = await signedIn(w, bendahara.username);
    const bku = `/buku/${KEL}/${YEAR}/${Number(TODAY.slice(5, 7))}`;
    await page.goto(`${bku}/bayar`);
    const csrf = await page.evaluate(() => (JSON.parse(document.body.getAttribute('hx-headers') ?? '{}') as Record<string, string>)['X-CSRF-Token'] ?? '');
    const [{ n: before }] = await w.db.query(`SELECT count(*)::int AS n FROM spending_entry`);
    const broken = (await jpeg(120)).subarray(0, 200);
    const res = await page.request.post(`${bku}/bayar?_csrf=${encodeURIComponent(csrf)}`, {
      multipart: {
        planLineId: lineId, date: TODAY, amount: '250.000', description: 'Cetak spanduk', payee: 'Percetakan Jaya', evidenceNo: `008/TBP/KEL/${YEAR}`,
        method: 'TUNAI', kind: 'KUITANSI', file: { name: 'kuitansi-008.jpg', mimeType: 'image/jpeg', buffer: broken },
      },
    });
    expect(res.status()).toBe(400);
    expect(await res.text()).toContain('Gambar rusak atau terpotong');
    const [{ n: after }] = await w.db.query(`SELECT count(*)::int AS n FROM spending_entry`);
    expect(after).toBe(before);
  });

  it('the auditor and the lurah read the same page; only the lurah may add; out of region it is a 404', async () => {
    const auditorPage = await signedIn(w, auditor.username);
    await auditorPage.goto(`/bukti/${paymentId}`);
    await expect(auditorPage.getByTestId('evidence-item').count()).resolves.toBe(1);
    await expect(auditorPage.getByTestId('replaced-item').count()).resolves.toBe(1);
    await expect(auditorPage.getByTestId('replace-form').count()).resolves.toBe(0);
    await expect(auditorPage.getByTestId('add-form').count()).resolves.toBe(0);
    await checkPage(auditorPage, 'bukti-auditor');
    // The trail links the payment's event to this page.
    await auditorPage.goto('/audit/jejak?entity=spending_entry');
    await expect(auditorPage.getByRole('link', { name: 'Bukti pembayaran' }).first().getAttribute('href')).resolves.toBe(`/bukti/${paymentId}`);
    // A forged post as the auditor is refused by role and writes nothing.
    const [current] = (await evidenceRows()).slice(-1);
    const csrf = await auditorPage.evaluate(() => (JSON.parse(document.body.getAttribute('hx-headers') ?? '{}') as Record<string, string>)['X-CSRF-Token'] ?? '');
    const forged = await auditorPage.request.post(`/bukti/${paymentId}/ganti/${current.id}?_csrf=${encodeURIComponent(csrf)}`, {
      multipart: { kind: 'KUITANSI', reason: 'coba', file: { name: 'x.jpg', mimeType: 'image/jpeg', buffer: await jpeg(10) } },
    });
    expect(forged.status()).toBe(403);
    expect(await evidenceRows()).toHaveLength(2);

    const lurahPage = await signedIn(w, lurah.username);
    await lurahPage.goto(`/bukti/${paymentId}`);
    await expect(lurahPage.getByTestId('add-form').count()).resolves.toBe(1);

    const strangerPage = await signedIn(w, stranger.username);
    expect((await strangerPage.goto(`/bukti/${paymentId}`))!.status()).toBe(404);
    expect((await strangerPage.goto(`/bukti/berkas/${current.id}`))!.status()).toBe(404);
    expect((await strangerPage.goto(`/bukti/bukan-uuid`))!.status()).toBe(404);
  });
});

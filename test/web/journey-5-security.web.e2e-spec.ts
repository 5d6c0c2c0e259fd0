import { UsersService } from '../../src/modules/users/users.service';
import { currentYear } from '../../src/web/plans/plan-view';
import { createPlanInState } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, login, signedIn, startWebApp, WebApp } from './browser';
import { testText } from './plan-helpers';

const YEAR = currentYear();

describe('journey 5: scope, CSRF and ended sessions in the browser', () => {
  let w: WebApp;
  let lurahA: { id: string; username: string };
  let ownPlan: string;
  let otherPlan: string;

  beforeAll(async () => {
    w = await startWebApp();
    await importKabkota({ app: w.app } as never, '35.73');
    lurahA = await insertUser(w.db, 'lurah', '35.73.01.1001', { fullName: 'Lurah Balearjosari' });
    const t = { app: w.app, db: w.db } as never;
    ownPlan = (await createPlanInState(t, 'draft', { kelurahanCode: '35.73.01.1001', year: YEAR, lurah: { ...lurahA, role: 'lurah', regionCode: '35.73.01.1001' } })).planId;
    otherPlan = (await createPlanInState(t, 'submitted', { kelurahanCode: '35.73.01.1002', year: YEAR })).planId;
  });
  afterAll(async () => w?.close());

  it("shows another kelurahan's plan exactly like a missing one: the 404 page", async () => {
    const page = await signedIn(w, lurahA.username);
    const own = await page.goto(`/rencana/lihat/${ownPlan}`);
    expect(own?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/rencana/${YEAR}`);

    const other = await page.goto(`/rencana/lihat/${otherPlan}`);
    expect(other?.status()).toBe(404);
    const otherText = await page.locator('main').innerText();
    await checkPage(page, 'galat-404-rencana-lain');
    const missing = await page.goto('/rencana/lihat/00000000-0000-4000-8000-000000000000');
    expect(missing?.status()).toBe(404);
    expect(await page.locator('main').innerText()).toBe(otherText);
    expect(otherText).toContain('Halaman tidak ditemukan');
    await expect(page.getByRole('link', { name: 'Kembali ke Beranda' }).count()).resolves.toBe(1);

    // A camat of another kecamatan gets the same page for that plan; a lurah may not open the camat's pages at all.
    const camatOther = await insertUser(w.db, 'camat', '35.73.02');
    const camat = await signedIn(w, camatOther.username);
    const res = await camat.goto(`/persetujuan/${otherPlan}`);
    expect(res?.status()).toBe(404);
    expect(await camat.locator('main').innerText()).toBe(otherText);
    const forbidden = await page.goto('/persetujuan');
    expect(forbidden?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Akses ditolak');
    await checkPage(page, 'galat-403');
  });

  it('refuses a form posted without its CSRF token (403 page) and changes nothing', async () => {
    const page = await signedIn(w, lurahA.username);
    await page.goto(`/rencana/${YEAR}`);
    const before = await testText(page, 'plan-total');
    // The real form, with its token removed, sent by the browser itself.
    await page.locator('#tambah form input[name="_csrf"]').evaluate((el) => el.remove());
    const form = page.locator('#tambah form');
    await form.getByLabel('Kategori').selectOption('pemberdayaan');
    await form.getByLabel('Sub-jenis').selectOption('B4');
    await form.getByLabel('Uraian').fill('Tanpa token');
    await form.getByLabel('Kode rekening').fill('5.1.02.01.01.0052');
    await form.getByLabel('Volume', { exact: true }).fill('1');
    await form.getByLabel('Satuan', { exact: true }).selectOption('PAKET');
    await form.getByLabel('Harga satuan (Rp)').fill('1.000');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: 'Tambah rincian' }).click()]);
    expect(res.status()).toBe(403);
    await page.waitForLoadState('load');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Akses ditolak');
    await expect(page.locator('main').textContent()).resolves.toContain('Formulir ini kedaluwarsa atau tidak sah');
    await page.goto(`/rencana/${YEAR}`);
    await expect(testText(page, 'plan-total')).resolves.toBe(before);
    // A wrong token is refused too, also from htmx (header) and a cross-site style post.
    const wrong = await page.request.post(`/rencana/${YEAR}/ajukan`, { headers: { 'x-csrf-token': 'x'.repeat(43) }, maxRedirects: 0 });
    expect(wrong.status()).toBe(403);
    await expect(testText(page, 'plan-status')).resolves.toBe('Draf');
  });

  it("ends a deactivated user's open session at the next request", async () => {
    const page = await signedIn(w, lurahA.username);
    await page.goto(`/rencana/${YEAR}`);
    const admin = await insertUser(w.db, 'admin', '35.73');
    const actor = { id: admin.id, username: admin.username, fullName: 'Admin', role: 'admin' as const, regionCode: '35.73' };
    await w.app.get(UsersService).setActive(actor, lurahA.id, false);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Beranda' }).click();
    await page.waitForURL(/\/masuk\?sesi=berakhir/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Sesi berakhir, silakan masuk lagi');
    // Signing in again is refused as for any inactive account.
    await page.getByLabel('Nama pengguna').fill(lurahA.username);
    await page.getByLabel('Kata sandi').fill('kata-sandi-uji-123');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Nama pengguna atau kata sandi salah');
    // Reactivating the account does not revive the old session: the person signs in again.
    await w.app.get(UsersService).setActive(actor, lurahA.id, true);
    await page.goto('/');
    await page.waitForURL(/\/masuk/);
    await login(page, lurahA.username);
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('lets the lurah add a line and submit with JavaScript switched off', async () => {
    const context = await w.browser.newContext({ baseURL: w.baseUrl, javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      await login(page, lurahA.username);
      await page.goto(`/rencana/${YEAR}`);
      const form = page.locator('#tambah form');
      await form.getByLabel('Kategori').selectOption('pemberdayaan');
      await form.getByLabel('Sub-jenis').selectOption('B4');
      await form.getByLabel('Uraian').fill('Konsumsi rapat RT tanpa JavaScript');
      await form.getByLabel('Kode rekening').fill('5.1.02.01.01.0052');
      await form.getByLabel('Volume', { exact: true }).fill('10');
      await form.getByLabel('Satuan', { exact: true }).selectOption('ORANG_KALI');
      await form.getByLabel('Harga satuan (Rp)').fill('25.000');
      await Promise.all([page.waitForURL(new RegExp(`/rencana/${YEAR}#rincian$`)), form.getByRole('button', { name: 'Tambah rincian' }).click()]);
      await expect(page.locator('table.plan-lines').textContent()).resolves.toContain('Konsumsi rapat RT tanpa JavaScript');
      await expect(testText(page, 'plan-total')).resolves.toBe('Rp 157.600.000');
      await page.getByRole('link', { name: 'Ajukan ke camat' }).click();
      await Promise.all([page.waitForURL(new RegExp(`/rencana/${YEAR}$`)), page.getByRole('button', { name: 'Ajukan', exact: true }).click()]);
      await expect(testText(page, 'plan-status')).resolves.toBe('Diajukan');
    } finally {
      await context.close();
    }
  });
});

import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, login, signedIn, startWebApp, WebApp } from './browser';

describe('web app foundation (real browser)', () => {
  let w: WebApp;
  let lurah: { id: string; username: string };
  let admin: { id: string; username: string };

  beforeAll(async () => {
    w = await startWebApp({ LOGIN_RATE_LIMIT_USERNAME: '8' });
    await importKabkota({ app: w.app } as never, '35.73');
    lurah = await insertUser(w.db, 'lurah', '35.73.01.1001', { fullName: 'Siti Rahmawati, S.Sos.' });
    admin = await insertUser(w.db, 'admin', '35.73', { fullName: 'Bambang Admin' });
  });
  afterAll(async () => w?.close());

  it('signs in through /masuk, shows the full name and the role menu, and signs out', async () => {
    const page = await (await w.context()).newPage();
    const csp = collectCspViolations(page);
    await page.goto('/');
    await page.waitForURL(/\/masuk/);
    await checkPage(page, 'masuk');
    await login(page, lurah.username);
    await page.waitForURL((u) => u.pathname === '/');
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('Siti Rahmawati, S.Sos.');
    await expect(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link').allTextContents()).resolves.toEqual(['Beranda', 'Rencana', 'Laporan']);
    await expect(page.locator('header').textContent()).resolves.toContain('Lurah');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'dk_sesi');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    // Nothing about the session is readable by scripts, and no token sits in web storage.
    const visible = await page.evaluate(() => ({ cookie: document.cookie, storage: JSON.stringify(localStorage) + JSON.stringify(sessionStorage) }));
    expect(visible.cookie).toBe('');
    expect(visible.storage).not.toContain(session!.value);
    expect(visible.storage).not.toMatch(/token|sesi|csrf/i);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(/\/masuk\?keluar=1/);
    await page.goto('/');
    await page.waitForURL(/\/masuk/);
    expect(csp).toEqual([]);
  });

  it('signs in with the keyboard alone, with a visible focus ring on every stop', async () => {
    const page = await (await w.context()).newPage();
    await page.goto('/masuk');
    const ring = async () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const st = getComputedStyle(el);
        return { tag: el.tagName, name: el.getAttribute('name') ?? el.textContent?.trim(), outline: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2 };
      });
    await page.keyboard.press('Tab'); // the skip link comes first
    await expect(ring()).resolves.toMatchObject({ tag: 'A', name: 'Langsung ke isi', outline: true });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(ring()).resolves.toMatchObject({ tag: 'INPUT', name: 'username', outline: true });
    await page.keyboard.type(lurah.username);
    await page.keyboard.press('Tab');
    await expect(ring()).resolves.toMatchObject({ name: 'password', outline: true });
    await page.keyboard.type('kata-sandi-uji-123');
    await page.keyboard.press('Tab');
    await expect(ring()).resolves.toMatchObject({ tag: 'BUTTON', name: 'Masuk', outline: true });
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('Siti Rahmawati, S.Sos.');
  });

  it('tells a wrong password next to the form, in Indonesian', async () => {
    const page = await (await w.context()).newPage();
    await page.goto('/masuk');
    await page.getByLabel('Nama pengguna').fill(lurah.username);
    await page.getByLabel('Kata sandi').fill('salah-sekali');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Nama pengguna atau kata sandi salah');
    expect(new URL(page.url()).pathname).toBe('/masuk');
  });

  it('shows an HTML 404 page with a way back, for pages only (the API keeps JSON)', async () => {
    const page = await (await w.context()).newPage();
    await login(page, admin.username);
    const res = await page.goto('/tidak-ada-halaman-ini');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Halaman tidak ditemukan');
    await expect(page.getByRole('link', { name: 'Kembali ke Beranda' }).getAttribute('href')).resolves.toBe('/');
    await checkPage(page, 'error-404');
    const api = await page.request.get('/api/tidak-ada');
    expect(api.status()).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('refuses a form posted without its CSRF token with a 403 page', async () => {
    const page = await (await w.context()).newPage();
    await login(page, lurah.username);
    const res = await page.request.post('/keluar', { form: { anything: 'x' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(res.headers()['content-type']).toMatch(/text\/html/);
    expect(await res.text()).toContain('Akses ditolak');
    // The session is still there: the refused request changed nothing.
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('ends an idle session with "Sesi berakhir, silakan masuk lagi"', async () => {
    const page = await (await w.context()).newPage();
    await login(page, lurah.username);
    await w.db.query(`UPDATE web_session SET last_seen_at = now() - interval '2 hours' WHERE user_id = $1`, [lurah.id]);
    await page.goto('/');
    await page.waitForURL(/\/masuk\?sesi=berakhir/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Sesi berakhir, silakan masuk lagi');
  });

  it('counts login attempts of the API and of the form in the same window', async () => {
    const target = await insertUser(w.db, 'lurah', '35.73.01.1003');
    const page = await (await w.context()).newPage();
    for (let i = 0; i < 8; i++) {
      const r = await page.request.post('/api/auth/login', { data: { username: target.username, password: 'salah' } });
      expect(r.status()).toBe(401);
    }
    await page.goto('/masuk');
    await page.getByLabel('Nama pengguna').fill(target.username);
    await page.getByLabel('Kata sandi').fill('salah');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Masuk' }).click()]);
    expect(res.status()).toBe(429);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Terlalu banyak percobaan');
  });

  it('gives the admin, the bendahara and the auditor a Beranda of their own, each clean at both widths', async () => {
    const bendahara = await insertUser(w.db, 'bendahara', '35.73.01.1001', { fullName: 'Rudi Bendahara' });
    const auditor = await insertUser(w.db, 'auditor', '35.73', { fullName: 'Sri Auditor' });
    const a = await signedIn(w, admin.username);
    await expect(a.getByTestId('setup-list').textContent()).resolves.toMatch(/Wilayah: 5 kecamatan, 57 kelurahan/);
    await expect(a.getByRole('navigation', { name: 'Menu utama' }).getByRole('link').allTextContents()).resolves.toEqual(['Beranda', 'Dasbor', 'Pengguna', 'Alokasi', 'Wilayah', 'Audit', 'Laporan', 'Kelengkapan', 'Peringatan']);
    await checkPage(a, 'beranda-admin');
    const b = await signedIn(w, bendahara.username);
    await expect(b.getByTestId('fig-pagu').textContent()).resolves.toBe('Rp 0');
    await checkPage(b, 'beranda-bendahara');
    const au = await signedIn(w, auditor.username);
    await expect(au.locator('main table').textContent()).resolves.toContain('Blimbing');
    await checkPage(au, 'beranda-auditor');
    await au.goto('/keluar');
    await checkPage(au, 'keluar');
    await au.getByRole('main').getByRole('button', { name: 'Keluar' }).click();
    await au.waitForURL(/\/masuk\?keluar=1/);
  });

  it('serves Bootstrap and htmx from the app, compressed, and keeps /api/docs working under its own CSP', async () => {
    const page = await (await w.context()).newPage();
    const css = await page.request.get('/assets/bootstrap/css/bootstrap.min.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(css.status()).toBe(200);
    expect(css.headers()['content-encoding']).toBe('gzip');
    const js = await page.request.get('/assets/htmx/htmx.min.js');
    expect(js.status()).toBe(200);
    const csp = collectCspViolations(page);
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .info').waitFor();
    expect(csp).toEqual([]);
    const health = await page.request.get('/api/health', { headers: { 'accept-encoding': 'gzip' } });
    expect(health.headers()['content-encoding']).toBeUndefined();
  });
});

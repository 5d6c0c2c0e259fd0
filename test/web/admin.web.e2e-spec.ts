import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, login, signedIn, startWebApp, WebApp } from './browser';

const YEAR = new Date().getFullYear();
const rows = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr');

describe('admin pages (real browser)', () => {
  let w: WebApp;
  let admin: { id: string; username: string };
  let adminKediri: { id: string; username: string };

  beforeAll(async () => {
    w = await startWebApp({ LOGIN_RATE_LIMIT_IP: '1000', LOGIN_RATE_LIMIT_USERNAME: '1000' });
    await importKabkota({ app: w.app } as never, '35.73', '35.71');
    admin = await insertUser(w.db, 'admin', '35.73', { fullName: 'Bambang Sutrisno, S.Sos.' });
    adminKediri = await insertUser(w.db, 'admin', '35.71', { fullName: 'Admin Kediri' });
    await insertUser(w.db, 'camat', '35.73.01', { username: 'camat.blimbing' });
    await insertUser(w.db, 'auditor', '35.73', { username: 'auditor.malang' });
    await insertUser(w.db, 'lurah', '35.71.01.1001', { username: 'lurah.kediri' });
    // 27 lurah in Kecamatan Blimbing and Klojen: more than one page of 25.
    for (let i = 0; i < 27; i++) await insertUser(w.db, 'lurah', i < 11 ? `35.73.01.${1001 + i}` : '35.73.02.1001', { username: `lurah.uji${String(i).padStart(2, '0')}` });
  });
  afterAll(async () => w?.close());

  it('lists the users of the admin region only, with filters that keep their paging', async () => {
    const page = await signedIn(w, admin.username);
    const csp = collectCspViolations(page);
    await page.goto('/admin/pengguna');
    await expect(page.getByTestId('pager-summary').textContent()).resolves.toBe('1–25 dari 30 · halaman 1 dari 2');
    // Kota Kediri's users are not in Kota Malang's list.
    await expect(page.locator('tr[data-username="lurah.kediri"]').count()).resolves.toBe(0);
    await checkPage(page, 'admin-pengguna');

    await page.getByLabel('Peran').selectOption('lurah');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/role=lurah/);
    await expect(page.getByTestId('pager-summary').textContent()).resolves.toBe('1–25 dari 27 · halaman 1 dari 2');
    await page.getByRole('link', { name: 'Berikutnya ›' }).click();
    await page.waitForURL(/page=2/);
    expect(new URL(page.url()).searchParams.get('role')).toBe('lurah');
    await expect(rows(page, 'users-table').count()).resolves.toBe(2);

    await page.goto('/admin/pengguna');
    await page.getByLabel('Wilayah').selectOption('35.73.02');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/region=35\.73\.02/);
    await expect(rows(page, 'users-table').count()).resolves.toBe(16);
    await expect(rows(page, 'users-table').first().textContent()).resolves.toContain('Klojen');

    // A region outside Kota Malang is refused next to the filter, like one that does not exist.
    const res = await page.goto('/admin/pengguna?region=35.71.01');
    expect(res?.status()).toBe(404);
    await expect(page.locator('#region-error').textContent()).resolves.toContain('tidak ditemukan');
    expect(csp).toEqual([]);
  });

  it('creates a user: the DTO refusals show next to their fields in Indonesian, a good form lands in the list', async () => {
    const page = await signedIn(w, admin.username);
    await page.goto('/admin/pengguna/baru');
    await checkPage(page, 'admin-pengguna-baru');
    await page.getByLabel('Nama pengguna').fill('x');
    await page.getByLabel('Kata sandi awal').fill('pendek');
    await page.getByRole('button', { name: 'Simpan pengguna' }).click();
    await expect(page.locator('#username-error').textContent()).resolves.toMatch(/^Nama pengguna harus 3–64 karakter/);
    await expect(page.locator('#password-error').textContent()).resolves.toMatch(/^Kata sandi minimal 10 karakter/);
    await expect(page.locator('#fullName-error').textContent()).resolves.toBe('Nama lengkap wajib diisi');
    await expect(page.locator('#role-error').textContent()).resolves.toBe('Peran wajib diisi');
    await expect(page.getByLabel('Nama pengguna').getAttribute('aria-describedby')).resolves.toContain('username-error');
    // What was typed stays, except the password.
    await expect(page.getByLabel('Nama pengguna').inputValue()).resolves.toBe('x');
    await expect(page.getByLabel('Kata sandi awal').inputValue()).resolves.toBe('');
    await checkPage(page, 'admin-pengguna-baru-galat');

    // With JavaScript, the region picker offers only the level of the chosen role.
    await page.getByLabel('Nama pengguna').fill('bendahara.arjosari');
    await page.getByLabel('Nama lengkap').fill('Rina Puspitasari, A.Md.');
    await page.getByLabel('Wilayah').selectOption('35.73.01');
    await page.getByLabel('Peran').selectOption('bendahara');
    await expect(page.locator('#regionCode option[value="35.73.01"]').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#regionCode option[value="35.73.01.1002"]').isDisabled()).resolves.toBe(false);
    await expect(page.getByLabel('Wilayah').inputValue()).resolves.toBe('');

    await page.getByLabel('Kata sandi awal').fill('kata-sandi-bendahara-1');
    await page.getByLabel('Wilayah').selectOption('35.73.01.1002');
    await page.getByLabel('NIP').fill('19910205 201503 1 001');
    await page.getByRole('button', { name: 'Simpan pengguna' }).click();
    await page.waitForURL(/\/admin\/pengguna\?dibuat=bendahara\.arjosari/);
    await expect(page.getByTestId('flash').textContent()).resolves.toContain('bendahara.arjosari sudah dibuat');
    const [row] = await w.db.query(`SELECT role, region_code, nip, full_name FROM app_user WHERE username = 'bendahara.arjosari'`);
    expect(row).toEqual({ role: 'bendahara', region_code: '35.73.01.1002', nip: '199102052015031001', full_name: 'Rina Puspitasari, A.Md.' });

    // The same name again is refused next to the name.
    await page.goto('/admin/pengguna/baru');
    await page.getByLabel('Nama pengguna').fill('Bendahara.Arjosari');
    await page.getByLabel('Kata sandi awal').fill('kata-sandi-bendahara-1');
    await page.getByLabel('Nama lengkap').fill('Orang Lain');
    await page.getByLabel('Peran').selectOption('bendahara');
    await page.getByLabel('Wilayah').selectOption('35.73.01.1002');
    await page.getByRole('button', { name: 'Simpan pengguna' }).click();
    await expect(page.locator('#username-error').textContent()).resolves.toContain('sudah dipakai');
  });

  it('deactivates a user, whose open browser session ends at once, and activates it again', async () => {
    const target = await insertUser(w.db, 'lurah', '35.73.03.1001', { username: 'lurah.nonaktif', fullName: 'Lurah Yang Dinonaktifkan' });
    const theirs = await signedIn(w, target.username);
    const page = await signedIn(w, admin.username);
    page.on('dialog', (d) => void d.accept());
    await page.goto('/admin/pengguna?region=35.73.03');
    const row = page.locator('tr[data-username="lurah.nonaktif"]');
    await row.getByRole('button', { name: 'Nonaktifkan' }).click();
    await page.waitForURL(/dinonaktifkan=lurah\.nonaktif/);
    expect(new URL(page.url()).searchParams.get('region')).toBe('35.73.03');
    await expect(page.getByTestId('flash').textContent()).resolves.toContain('sesi yang masih terbuka sudah berakhir');
    await expect(row.getByText('Nonaktif', { exact: true }).count()).resolves.toBe(1);
    await theirs.goto('/');
    expect(new URL(theirs.url()).pathname).toBe('/masuk');

    await row.getByRole('button', { name: 'Aktifkan' }).click();
    await page.waitForURL(/diaktifkan=lurah\.nonaktif/);
    await expect(row.getByText('Aktif', { exact: true }).count()).resolves.toBe(1);
    await login(theirs, target.username);
    expect(new URL(theirs.url()).pathname).toBe('/');

    // A user of another kab/kota is the 404 page, and nothing changes.
    const [kediri] = await w.db.query(`SELECT id FROM app_user WHERE username = 'lurah.kediri'`);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const res = await page.request.post(`/admin/pengguna/${kediri.id}/nonaktifkan`, { form: { _csrf: token }, maxRedirects: 0 });
    expect(res.status()).toBe(404);
    expect(await res.text()).toContain('Halaman tidak ditemukan');
    expect((await w.db.query(`SELECT active FROM app_user WHERE id = $1`, [kediri.id]))[0].active).toBe(true);
  });

  it('sets pagu in bulk after a preview, then edits one kelurahan and shows its history', async () => {
    const page = await signedIn(w, admin.username);
    const csp = collectCspViolations(page);
    await page.goto('/admin/alokasi');
    await expect(page.getByTestId('with-allocation').textContent()).resolves.toBe('0 dari 57');
    await checkPage(page, 'admin-alokasi');

    await page.getByLabel('Pagu per kelurahan (Rp)').fill('1.000.000,50');
    await page.getByLabel('Wilayah', { exact: true }).last().selectOption('35.73.01');
    await page.getByRole('button', { name: 'Periksa dan tetapkan…' }).click();
    await expect(page.locator('#amount-error').textContent()).resolves.toMatch(/^Pagu harus berupa bilangan bulat rupiah/);

    await page.locator('#regionCode').selectOption('35.73.01');
    await page.getByLabel('Pagu per kelurahan (Rp)').fill('1.000.000.000');
    await page.getByLabel('Dasar/keterangan').fill('Perwali No. 12 Tahun 2026');
    await page.getByRole('button', { name: 'Periksa dan tetapkan…' }).click();
    await expect(page.getByTestId('bulk-preview').textContent()).resolves.toMatch(/Rp\s1\.000\.000\.000[\s\S]*Blimbing[\s\S]*11 kelurahan/);
    expect(await w.db.query('SELECT count(*)::int AS n FROM allocation')).toEqual([{ n: 0 }]);
    await checkPage(page, 'admin-alokasi-konfirmasi');
    await page.getByRole('button', { name: 'Ya, tetapkan pagu' }).click();
    await page.waitForURL(/ok=massal/);
    await expect(page.getByTestId('flash').textContent()).resolves.toBe('Pagu ditetapkan untuk 11 kelurahan: 11 baru, 0 berubah, 0 sudah sama.');
    await expect(page.getByTestId('with-allocation').textContent()).resolves.toBe('11 dari 11');
    await expect(page.getByTestId('total-amount').textContent()).resolves.toMatch(/^Rp\s11\.000\.000\.000$/);

    await page.getByRole('link', { name: 'Ubah pagu Balearjosari' }).click();
    await page.waitForURL(new RegExp(`/admin/alokasi/${YEAR}/35\\.73\\.01\\.1001$`));
    await expect(page.getByLabel('Pagu (Rp)').inputValue()).resolves.toBe('1.000.000.000');
    await page.getByLabel('Pagu (Rp)').fill('-5');
    await page.getByRole('button', { name: 'Simpan pagu' }).click();
    await expect(page.locator('#amount-error').textContent()).resolves.toContain('Pagu harus');
    await page.getByLabel('Pagu (Rp)').fill('1.250.000.000');
    await page.getByLabel('Dasar/keterangan perubahan').fill('Tambahan DAU');
    await page.getByRole('button', { name: 'Simpan pagu' }).click();
    await page.waitForURL(/disimpan=1/);
    await expect(page.getByTestId('current-amount').textContent()).resolves.toMatch(/^Rp\s1\.250\.000\.000$/);
    const history = rows(page, 'history-table');
    await expect(history.count()).resolves.toBe(2);
    await expect(history.first().textContent()).resolves.toMatch(/Bambang Sutrisno[\s\S]*Rp\s1\.000\.000\.000[\s\S]*Rp\s1\.250\.000\.000[\s\S]*Tambahan DAU/);
    await checkPage(page, 'admin-alokasi-kelurahan');

    // The page's downloads are the API's realisasi files for the chosen region: pagu per kelurahan included.
    await page.goto(`/admin/alokasi?region=35.73.01`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((s) => {
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
      });
    });
    expect(csv).toMatch(/Balearjosari.*1250000000/);
    expect(csv).toMatch(/Arjosari.*1000000000/);
    const xlsx = await page.request.get(`/admin/alokasi/unduh.xlsx?year=${YEAR}&region=35.73.01`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    expect((await page.request.get('/admin/alokasi/unduh.csv?region=35.71')).status()).toBe(404);

    // Out of scope is the same 404 page as a kelurahan that does not exist.
    for (const url of [`/admin/alokasi/${YEAR}/35.71.01.1001`, `/admin/alokasi/${YEAR}/35.73.01.1999`, '/admin/alokasi/1990/35.73.01.1001']) {
      const res = await page.goto(url);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Halaman tidak ditemukan');
    }
    expect(csp).toEqual([]);
  });

  it('imports the region CSV of its own kab/kota and shows the counts, or the lines that are wrong', async () => {
    const page = await signedIn(w, adminKediri.username);
    await page.goto('/admin/wilayah');
    await expect(page.getByTestId('count-kelurahan').textContent()).resolves.toBe('46');
    await checkPage(page, 'admin-wilayah');
    await expect(page.getByLabel('Kab/Kota').inputValue()).resolves.toBe('35.71');
    await page.getByLabel('Berkas CSV wilayah').setInputFiles(NATIONAL_REGION_FILE);
    await page.getByRole('button', { name: 'Impor' }).click();
    await expect(page.getByTestId('import-result').textContent()).resolves.toMatch(/1 kab\/kota, 3 kecamatan dan 46 kelurahan[\s\S]*0 wilayah baru/);

    const bad = [
      'kode_provinsi,nama_provinsi,kode_kabkota,nama_kabkota,kode_kecamatan,nama_kecamatan,kode_kelurahan,nama_kelurahan',
      '35,Jawa Timur,35.71,Kota Kediri,35.71.01,Mojoroto,35.71.01.1001,Pojok',
      '35,Jawa Timur,35.71,Kota Kediri,35.71.01,Mojoroto,35.71.9.1002,Campurejo',
    ].join('\n');
    await page.getByLabel('Berkas CSV wilayah').setInputFiles({ name: 'salah.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Impor' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('tidak ada data yang diimpor');
    await expect(rows(page, 'line-errors').first().textContent()).resolves.toMatch(/^3kode_kelurahan/);
    await checkPage(page, 'admin-wilayah-galat');

    // No file: said next to the file input.
    await page.getByRole('button', { name: 'Impor' }).click();
    await expect(page.locator('#file-error').textContent()).resolves.toContain('Pilih berkas CSV');
    // A file over the upload limit is refused next to the file input.
    const action = (await page.locator('form[enctype="multipart/form-data"]').getAttribute('action'))!;
    const big = await page.request.post(action, { multipart: { file: { name: 'besar.csv', mimeType: 'text/csv', buffer: Buffer.alloc(21 * 1024 * 1024, 'a') } } });
    expect(big.status()).toBe(400);
    expect(await big.text()).toContain('Ukuran berkas paling besar 20 MB');
    // An upload without its CSRF token is refused.
    const res = await page.request.post('/admin/wilayah/impor', { multipart: { file: { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) } } });
    expect(res.status()).toBe(403);
  });

  it('is an admin page only: other roles get the 403 page and no admin menu', async () => {
    const page = await signedIn(w, 'camat.blimbing');
    await expect(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pengguna' }).count()).resolves.toBe(0);
    for (const url of ['/admin/pengguna', '/admin/pengguna/baru', '/admin/alokasi', `/admin/alokasi/${YEAR}/35.73.01.1001`, '/admin/wilayah']) {
      const res = await page.goto(url);
      expect(res?.status()).toBe(403);
    }
  });

  it('works without JavaScript: create a user and set pagu in bulk', async () => {
    const context = await w.browser.newContext({ baseURL: w.baseUrl, javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      await login(page, admin.username);
      await page.goto('/admin/pengguna/baru');
      await page.getByLabel('Nama pengguna').fill('camat.klojen');
      await page.getByLabel('Kata sandi awal').fill('kata-sandi-camat-123');
      await page.getByLabel('Nama lengkap').fill('Drs. Camat Klojen');
      await page.getByLabel('Peran').selectOption('camat');
      // Without JavaScript every level is offered; a role at the wrong level is refused next to the picker.
      await page.getByLabel('Wilayah').selectOption('35.73.02.1001');
      await page.getByRole('button', { name: 'Simpan pengguna' }).click();
      await expect(page.locator('#regionCode-error').textContent()).resolves.toContain('kecamatan');
      await expect(page.getByLabel('Nama lengkap').inputValue()).resolves.toBe('Drs. Camat Klojen');
      await page.getByLabel('Kata sandi awal').fill('kata-sandi-camat-123');
      await page.getByLabel('Wilayah').selectOption('35.73.02');
      await page.getByRole('button', { name: 'Simpan pengguna' }).click();
      await page.waitForURL(/dibuat=camat\.klojen/);
      await page.goto('/admin/alokasi?region=35.73.02');
      await page.locator('#regionCode').selectOption('35.73.02');
      await page.getByLabel('Pagu per kelurahan (Rp)').fill('900000000');
      await page.getByRole('button', { name: 'Periksa dan tetapkan…' }).click();
      await page.getByRole('button', { name: 'Ya, tetapkan pagu' }).click();
      await page.waitForURL(/ok=massal/);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM allocation WHERE kelurahan_code LIKE '35.73.02.%' AND amount = 900000000`);
      expect(n).toBeGreaterThan(0);
      await expect(page.getByTestId('flash').textContent()).resolves.toContain(`${n} baru`);
    } finally {
      await context.close();
    }
  });

  // Journey 4: a national admin brings a new kab/kota in, gives it a bendahara and its pagu.
  it('journey: an admin imports one kab/kota from the national CSV, creates a bendahara, sets allocations in bulk', async () => {
    const national = await insertUser(w.db, 'admin', null, { fullName: 'Admin Nasional' });
    const page = await signedIn(w, national.username);
    page.on('dialog', (d) => void d.accept());
    const csp = collectCspViolations(page);

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Wilayah' }).click();
    await page.getByLabel('Kode kab/kota').fill('35.77');
    await page.getByLabel('Berkas CSV wilayah').setInputFiles(path.resolve(NATIONAL_REGION_FILE));
    await page.getByRole('button', { name: 'Impor' }).click();
    const madiun = (await w.db.query(`SELECT level, count(*)::int AS n FROM region WHERE code LIKE '35.77%' GROUP BY level ORDER BY level`)) as Array<{ level: string; n: number }>;
    const kel = madiun.find((r) => r.level === 'kelurahan')!.n;
    const kec = madiun.find((r) => r.level === 'kecamatan')!.n;
    expect(kel).toBeGreaterThan(0);
    await expect(page.getByTestId('import-result').textContent()).resolves.toContain(`1 kab/kota, ${kec} kecamatan dan ${kel} kelurahan untuk kab/kota 35.77`);
    await checkPage(page, 'admin-wilayah-impor');

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pengguna' }).click();
    await page.getByRole('link', { name: 'Tambah pengguna' }).click();
    // htmx wires the chooser once the page has loaded; choosing before that would change nothing.
    await page.waitForURL('**/admin/pengguna/baru');
    await page.waitForLoadState('load');
    // With JavaScript the kab/kota chooser fills the region picker in place.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/admin/pengguna/baru') && r.request().headers()['hx-request'] === 'true'),
      page.getByLabel('Kab/Kota tempat pengguna bertugas').selectOption('35.77'),
    ]);
    const firstKel: string = (await w.db.query(`SELECT code FROM region WHERE code LIKE '35.77.%' AND level = 'kelurahan' ORDER BY code LIMIT 1`))[0].code;
    await page.locator(`#regionCode option[value="${firstKel}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Nama pengguna').fill('bendahara.madiun');
    await page.getByLabel('Kata sandi awal').fill('kata-sandi-madiun-1');
    await page.getByLabel('Nama lengkap').fill('Sri Lestari, S.E.');
    await page.getByLabel('Peran').selectOption('bendahara');
    await page.getByLabel('Wilayah').selectOption(firstKel);
    await page.getByRole('button', { name: 'Simpan pengguna' }).click();
    await page.waitForURL(/dibuat=bendahara\.madiun/);

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Alokasi' }).click();
    await page.locator('#regionCode').selectOption('35.77');
    await page.getByLabel('Pagu per kelurahan (Rp)').fill('1.000.000.000');
    await page.getByRole('button', { name: 'Periksa dan tetapkan…' }).click();
    await expect(page.getByTestId('bulk-preview').textContent()).resolves.toContain(`${kel} kelurahan di wilayah ini`);
    await page.getByRole('button', { name: 'Ya, tetapkan pagu' }).click();
    await page.waitForURL(/ok=massal/);
    await expect(page.getByTestId('flash').textContent()).resolves.toBe(`Pagu ditetapkan untuk ${kel} kelurahan: ${kel} baru, 0 berubah, 0 sudah sama.`);
    const [sum] = await w.db.query(`SELECT count(*)::int AS n, sum(amount)::text AS total FROM allocation WHERE kelurahan_code LIKE '35.77.%'`);
    expect(sum).toEqual({ n: kel, total: String(kel * 1_000_000_000) });

    // The new bendahara signs in with the password the admin gave.
    const theirs = await (await w.context()).newPage();
    await login(theirs, 'bendahara.madiun', 'kata-sandi-madiun-1');
    await expect(theirs.getByTestId('user-name').textContent()).resolves.toBe('Sri Lestari, S.E.');
    expect(csp).toEqual([]);
  });
});

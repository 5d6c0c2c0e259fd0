import type { AuthUser } from '../../src/common/auth/auth-user';
import { StandardPricesService } from '../../src/modules/flags/standard-prices.service';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { currentYear } from '../../src/web/plans/plan-view';
import { createPlanInState, PlanLineInput } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, signedIn, startWebApp, WebApp } from './browser';
import { confirm, testText } from './plan-helpers';

const YEAR = currentYear();
const KEL = (n: number) => `35.73.01.${1000 + n}`;
const D = (mmdd: string) => `${YEAR}-${mmdd}`;

type Person = AuthUser;
const person = async (w: WebApp, role: AuthUser['role'], regionCode: string, fullName: string): Promise<Person> => {
  const u = await insertUser(w.db, role, regionCode, { fullName });
  return { id: u.id, username: u.username, fullName, role, regionCode };
};

const lines = (i: number, extra: PlanLineInput[] = [], mamin = 30_000 + i * 500): PlanLineInput[] => [
  { category: 'sarpras', subType: 'A1', description: `Perbaikan saluran RW 0${i}`, accountCode: '5.2.04.01.01.0001', volume: 1, unit: 'PAKET', unitPrice: 10_000_000 },
  { category: 'pemberdayaan', subType: 'B4', description: 'Makan minum rapat LPM', accountCode: '5.1.02.01.01.0052', volume: 100, unit: 'ORANG_KALI', unitPrice: mamin },
  ...extra,
];

describe('journey 11: early warning in the plan pages and on /peringatan', () => {
  let w: WebApp;
  let lurah: Person;
  let camat: Person;
  let auditor: Person;
  let draftId: string;

  beforeAll(async () => {
    w = await startWebApp();
    const t = { app: w.app, db: w.db } as never;
    await importKabkota(t, '35.73');
    lurah = await person(w, 'lurah', KEL(7), 'Ahmad Fauzi');
    camat = await person(w, 'camat', '35.73.01', 'Drs. Hendra Wijaya');
    auditor = await person(w, 'auditor', '35.73', 'Rina Inspektorat');
    const admin = await person(w, 'admin', '35.73', 'Admin Kota');
    await w.app.get(StandardPricesService).import(admin, '35.73', YEAR, 'code,description,unit,price,kind\n1.1.7.02.01.004,Cat tembok 5 kg,BUAH,150000,estimate\n');

    // Kelurahan 1–6: approved plans spent on schedule; 2 books one payment twice, 3 hardly spends.
    for (let k = 1; k <= 6; k++) {
      const plan = await createPlanInState(t, 'approved', { kelurahanCode: KEL(k), year: YEAR, lines: lines(k), allocation: 100_000_000 });
      const u = await insertUser(w.db, 'bendahara', KEL(k));
      const by: AuthUser = { id: u.id, username: u.username, fullName: u.username, role: 'bendahara', regionCode: KEL(k) };
      const pay = (line: number, date: string, amount: number, payee: string, no: string) =>
        w.app.get(SpendingService).record(by, { planLineId: plan.lineIds[line], date, amount, description: 'Belanja', payee, evidenceNo: no });
      if (k === 3) {
        await pay(0, D('03-15'), 1_000_000, 'CV Tirta 3', 'KW/3/1');
        continue;
      }
      await pay(0, D('03-15'), 5_000_000, `CV Tirta ${k}A`, `KW/${k}/1`);
      await pay(0, D('06-15'), 4_000_000, `CV Tirta ${k}B`, `KW/${k}/2`);
      await pay(1, D('09-10'), 2_900_000, `Warung ${k}`, `KW/${k}/3`);
      if (k === 2) {
        await pay(0, D('07-01'), 500_000, 'Toko Abadi', `KW/${k}/9`);
        await pay(0, D('07-01'), 500_000, 'toko abadi ', `KW/${k}/10`);
      }
    }
    // Kelurahan 7: a draft with a festival, meals at three times the going rate and paint above the estimate.
    draftId = (await createPlanInState(t, 'draft', {
      kelurahanCode: KEL(7), year: YEAR, allocation: 100_000_000, lurah,
      lines: lines(7, [
        { category: 'pemberdayaan', subType: 'B2', description: 'Festival seni budaya dan karnaval', accountCode: '5.1.02.02.01.0003', volume: 1, unit: 'PAKET', unitPrice: 20_000_000 },
        { category: 'sarpras', subType: 'A1', description: 'Cat tembok 5 kg', accountCode: '5.1.02.01.01.0031', volume: 10, unit: 'BUAH', unitPrice: 170_000 },
      ], 95_000),
    })).planId;
  }, 240_000);
  afterAll(async () => w?.close());

  it('the lurah sees the flags on the plan lines and gives the reason the estimate asks before submitting', async () => {
    const page = await signedIn(w, lurah.username);
    const csp = collectCspViolations(page);
    await page.goto(`/rencana/${YEAR}`);
    const badges = await page.locator('table.plan-lines').getByTestId('line-flag').allTextContents();
    expect(badges.map((b) => b.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      'Harga di atas estimasi standar (Terbuka)', 'Harga satuan tidak wajar (Terbuka)', 'Penggunaan dipertanyakan (Terbuka)',
    ]);
    await expect(testText(page, 'flags-need-reason')).resolves.toContain('1 rincian di atas estimasi standar harga perlu alasan');
    await checkPage(page, 'rencana-peringatan');

    await page.getByRole('link', { name: 'Ajukan ke camat' }).click();
    await confirm(page, 'Ajukan');
    await expect(page.locator('#form-error').textContent()).resolves.toContain('Rincian "Cat tembok 5 kg": harga satuan Rp 170.000 di atas estimasi Rp 150.000 (1.1.7.02.01.004); berikan alasan sebelum mengajukan');
    await expect(testText(page, 'plan-status')).resolves.toBe('Draf');

    const card = page.locator('[data-testid=flag-card][data-kind=PRICE_ABOVE_ESTIMATE]');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), card.getByRole('button', { name: /^Simpan alasan/ }).click()]);
    await page.locator('#reason-error').waitFor();
    await page.locator('[data-testid=flag-card][data-kind=PRICE_ABOVE_ESTIMATE]').getByLabel('Alasan').fill('Cat eksterior tahan cuaca; tiga penawaran terlampir');
    await Promise.all([page.waitForURL(/#peringatan$/), page.locator('[data-testid=flag-card][data-kind=PRICE_ABOVE_ESTIMATE]').getByRole('button', { name: /^Simpan alasan/ }).click()]);
    await expect(page.locator('[data-testid=flag-card][data-kind=PRICE_ABOVE_ESTIMATE] [data-testid=flag-status]').textContent()).resolves.toBe('Sudah dijelaskan lurah');

    await page.getByRole('link', { name: 'Ajukan ke camat' }).click();
    await confirm(page, 'Ajukan');
    await expect(testText(page, 'plan-status')).resolves.toBe('Diajukan');
    expect(csp).toEqual([]);
  });

  it('the camat reviews the plan with its flags and resolves one with a note, which the audit trail keeps', async () => {
    const page = await signedIn(w, camat.username);
    const csp = collectCspViolations(page);
    await page.goto(`/persetujuan/${draftId}`);
    const kinds = await page.getByTestId('flag-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect([...kinds].sort()).toEqual(['PRICE_ABOVE_ESTIMATE', 'PRICE_OUTLIER', 'QUESTIONABLE_USE']);
    await expect(page.locator('table.plan-lines').textContent()).resolves.toContain('Harga satuan tidak wajar');
    const outlier = page.locator('[data-testid=flag-card][data-kind=PRICE_OUTLIER]');
    await expect(outlier.getByTestId('flag-message').textContent()).resolves.toContain('Makan minum rapat LPM');
    const position = ((await outlier.getByTestId('flag-position').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(position).toContain('Rp 95.000: persentil 100 dari 7 rincian sejenis di kab/kota; median Rp 32.000, rentang Rp 30.500 – Rp 95.000');
    await expect(outlier.locator('meter').getAttribute('value')).resolves.toBe('95000');
    await expect(page.locator('[data-testid=flag-card][data-kind=PRICE_ABOVE_ESTIMATE] [data-testid=flag-reason]').textContent()).resolves.toContain('Cat eksterior tahan cuaca; tiga penawaran terlampir');
    await expect(page.locator('[data-testid=flag-card][data-kind=QUESTIONABLE_USE]').textContent()).resolves.toContain('Festival seni budaya dan karnaval');
    await checkPage(page, 'persetujuan-peringatan');

    const use = () => page.locator('[data-testid=flag-card][data-kind=QUESTIONABLE_USE]');
    const flagId = await use().getAttribute('data-flag-id');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), use().getByRole('button', { name: /^Selesaikan peringatan/ }).click()]);
    await page.locator('#note-error').waitFor();
    await expect(page.locator('#note-error').textContent()).resolves.toMatch(/catatan penyelesaian/i);
    await use().getByLabel('Catatan penyelesaian').fill('Diganti kegiatan pelatihan UMKM; lurah telah diberi tahu');
    await Promise.all([page.waitForURL(/#peringatan$/), use().getByRole('button', { name: /^Selesaikan peringatan/ }).click()]);
    await expect(use().getByTestId('flag-status').textContent()).resolves.toBe('Selesai');
    await expect(use().getByTestId('flag-resolution').textContent()).resolves.toContain('Diganti kegiatan pelatihan UMKM');
    await expect(use().getByRole('button', { name: /^Selesaikan peringatan/ }).count()).resolves.toBe(0);

    const events = await w.db.query(`SELECT action, actor_id, reason, region_code FROM audit_event WHERE entity = 'flag' AND entity_id = $1`, [flagId]);
    expect(events).toEqual([{ action: 'flag.resolve', actor_id: camat.id, reason: 'Diganti kegiatan pelatihan UMKM; lurah telah diberi tahu', region_code: KEL(7) }]);
    expect(csp).toEqual([]);
  });

  it('/peringatan lists the open flags in scope, the risk ranking with its parts and the at-risk list, with the XLSX', async () => {
    const page = await signedIn(w, camat.username);
    const csp = collectCspViolations(page);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Peringatan' }).click();
    await page.waitForURL(/\/peringatan$/);
    const rows = async () => (await page.getByTestId('flag-row').evaluateAll((els) => els.map((e) => `${e.querySelector('td div')?.textContent} ${e.getAttribute('data-kind')}`))).sort();
    // The resolved festival is no longer among the open ones; the normal kelurahan raise nothing.
    expect(await rows()).toEqual([`${KEL(2)} DUPLICATE_RECEIPT`, `${KEL(3)} ABSORPTION_LAG`, `${KEL(7)} PRICE_ABOVE_ESTIMATE`, `${KEL(7)} PRICE_OUTLIER`]);
    await expect(page.locator(`[data-testid=absorption-row][data-kelurahan="${KEL(3)}"]`).count()).resolves.toBe(1);
    await expect(page.getByTestId('absorption-row').count()).resolves.toBe(1);
    // Every kelurahan of the kecamatan is ranked, highest score first, each score with its four parts.
    const scores = await page.getByTestId('risk-score').allTextContents();
    expect(scores.length).toBe(11);
    const asNumber = (t: string) => Number(t.trim().replace(/\./g, '').replace(',', '.'));
    expect(scores.map(asNumber)).toEqual([...scores.map(asNumber)].sort((a, b) => b - a));
    const lagging = page.locator(`[data-testid=risk-row][data-kelurahan="${KEL(3)}"]`);
    const parts = (await lagging.locator('li').allTextContents()).map((p) => p.replace(/\s+/g, ' ').trim());
    expect(parts.map((p) => p.split(':')[0])).toEqual(['Peringatan terbuka', 'Penyerapan tertinggal', 'Bukti belum lengkap', 'Tutup buku terlambat']);
    expect(parts[1]).toMatch(/^Penyerapan tertinggal: [1-9][\d.,]* – tertinggal /);
    expect(parts[2]).toContain('1 dari 1 pembayaran tanpa bukti wajib');
    await checkPage(page, 'peringatan-camat');

    await page.getByLabel('Status').selectOption('resolved');
    await Promise.all([page.waitForURL(/status=resolved/), page.getByRole('button', { name: 'Saring' }).click()]);
    expect(await rows()).toEqual([`${KEL(7)} QUESTIONABLE_USE`]);
    await expect(page.getByTestId('flag-row').textContent()).resolves.toContain('Diganti kegiatan pelatihan UMKM');

    await page.getByLabel('Status').selectOption('aktif');
    await page.getByLabel('Jenis').selectOption('PRICE_OUTLIER');
    await Promise.all([page.waitForURL(/jenis=PRICE_OUTLIER/), page.getByRole('button', { name: 'Saring' }).click()]);
    expect(await rows()).toEqual([`${KEL(7)} PRICE_OUTLIER`]);

    const href = await page.getByTestId('flags-export').getAttribute('href');
    const xlsx = await page.context().request.get(href!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    // Without the session the same link is the login page, not the file.
    const anonymous = await (await w.context()).request.get(href!, { maxRedirects: 0 });
    expect(anonymous.status()).toBe(303);
    expect(csp).toEqual([]);
  });

  it('the auditor sees the whole kab/kota; the lurah may not open the page; another region is the 404 page', async () => {
    const page = await signedIn(w, auditor.username);
    await page.goto('/peringatan');
    await expect(page.getByLabel('Wilayah').inputValue()).resolves.toBe('35.73');
    await expect(page.getByTestId('flag-row').count()).resolves.toBe(4);
    await checkPage(page, 'peringatan-auditor');
    const other = await page.goto('/peringatan?wilayah=35.79');
    expect(other?.status()).toBe(404);

    const l = await signedIn(w, lurah.username);
    expect((await l.goto('/peringatan'))?.status()).toBe(403);

    // A national admin picks any kab/kota from suggestions by name or code, then the kecamatan under it.
    const national = await insertUser(w.db, 'admin', null, { fullName: 'Admin Nasional' });
    const n = await signedIn(w, national.username);
    await n.goto('/peringatan');
    await expect(n.getByLabel('Wilayah').getAttribute('list')).resolves.toBe('wilayah-pilihan');
    await expect(n.locator('#wilayah-pilihan option[value="35.73"]').textContent()).resolves.toBe('Kota Malang');
    await n.getByLabel('Wilayah').fill('35.73');
    await Promise.all([n.waitForURL((u) => u.searchParams.get('wilayah') === '35.73'), n.getByLabel('Wilayah').press('Enter')]);
    await expect(n.getByTestId('flag-row').count()).resolves.toBe(4);
    await expect(n.locator('#wilayah-pilihan option[value="35.73.01"]').count()).resolves.toBe(1);
    await checkPage(n, 'peringatan-nasional');
    await expect(l.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Peringatan' }).count()).resolves.toBe(0);
  });
});

import { currentYear } from '../../src/web/plans/plan-view';
import { createPlanInState, DEFAULT_LINES } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, signedIn, startWebApp, WebApp } from './browser';
import { addLine, confirm, testText } from './plan-helpers';

const KEL = '35.73.01.1001';
const YEAR = currentYear();

type Person = { id: string; username: string; role: 'lurah' | 'camat'; regionCode: string; fullName: string };

async function people(w: WebApp): Promise<{ lurah: Person; camat: Person }> {
  const l = await insertUser(w.db, 'lurah', KEL, { fullName: 'Siti Rahmawati' });
  const c = await insertUser(w.db, 'camat', '35.73.01', { fullName: 'Drs. Hendra Wijaya' });
  return {
    lurah: { ...l, role: 'lurah', regionCode: KEL, fullName: 'Siti Rahmawati' },
    camat: { ...c, role: 'camat', regionCode: '35.73.01', fullName: 'Drs. Hendra Wijaya' },
  };
}

describe('journey 2: the camat returns a plan with a reason, the lurah fixes and resubmits, the camat approves', () => {
  let w: WebApp;
  let cast: { lurah: Person; camat: Person };
  let planId: string;

  beforeAll(async () => {
    w = await startWebApp();
    await importKabkota({ app: w.app } as never, '35.73');
    cast = await people(w);
    const t = { app: w.app, db: w.db } as never;
    planId = (await createPlanInState(t, 'submitted', { kelurahanCode: KEL, year: YEAR, allocation: 500_000_000, lurah: cast.lurah, camat: cast.camat, lines: DEFAULT_LINES })).planId;
  });
  afterAll(async () => w?.close());

  it('goes through return, fix, resubmit and approval', async () => {
    const camat = await signedIn(w, cast.camat.username);
    const csp = collectCspViolations(camat);
    await expect(testText(camat, 'waiting-count')).resolves.toBe('1 rencana menunggu persetujuan');
    await checkPage(camat, 'beranda-camat');

    await camat.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Persetujuan' }).click();
    await camat.waitForURL(/\/persetujuan$/);
    await expect(testText(camat, 'waiting-count')).resolves.toBe('1 menunggu persetujuan');
    // Kelurahan without a plan are listed too.
    await expect(testText(camat, 'without-plan')).resolves.toContain('Arjosari');
    await checkPage(camat, 'persetujuan-kotak-masuk');

    await camat.getByRole('link', { name: 'Periksa rencana Balearjosari' }).click();
    await camat.waitForURL(new RegExp(`/persetujuan/${planId}$`));
    await expect(camat.locator('table.plan-lines').textContent()).resolves.toContain('Pembangunan saluran drainase RW 03');
    await expect(testText(camat, 'plan-total')).resolves.toBe('Rp 157.350.000');
    await checkPage(camat, 'persetujuan-periksa');

    // A return needs its reason.
    await camat.getByRole('button', { name: 'Kembalikan ke lurah' }).click();
    await camat.locator('#reason-error').waitFor();
    await expect(camat.locator('#reason-error').textContent()).resolves.toMatch(/alasan pengembalian/i);
    await expect(testText(camat, 'plan-status')).resolves.toBe('Diajukan');
    await camat.getByLabel('Alasan pengembalian').fill('Harga satuan makan minum melebihi standar; gunakan Rp 25.000');
    await confirm(camat, 'Kembalikan ke lurah');
    await expect(testText(camat, 'plan-status')).resolves.toBe('Dikembalikan');

    // The lurah sees the reason on Beranda and on the plan, fixes the line and resubmits.
    const lurah = await signedIn(w, cast.lurah.username);
    await expect(testText(lurah, 'next-action')).resolves.toContain('Dikembalikan: Harga satuan makan minum melebihi standar; gunakan Rp 25.000');
    await lurah.getByRole('link', { name: 'Buka rencana' }).first().click();
    await expect(testText(lurah, 'return-reason')).resolves.toContain('Harga satuan makan minum melebihi standar');
    await checkPage(lurah, 'rencana-dikembalikan');
    await lurah.getByRole('link', { name: 'Ubah rincian Makan minum rapat LPM' }).click();
    await lurah.getByLabel('Harga satuan (Rp)').fill('25.000');
    await confirm(lurah, 'Simpan perubahan');
    await expect(testText(lurah, 'plan-total')).resolves.toBe('Rp 156.125.000');
    await lurah.getByRole('link', { name: 'Ajukan ke camat' }).click();
    await confirm(lurah, 'Ajukan');
    await expect(testText(lurah, 'plan-status')).resolves.toBe('Diajukan');

    // The camat approves, after a confirmation.
    await camat.goto(`/persetujuan/${planId}`);
    await camat.getByRole('link', { name: 'Setujui' }).click();
    await checkPage(camat, 'persetujuan-konfirmasi-setujui');
    await confirm(camat, 'Setujui');
    await expect(testText(camat, 'plan-status')).resolves.toBe('Disetujui');
    await camat.goto('/');
    await expect(testText(camat, 'waiting-count')).resolves.toBe('0 rencana menunggu persetujuan');

    // The inbox filter updates the list in place (htmx) and keeps the URL shareable; no token lands in web storage.
    await camat.goto('/persetujuan');
    await expect(camat.locator('#daftar').textContent()).resolves.toContain('Tidak ada rencana dengan status ini');
    await camat.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await camat.getByLabel('Status').selectOption('approved');
    await camat.waitForURL(/status=approved/);
    await camat.locator('#daftar a', { hasText: 'Periksa' }).first().waitFor();
    await expect(camat.locator('#daftar').textContent()).resolves.toContain('Balearjosari');
    await expect(camat.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(42);
    const storage = await camat.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
    const token = await camat.locator('input[name="_csrf"]').first().getAttribute('value');
    expect(storage).not.toContain(token!);

    await lurah.goto('/');
    await expect(testText(lurah, 'next-action')).resolves.toContain('Rencana disetujui');
    await expect(testText(lurah, 'fig-rencana')).resolves.toBe('Rp 156.125.000');
    expect(csp).toEqual([]);
  });
});

describe('journey 3: the lurah amends the approved plan, the camat sees semula/menjadi and approves', () => {
  let w: WebApp;
  let cast: { lurah: Person; camat: Person };
  let planId: string;

  beforeAll(async () => {
    w = await startWebApp();
    await importKabkota({ app: w.app } as never, '35.73');
    cast = await people(w);
    const t = { app: w.app, db: w.db } as never;
    planId = (await createPlanInState(t, 'approved', { kelurahanCode: KEL, year: YEAR, allocation: 500_000_000, lurah: cast.lurah, camat: cast.camat, lines: DEFAULT_LINES })).planId;
  });
  afterAll(async () => w?.close());

  it('amends, resubmits and is approved as version 2', async () => {
    const lurah = await signedIn(w, cast.lurah.username);
    await lurah.goto(`/rencana/${YEAR}`);
    await expect(testText(lurah, 'plan-status')).resolves.toBe('Disetujui');
    await checkPage(lurah, 'rencana-disetujui');
    await lurah.getByRole('link', { name: 'Ajukan perubahan' }).click();
    await checkPage(lurah, 'rencana-konfirmasi-perubahan');
    await confirm(lurah, 'Buat perubahan');
    await expect(testText(lurah, 'plan-status')).resolves.toBe('Perubahan (Draf)');

    // Change the drainage line, add a line, remove the food line.
    await lurah.getByRole('link', { name: 'Ubah rincian Pembangunan saluran drainase RW 03' }).click();
    await lurah.getByLabel('Harga satuan (Rp)').fill('140.000.000');
    await confirm(lurah, 'Simpan perubahan');
    await addLine(lurah, { category: 'pemberdayaan', subType: 'B1', description: 'Pelatihan kader posyandu', accountCode: '5.1.02.02.01.0003', volume: '4', unit: 'OH', unitPrice: '2.500.000' });
    await lurah.getByRole('link', { name: 'Hapus rincian Makan minum rapat LPM' }).click();
    await checkPage(lurah, 'rencana-konfirmasi-hapus');
    await confirm(lurah, 'Hapus rincian');
    await expect(testText(lurah, 'plan-total')).resolves.toBe('Rp 150.000.000');
    await expect(testText(lurah, 'semula-total')).resolves.toBe('Rp 157.350.000');
    await expect(testText(lurah, 'menjadi-total')).resolves.toBe('Rp 150.000.000');
    await checkPage(lurah, 'rencana-perubahan');
    await lurah.getByRole('link', { name: 'Ajukan ke camat' }).click();
    await confirm(lurah, 'Ajukan');
    await expect(testText(lurah, 'plan-status')).resolves.toBe('Perubahan (Diajukan)');

    const camat = await signedIn(w, cast.camat.username);
    await camat.goto('/persetujuan');
    await camat.getByRole('link', { name: 'Periksa rencana Balearjosari' }).click();
    const changes = camat.locator('table.plan-changes tbody tr');
    await expect(changes.count()).resolves.toBe(3);
    const text = (await camat.locator('table.plan-changes').textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Pembangunan saluran drainase RW 03');
    expect(text).toMatch(/Diubah Rp 150\.000\.000 Rp 140\.000\.000 -Rp 10\.000\.000/);
    expect(text).toMatch(/Pelatihan kader posyandu Ditambah – Rp 10\.000\.000 Rp 10\.000\.000/);
    expect(text).toMatch(/Makan minum rapat LPM Dihapus Rp 7\.350\.000 – -Rp 7\.350\.000/);
    expect(text).toContain('Harga satuan: Rp 150.000.000 → Rp 140.000.000');
    await expect(testText(camat, 'semula-total')).resolves.toBe('Rp 157.350.000');
    await expect(testText(camat, 'menjadi-total')).resolves.toBe('Rp 150.000.000');
    await checkPage(camat, 'persetujuan-perubahan');
    await camat.getByRole('link', { name: 'Setujui' }).click();
    await confirm(camat, 'Setujui');
    await expect(testText(camat, 'plan-status')).resolves.toBe('Disetujui');

    await lurah.goto(`/rencana/${YEAR}`);
    await expect(testText(lurah, 'plan-status')).resolves.toBe('Disetujui');
    await expect(lurah.locator('main').textContent()).resolves.toContain('Rencana versi 2 disetujui');
    const pdf = await lurah.request.get(`/rencana/${YEAR}/pdf?versi=1`);
    expect(pdf.status()).toBe(200);
    expect(planId).toBeTruthy();
  });
});

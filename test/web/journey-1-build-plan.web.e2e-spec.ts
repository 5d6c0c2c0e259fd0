import { AllocationsService } from '../../src/modules/allocations/allocations.service';
import { currentYear } from '../../src/web/plans/plan-view';
import { importKabkota } from '../helpers/regions';
import { insertUser } from '../helpers/users';
import { checkPage, collectCspViolations, signedIn, startWebApp, WebApp } from './browser';
import { addLine, confirm, LineInput, testText } from './plan-helpers';

const KEL = '35.73.01.1001';
const YEAR = currentYear();

// 8 lines over both categories: Rp 520.000.000 against a pagu of Rp 500.000.000.
const LINES: LineInput[] = [
  { category: 'sarpras', subType: 'A1', description: 'Pembangunan saluran drainase RW 03', accountCode: '5.2.04.01.01.0001', volume: '1', unit: 'PAKET', unitPrice: '150.000.000', location: 'RW 03' },
  { category: 'sarpras', subType: 'A1', description: 'Penerangan jalan lingkungan RW 05', accountCode: '5.2.04.01.01.0001', volume: '20', unit: 'TITIK', unitPrice: '3.500.000' },
  { category: 'sarpras', subType: 'A2', description: 'Paving jalan permukiman RT 02', accountCode: '5.2.04.01.01.0001', volume: '1.200', unit: 'M2', unitPrice: '125.000' },
  { category: 'sarpras', subType: 'A3', description: 'Rehabilitasi gedung posyandu', accountCode: '5.1.02.03', volume: '1', unit: 'PAKET', unitPrice: '60.000.000' },
  { category: 'pemberdayaan', subType: 'B1', description: 'Pelatihan kader PKK', accountCode: '5.1.02.02.01.0003', volume: '10', unit: 'OH', unitPrice: '1.000.000' },
  { category: 'pemberdayaan', subType: 'B4', description: 'Makan minum rapat LPM', accountCode: '5.1.02.01.01.0052', volume: '245', unit: 'ORANG_KALI', unitPrice: '30.000' },
  { category: 'pemberdayaan', subType: 'B2', description: 'Pemberian makanan tambahan balita', accountCode: '5.1.02.05', volume: '1.000', unit: 'PAKET', unitPrice: '50.000' },
  { category: 'pemberdayaan', subType: 'B3', description: 'Bantuan peralatan usaha UMKM', accountCode: '5.1.02.05', volume: '1', unit: 'PAKET', unitPrice: '52.650.000' },
];
// 150 + 70 + 150 + 60 + 10 + 7,35 + 50 + 52,65 = 550 juta → lebih Rp 50.000.000

describe('journey 1: a lurah builds a plan in the browser', () => {
  let w: WebApp;
  let lurah: { id: string; username: string };

  beforeAll(async () => {
    w = await startWebApp();
    await importKabkota({ app: w.app } as never, '35.73');
    lurah = await insertUser(w.db, 'lurah', KEL, { fullName: 'Siti Rahmawati' });
    const admin = await insertUser(w.db, 'admin', null);
    await w.app.get(AllocationsService).set({ id: admin.id, username: admin.username, fullName: 'Admin', role: 'admin', regionCode: null }, YEAR, KEL, { amount: 500_000_000 });
  });
  afterAll(async () => w?.close());

  it('builds an 8-line plan across sarpras and pemberdayaan, sees the excess, fixes a line, submits', async () => {
    const page = await signedIn(w, lurah.username);
    const csp = collectCspViolations(page);
    await expect(testText(page, 'next-action')).resolves.toContain('Lengkapi rencana');
    await checkPage(page, 'beranda-lurah-kosong');

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Rencana' }).click();
    await page.waitForURL(new RegExp(`/rencana/${YEAR}$`));
    await checkPage(page, 'rencana-belum-ada');
    await confirm(page, `Buat rencana ${YEAR}`);
    await expect(testText(page, 'plan-status')).resolves.toBe('Draf');
    await expect(testText(page, 'pagu')).resolves.toBe('Rp 500.000.000');

    // A line with mistakes is refused next to its fields, and nothing is added.
    const form = page.locator('#tambah form');
    await form.getByLabel('Kategori').selectOption('sarpras');
    await form.getByLabel('Uraian').fill('Baris salah');
    await form.getByLabel('Kode rekening').fill('1.2.3');
    await form.getByLabel('Volume', { exact: true }).fill('dua');
    await form.getByRole('button', { name: 'Tambah rincian' }).click();
    await page.locator('#subType-error').waitFor();
    await expect(page.locator('#accountCode-error').textContent()).resolves.toMatch(/kode rekening/i);
    await expect(page.locator('#volume-error').textContent()).resolves.toMatch(/^Volume/);
    await expect(page.locator('#unitPrice-error').textContent()).resolves.toMatch(/^Harga satuan/);
    await expect(page.getByLabel('Uraian').first().inputValue()).resolves.toBe('Baris salah');
    await checkPage(page, 'rencana-galat-isian');
    await page.goto(`/rencana/${YEAR}`);
    await expect(testText(page, 'plan-total')).resolves.toBe('Rp 0');

    // The live amount (volume × harga satuan) shows while typing.
    await page.locator('#tambah form').getByLabel('Volume', { exact: true }).fill('2,5');
    await page.locator('#tambah form').getByLabel('Harga satuan (Rp)').fill('1.000.001');
    await expect(page.locator('#tambah output[data-amount]').textContent()).resolves.toBe('Rp 2.500.003');

    for (const l of LINES) await addLine(page, l);
    await expect(page.locator('table.plan-lines tbody tr[id^="baris-"]').count()).resolves.toBe(8);
    await expect(testText(page, 'plan-total')).resolves.toBe('Rp 550.000.000');
    // Subtotals per category and per sub-type.
    const rows = page.locator('table.plan-lines tbody tr.table-primary');
    await expect(rows.nth(0).textContent()).resolves.toContain('Rp 430.000.000');
    await expect(rows.nth(1).textContent()).resolves.toContain('Rp 120.000.000');
    await expect(page.locator('tr.table-light', { hasText: 'A1 –' }).textContent()).resolves.toContain('Rp 220.000.000');
    // The excess is shown before submitting …
    await expect(testText(page, 'budget-excess')).resolves.toContain('Lebih Rp 50.000.000');
    await checkPage(page, 'rencana-melebihi-pagu');

    // … and submitting anyway is refused with the same figures.
    await page.getByRole('link', { name: 'Ajukan ke camat' }).click();
    await checkPage(page, 'rencana-konfirmasi-ajukan');
    await confirm(page, 'Ajukan');
    await expect(page.locator('#form-error').textContent()).resolves.toContain('melebihi pagu');
    await expect(testText(page, 'plan-status')).resolves.toBe('Draf');

    // Fix the paving line: 1.200 m² → 800 m² (−Rp 50.000.000).
    await page.getByRole('link', { name: 'Ubah rincian Paving jalan permukiman RT 02' }).click();
    await expect(page.getByLabel('Volume', { exact: true }).inputValue()).resolves.toBe('1200');
    await checkPage(page, 'rencana-ubah-rincian');
    await page.getByLabel('Volume', { exact: true }).fill('800');
    await confirm(page, 'Simpan perubahan');
    await expect(testText(page, 'plan-total')).resolves.toBe('Rp 500.000.000');
    await expect(testText(page, 'budget-remaining')).resolves.toContain('Rp 0');

    await page.getByRole('link', { name: 'Ajukan ke camat' }).click();
    await confirm(page, 'Ajukan');
    await expect(testText(page, 'plan-status')).resolves.toBe('Diajukan');
    await expect(page.getByRole('link', { name: 'Ubah rincian Paving jalan permukiman RT 02' }).count()).resolves.toBe(0);
    await checkPage(page, 'rencana-diajukan');

    await page.goto('/');
    await expect(testText(page, 'next-action')).resolves.toContain('Menunggu persetujuan camat');
    await expect(testText(page, 'fig-pagu')).resolves.toBe('Rp 500.000.000');
    await expect(testText(page, 'latest-total')).resolves.toBe('Versi 1 (diajukan): Rp 500.000.000.');
    await checkPage(page, 'beranda-lurah');

    // The plan PDF prints from the page.
    const pdf = await page.request.get(`/rencana/${YEAR}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(csp).toEqual([]);
  });
});

import type { Page } from 'playwright-core';

export interface LineInput {
  category: 'sarpras' | 'pemberdayaan';
  subType: string;
  description: string;
  accountCode: string;
  volume: string;
  unit: string;
  unitPrice: string;
  location?: string;
}

/** Fills the "Tambah rincian" form of the plan page the way a person does, and waits for the page after it. */
export async function addLine(page: Page, l: LineInput): Promise<void> {
  const form = page.locator('#tambah form');
  await form.getByLabel('Kategori').selectOption(l.category);
  await form.getByLabel('Sub-jenis').selectOption(l.subType);
  await form.getByLabel('Uraian').fill(l.description);
  await form.getByLabel('Kode rekening').fill(l.accountCode);
  if (l.location) await form.getByLabel(/^Lokasi/).fill(l.location);
  await form.getByLabel('Volume', { exact: true }).fill(l.volume);
  await form.getByLabel('Satuan', { exact: true }).selectOption(l.unit);
  await form.getByLabel('Harga satuan (Rp)').fill(l.unitPrice);
  await Promise.all([page.waitForLoadState('load'), page.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: 'Tambah rincian' }).click()]);
  await page.waitForLoadState('load');
}

/** The text of the element with this data-testid, trimmed. */
export async function testText(page: Page, id: string): Promise<string> {
  return ((await page.getByTestId(id).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Submits a confirmation page's form with the given button, waiting for the page after it. */
export async function confirm(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: button, exact: true }).click()]);
  await page.waitForLoadState('load');
}

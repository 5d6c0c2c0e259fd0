import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { formatNumberId } from '../../src/common/money/rupiah';
import { DemoSeedService } from '../../src/database/seed/demo-seed.service';
import { BooksDocumentsService } from '../../src/modules/reports/books/books-documents.service';
import { todayIso } from '../../src/modules/spending/spending-date';
import { pdfText } from '../helpers/pdf-text';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { bearer, createUser, type TestUser } from '../helpers/users';

const HOME = '35.73.01.1001';
const money = (n: number) => (n < 0 ? `(${formatNumberId(-n)})` : formatNumberId(n));
const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('the demo’s books', () => {
  let t: TestApp;
  let dataDir: string;
  let auditor: TestUser;
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const currentMonth = Number(today.slice(5, 7));
  const monthEnd = (m: number) => new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-demo-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    const result = await t.app.get(DemoSeedService).run();
    expect(result.seeded).toBe(true);
    auditor = await createUser(t, 'auditor', '35.73');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The closing balance at the end of month m, from the source ledgers rather than from the cash postings. */
  async function fromSources(m: number): Promise<number> {
    const [r] = await t.db.query(
      `SELECT (SELECT COALESCE(sum(amount) FILTER (WHERE kind IN ('UP', 'GU', 'TU')), 0) - COALESCE(sum(amount) FILTER (WHERE kind = 'STS'), 0)
                 FROM cash_fund_entry WHERE kelurahan_code = $1 AND year = $2 AND entry_date <= $3::date) AS funds,
              (SELECT COALESCE(sum(amount), 0) FROM spending_entry WHERE kelurahan_code = $1 AND year = $2 AND method <> 'LS' AND spent_on <= $3::date) AS paid,
              (SELECT COALESCE(sum(amount), 0) FROM tax_line WHERE kelurahan_code = $1 AND year = $2 AND booked_on <= $3::date) AS withheld,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit WHERE kelurahan_code = $1 AND year = $2 AND deposited_on <= $3::date) AS deposited`,
      [HOME, year, monthEnd(m)],
    );
    // receipts − returns − payments + taxes withheld − taxes deposited (LS payments come in and go out again)
    return Number(r.funds) - Number(r.paid) + Number(r.withheld) - Number(r.deposited);
  }

  it('has receipts, payments with taxes, deposits, evidence and one closed month', async () => {
    const [c] = await t.db.query(`SELECT (SELECT count(*) FROM cash_fund_entry)::int AS funds, (SELECT count(*) FROM tax_line)::int AS taxes,
      (SELECT count(*) FROM tax_deposit)::int AS deposits, (SELECT count(*) FROM evidence)::int AS evidence,
      (SELECT count(*) FROM book_period WHERE closed)::int AS closed`);
    expect(c.funds).toBe(3);
    expect(c.taxes).toBeGreaterThanOrEqual(8);
    expect(c.deposits).toBeGreaterThanOrEqual(6);
    expect(c.evidence).toBeGreaterThanOrEqual(9);
    expect(c.closed).toBe(currentMonth > 2 ? 1 : c.closed);
  });

  it('BKU closing = receipts − payments − returns ± taxes as booked, for every month of the demo', async () => {
    const docs = t.app.get(BooksDocumentsService);
    let previousClosing = 0;
    for (let m = 1; m <= currentMonth; m++) {
      const model = await t.db.transaction((mgr) => docs.bkuModel(mgr, { kelurahan: HOME, year, month: m }, { id: auditor.id, username: auditor.username, fullName: 'Auditor', role: 'auditor', regionCode: '35.73' }));
      expect([m, model.opening]).toEqual([m, previousClosing]);
      expect([m, model.closing]).toEqual([m, model.opening + model.thisMonth.receipts - model.thisMonth.payments]);
      expect([m, model.closing]).toEqual([m, await fromSources(m)]);
      expect([m, model.composition.tunai + model.composition.bank + model.composition.ls]).toEqual([m, model.closing]);
      previousClosing = model.closing;
    }
  });

  it('pungutan − penyetoran = sisa for every tax, from the ledgers and in the balance answer', async () => {
    const { body } = await t.http().get(`/api/books/balance?kelurahan=${HOME}&year=${year}`).set(bearer(auditor)).expect(200);
    const ledger: Array<{ type: string; w: string; d: string }> = await t.db.query(
      `SELECT t.type, (SELECT COALESCE(sum(amount), 0) FROM tax_line l WHERE l.kelurahan_code = $1 AND l.type = t.type) AS w,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit x WHERE x.kelurahan_code = $1 AND x.type = t.type) AS d
         FROM unnest(ARRAY['PPN','PPH21','PPH22','PPH23','PPH4_2','LAINNYA']) AS t(type)`,
      [HOME],
    );
    for (const tax of body.taxes) {
      const l = ledger.find((x) => x.type === tax.type)!;
      expect([tax.type, tax.withheld, tax.deposited, tax.outstanding]).toEqual([tax.type, Number(l.w), Number(l.d), Number(l.w) - Number(l.d)]);
    }
    // The last payment's taxes are left to deposit.
    expect(body.taxes.reduce((s: number, x: { outstanding: number }) => s + x.outstanding, 0)).toBeGreaterThan(0);
  });

  it('shows what evidence a payment still misses', async () => {
    const [works] = await t.db.query(`SELECT id FROM spending_entry WHERE description LIKE 'Uang muka 30%%' AND reverses_id IS NULL`);
    const { body } = await t.http().get(`/api/spending/${works.id}/evidence`).set(bearer(auditor)).expect(200);
    expect(body.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['FOTO_0', 'KUITANSI']);
    expect(body.missing).toEqual(['BAST', 'FOTO_50', 'FOTO_100']);
  });

  it('the BKU PDF of the closed month, read back, carries the ledger’s totals; the XLSX the same figures', async () => {
    const [closed] = await t.db.query(`SELECT month FROM book_period WHERE kelurahan_code = $1 AND year = $2 AND closed`, [HOME, year]);
    const month = closed?.month ?? currentMonth;
    const res = await t.http().get(`/api/books/bku.pdf?kelurahan=${HOME}&year=${year}&month=${month}`).set(bearer(auditor)).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const number = res.headers['x-document-number'];
    expect(number).toMatch(new RegExp(`^DK/${HOME.replace(/\./g, '\\.')}/${year}/\\d{6}$`));
    const { text } = await pdfText(res.body as Buffer);
    const flat = text.replace(/\s+/g, ' ');
    const [ledger] = await t.db.query(
      `SELECT COALESCE(sum(amount) FILTER (WHERE amount > 0), 0) AS receipts, COALESCE(-sum(amount) FILTER (WHERE amount < 0), 0) AS payments, count(*)::int AS n
         FROM cash_posting WHERE kelurahan_code = $1 AND year = $2 AND extract(month FROM posted_on) = $3`,
      [HOME, year, month],
    );
    const closing = await fromSources(month);
    expect(flat).toContain('BUKU KAS UMUM');
    expect(flat).toContain('BENDAHARA PENGELUARAN PEMBANTU');
    expect(flat).toContain(`Jumlah bulan ini ${money(Number(ledger.receipts))} ${money(Number(ledger.payments))}`);
    expect(flat).toContain(`Saldo akhir bulan ini ${money(closing)}`);
    expect(flat).toContain('Mengetahui,');
    expect(flat).toContain('Bendahara Pengeluaran Pembantu');
    expect(flat).toContain(number);
    const { body: doc } = await t.http().get(`/api/documents/${encodeURIComponent(number)}`).set(bearer(auditor)).expect(200);
    expect(doc).toMatchObject({ kind: 'bku', period: `M${String(month).padStart(2, '0')}` });

    const xlsx = await t.http().get(`/api/books/bku.xlsx?kelurahan=${HOME}&year=${year}&month=${month}`).set(bearer(auditor)).buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const jumlah = rows.find((r) => r[3] === 'Jumlah bulan ini')!;
    expect([jumlah[4], jumlah[5]]).toEqual([Number(ledger.receipts), Number(ledger.payments)]);
    expect(rows.find((r) => r[3] === 'Saldo akhir bulan ini')![6]).toBe(closing);
    expect(rows.filter((r) => typeof r[0] === 'number')).toHaveLength(ledger.n);
  });

  it('Buku Pembantu Pajak in both layouts and the LPJ, read back, agree with the ledgers', async () => {
    const [closed] = await t.db.query(`SELECT month FROM book_period WHERE kelurahan_code = $1 AND year = $2 AND closed`, [HOME, year]);
    const month: number = closed?.month ?? currentMonth;
    const end = monthEnd(month);
    const [tax] = await t.db.query(
      `SELECT (SELECT COALESCE(sum(amount), 0) FROM tax_line WHERE kelurahan_code = $1 AND booked_on <= $2::date) AS w,
              (SELECT COALESCE(sum(amount), 0) FROM tax_deposit WHERE kelurahan_code = $1 AND deposited_on <= $2::date) AS d`,
      [HOME, end],
    );
    const get = (path: string) => t.http().get(path).set(bearer(auditor)).buffer(true).parse(binary).expect(200);
    for (const layout of ['chronological', 'recap']) {
      const res = await get(`/api/books/pajak.pdf?kelurahan=${HOME}&year=${year}&month=${month}&layout=${layout}`);
      const flat = (await pdfText(res.body as Buffer)).text.replace(/\s+/g, ' ');
      expect(flat).toContain(layout === 'recap' ? 'REKAPITULASI BUKU PEMBANTU PAJAK' : 'BUKU PEMBANTU PAJAK');
      // pungutan s.d. bulan ini − penyetoran s.d. bulan ini = sisa, printed on the total row of both layouts
      const [w, d] = [money(Number(tax.w)), money(Number(tax.d))].map((x) => x.replace(/[.()]/g, '\\$&'));
      const sisa = money(Number(tax.w) - Number(tax.d)).replace(/[.()]/g, '\\$&');
      const row = layout === 'recap' ? `Jumlah (\\S+ ){2}${w} (\\S+ ){2}${d} ${sisa}` : `Jumlah s\\.d\\. bulan ini ${w} ${d} ${sisa}`;
      expect(flat).toMatch(new RegExp(row));
    }
    const lpj = await get(`/api/books/lpj.pdf?kelurahan=${HOME}&year=${year}&month=${month}`);
    const flat = (await pdfText(lpj.body as Buffer)).text.replace(/\s+/g, ' ');
    expect(flat).toContain('LAPORAN PERTANGGUNGJAWABAN');
    expect(flat).toContain(`Saldo kas ${money(await fromSources(month))}`);
    const { body: doc } = await t.http().get(`/api/documents/${encodeURIComponent(lpj.headers['x-document-number'])}`).set(bearer(auditor)).expect(200);
    expect(doc.kind).toBe('lpj');
  });

  it('refuses a bad month and answers out of scope like missing', async () => {
    const other = await createUser(t, 'bendahara', '35.73.01.1002');
    await t.http().get(`/api/books/bku.pdf?kelurahan=${HOME}&year=${year}&month=1`).set(bearer(other)).expect(404);
    const bad = await t.http().get(`/api/books/bku.pdf?kelurahan=${HOME}&year=${year}&month=13`).set(bearer(auditor)).expect(400);
    expect(bad.body.details[0].field).toBe('month');
  });
});

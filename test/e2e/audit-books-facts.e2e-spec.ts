import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EntityManager } from 'typeorm';
import { DemoSeedService } from '../../src/database/seed/demo-seed.service';
import { AuditCheckpointService } from '../../src/modules/audit/audit-checkpoint.service';
import { todayIso } from '../../src/modules/spending/spending-date';
import { createApprovedPlan, type CreatedPlan } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { auditorCli } from '../helpers/auditor-cli';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { bearer, createUser, type TestUser } from '../helpers/users';

interface Problem {
  kind: string;
  partition?: string;
  seq?: number;
  table?: string;
  id?: string;
  check?: string;
  message: string;
}

const cli = auditorCli;

const HOME = '35.73.01.1001';
const PDF = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
const BOOK_TABLES = ['cash_fund_entry', 'cash_posting', 'tax_line', 'tax_deposit', 'evidence', 'book_period_event'] as const;
type BookTable = (typeof BOOK_TABLES)[number];

/**
 * Every row of the bendahara's books has the audit event that created it: fund receipts and returns, the cash
 * ledger (BKU postings of payments, reversals, funds and deposits), tax lines and deposits, evidence. A row inserted
 * behind the application's back, or one whose amount (for evidence: the file it vouches for) was changed, is
 * reported with its table and id, by GET /api/audit/verify and by the CLI on the database alone.
 */
describe('audit facts of the books: every cash, tax and evidence row has its event', () => {
  let t: TestApp;
  let dataDir: string;
  let bendahara: TestUser;
  let auditor: TestUser;
  let camat: TestUser;
  let plan: CreatedPlan;
  const year = Number(todayIso().slice(0, 4));
  const d = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let seq = 0;
  /** What the tampering below did: per table, the forged row's id and the changed row's id. */
  const tampered = {} as Record<BookTable, { forged: string; changed: string }>;
  const genuine = {} as { fundUp: string; fundTu: string; bankPayment: string; lsPayment: string; deposit: string; evidence: string; reopen: string };

  const post = (path: string, body: object) => t.http().post(path).set(bearer(bendahara)).send(body);
  const pay = async (body: Record<string, unknown>) =>
    (await post('/api/spending', { planLineId: plan.lineIds[0], date: d(3, 2), description: 'Belanja ATK', payee: 'CV Sumber Makmur', evidenceNo: `${++seq}/TBP/${year}`, ...body }).expect(201)).body;
  const verify = async () => (await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200)).body;
  const asOwner = (table: string, work: (m: EntityManager) => Promise<unknown>) =>
    t.owner.transaction(async (m) => {
      await m.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_no_update`);
      await work(m);
      await m.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_no_update`);
    });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-facts-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    await importKabkota(t, '35.73');
    bendahara = await createUser(t, 'bendahara', HOME);
    auditor = await createUser(t, 'auditor', '35.73');
    camat = await createUser(t, 'camat', '35.73.01');
    plan = await createApprovedPlan(t, {
      kelurahanCode: HOME, year,
      lines: [{ category: 'pemberdayaan', subType: 'B4', description: 'Belanja alat tulis kantor', accountCode: '5.1.02.01.01.0024', volume: 1, unit: 'PAKET', unitPrice: 500_000_000 }],
    });

    // The books as the application writes them: funds in (UP cash, TU bank), payments by bank (a tax by rule), LS
    // (SP2D in and out the same day) and cash (a tax by reason, then reversed), a tax deposit, a return (STS), evidence
    // uploaded and superseded.
    genuine.fundUp = (await post('/api/books/funds', { kelurahanCode: HOME, kind: 'UP', account: 'TUNAI', date: d(2, 1), amount: 20_000_000, documentNo: 'SP2D/UP/001', documentDate: d(2, 1) }).expect(201)).body.id;
    genuine.fundTu = (await post('/api/books/funds', { kelurahanCode: HOME, kind: 'TU', account: 'BANK', date: d(2, 3), amount: 50_000_000, documentNo: 'SP2D/TU/001', documentDate: d(2, 2) }).expect(201)).body.id;
    genuine.bankPayment = (await pay({ amount: 3_000_000, date: d(5, 4), method: 'BANK', taxes: [{ type: 'PPH4_2', base: 3_000_000, rate: 1.75, amount: 52_500 }] })).id;
    genuine.lsPayment = (await pay({ amount: 8_000_000, date: d(7, 1), method: 'LS', taxes: [{ type: 'PPH22', base: 8_000_000, rate: 1.5, amount: 120_000 }] })).id;
    const cash = await pay({ amount: 2_000_000, date: d(4, 10), method: 'TUNAI', taxes: [{ type: 'PPH23', base: 2_000_000, rate: 2, amount: 40_000 }] });
    await post(`/api/spending/${cash.id}/reverse`, { reason: 'Jasa tidak jadi' }).expect(201);
    genuine.deposit = (await post('/api/books/tax-deposits', { kelurahanCode: HOME, type: 'PPH4_2', account: 'BANK', date: d(5, 5), amount: 52_500, billingCode: '223456789012345', ntpn: '1A1B2C3D4E5F6789' }).expect(201)).body.id;
    await post('/api/books/funds', { kelurahanCode: HOME, kind: 'STS', account: 'TUNAI', date: d(6, 30), amount: 1_000_000, documentNo: 'STS/001', documentDate: d(6, 30) }).expect(201);
    const upload = (bytes: Buffer, fields: Record<string, string>) => {
      let r = t.http().post(`/api/spending/${genuine.bankPayment}/evidence`).set(bearer(bendahara));
      for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
      return r.attach('file', bytes, { filename: 'kuitansi.pdf', contentType: 'application/pdf' }).expect(201);
    };
    const first = (await upload(PDF('pertama'), { kind: 'KUITANSI' })).body;
    genuine.evidence = (await upload(PDF('kedua'), { kind: 'KUITANSI', supersedesId: first.id, reason: 'Kuitansi terpotong' })).body.id;
    // February closed, reopened by the camat with a reason, closed again: three rows of book_period_event.
    const february = { kelurahanCode: HOME, year, month: 2 };
    await post('/api/books/periods/close', february).expect(200);
    await t.http().post('/api/books/periods/reopen').set(bearer(camat)).send({ ...february, reason: 'SP2D TU salah tanggal' }).expect(200);
    await post('/api/books/periods/close', february).expect(200);
    [{ seq: genuine.reopen }] = await t.db.query(`SELECT seq::text FROM book_period_event WHERE action = 'reopen'`);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the books exactly as their events say: every row has its event, every balance its ledger', async () => {
    const res = await verify();
    const facts = Object.fromEntries(res.facts.map((f: { table: string }) => [f.table, f]));
    const [counts] = await t.db.query(`SELECT (SELECT count(*) FROM cash_fund_entry)::int AS cash_fund_entry, (SELECT count(*) FROM cash_posting)::int AS cash_posting,
      (SELECT count(*) FROM tax_line)::int AS tax_line, (SELECT count(*) FROM tax_deposit)::int AS tax_deposit, (SELECT count(*) FROM evidence)::int AS evidence,
      (SELECT count(*) FROM book_period_event)::int AS book_period_event`);
    // UP, TU, STS; bank payment 2 postings, LS 3, cash 2 and its reversal 2, the deposit 1; three tax lines and one reversed.
    expect(counts).toEqual({ cash_fund_entry: 3, cash_posting: 13, tax_line: 4, tax_deposit: 1, evidence: 2, book_period_event: 3 });
    for (const table of BOOK_TABLES) expect(facts[table]).toEqual({ table, rows: counts[table], events: counts[table], problems: 0 });
    expect(res.checks).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'cash_balances', consistent: true }),
      expect.objectContaining({ name: 'tax_positions', consistent: true }),
    ]));
    expect(res.problems).toEqual([]);
    expect(res.valid).toBe(true);
  });

  describe('after tampering with each table: a forged plain INSERT (as the app role) and a changed amount (as the owner)', () => {
    let api: { problems: Problem[]; checks: Array<{ name: string; consistent: boolean }> };
    let cliReport: { valid: boolean; problems: Problem[] };
    let cliText: string;

    beforeAll(async () => {
      const [user] = await t.db.query('SELECT id FROM app_user WHERE id = $1', [bendahara.id]);
      // cash_fund_entry: a receipt no SP2D brought in; the UP receipt's amount raised.
      const [fund] = await t.db.query(
        `INSERT INTO cash_fund_entry (kelurahan_code, year, kind, account, entry_date, amount, document_no, document_date, description, created_by)
         VALUES ($1, $2, 'GU', 'TUNAI', $3, 4999999, 'SP2D/GU/PALSU', $3, 'Penerimaan fiktif', $4) RETURNING id`,
        [HOME, year, d(3, 1), user.id],
      );
      await asOwner('cash_fund_entry', (m) => m.query('UPDATE cash_fund_entry SET amount = amount + 4999999 WHERE id = $1', [genuine.fundUp]));
      tampered.cash_fund_entry = { forged: fund.id, changed: genuine.fundUp };

      // cash_posting: a second copy of the TU receipt's posting; the LS payment's outflow lowered.
      const [posting] = await t.db.query(
        `INSERT INTO cash_posting (kelurahan_code, year, posted_on, account, kind, amount, balance_after, fund_entry_id, reference_no, description)
         VALUES ($1, $2, $3, 'BANK', 'FUND_IN', 4999999, 0, $4, 'SP2D/TU/001', 'Penerimaan tambahan uang persediaan (TU)') RETURNING id`,
        [HOME, year, d(2, 3), genuine.fundTu],
      );
      const [ls] = await t.db.query(`SELECT id FROM cash_posting WHERE spending_entry_id = $1 AND kind = 'PAYMENT'`, [genuine.lsPayment]);
      await asOwner('cash_posting', (m) => m.query('UPDATE cash_posting SET amount = -3000000 WHERE id = $1', [ls.id]));
      tampered.cash_posting = { forged: posting.id, changed: ls.id };

      // tax_line: a tax withheld on the bank payment that it never had; the LS payment's PPh 22 lowered.
      const [line] = await t.db.query(
        `INSERT INTO tax_line (spending_entry_id, kelurahan_code, year, booked_on, type, base, rate, amount, reason)
         VALUES ($1, $2, $3, $4, 'PPH21', 4999999, 5, 249999, 'fiktif') RETURNING id`,
        [genuine.bankPayment, HOME, year, d(5, 4)],
      );
      const [pph22] = await t.db.query(`SELECT id FROM tax_line WHERE spending_entry_id = $1`, [genuine.lsPayment]);
      await asOwner('tax_line', (m) => m.query('UPDATE tax_line SET amount = 12000 WHERE id = $1', [pph22.id]));
      tampered.tax_line = { forged: line.id, changed: pph22.id };

      // tax_deposit: a deposit with a made-up NTPN; the genuine deposit's amount changed.
      const [deposit] = await t.db.query(
        `INSERT INTO tax_deposit (kelurahan_code, year, type, account, deposited_on, amount, billing_code, ntpn, description, created_by)
         VALUES ($1, $2, 'PPH22', 'BANK', $3, 4999999, '999999999999999', 'FFFFFFFFFFFFFFFF', 'Setor fiktif', $4) RETURNING id`,
        [HOME, year, d(7, 2), user.id],
      );
      await asOwner('tax_deposit', (m) => m.query('UPDATE tax_deposit SET amount = 5250 WHERE id = $1', [genuine.deposit]));
      tampered.tax_deposit = { forged: deposit.id, changed: genuine.deposit };

      // evidence: a receipt file nobody uploaded; the genuine one pointed at other bytes (its SHA-256 and size).
      const forgedSha = 'f'.repeat(64);
      const [file] = await t.db.query(
        `INSERT INTO evidence (spending_entry_id, kelurahan_code, year, kind, file_name, media_type, byte_size, sha256, storage_key, uploaded_by)
         VALUES ($1, $2, $3, 'NOTA', 'nota.pdf', 'application/pdf', 4999, $4, $5, $6) RETURNING id`,
        [genuine.lsPayment, HOME, year, forgedSha, `sha256/ff/ff/${forgedSha}`, user.id],
      );
      await asOwner('evidence', (m) => m.query(`UPDATE evidence SET sha256 = $2, byte_size = 4999 WHERE id = $1`, [genuine.evidence, 'e'.repeat(64)]));
      tampered.evidence = { forged: file.id, changed: genuine.evidence };

      // book_period_event: a close of March nobody made; the reopen's reason rewritten.
      await t.db.query(`INSERT INTO book_period (kelurahan_code, year, month) VALUES ($1, $2, 3) ON CONFLICT DO NOTHING`, [HOME, year]);
      const [close] = await t.db.query(
        `INSERT INTO book_period_event (kelurahan_code, year, month, action, closing_balance, by_user) VALUES ($1, $2, 3, 'close', 4999999, $3) RETURNING seq::text`,
        [HOME, year, user.id],
      );
      await asOwner('book_period_event', (m) => m.query(`UPDATE book_period_event SET reason = 'dibuka atas permintaan lurah' WHERE seq = $1`, [genuine.reopen]));
      tampered.book_period_event = { forged: close.seq, changed: genuine.reopen };

      api = await verify();
      const key = t.app.get(AuditCheckpointService).publicKey().publicKeyPem;
      const keyFile = path.join(dataDir, 'public-key.pem');
      fs.writeFileSync(keyFile, key);
      const json = await cli(['--database-url', t.database.url, '--public-key', keyFile, '--json']);
      expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 2, stderr: '' });
      cliReport = JSON.parse(json.stdout);
      cliText = (await cli(['--database-url', t.database.url, '--public-key', keyFile])).stdout;
    }, 400_000);

    it.each(BOOK_TABLES)('GET /api/audit/verify reports the forged row and the changed row of %s with table and id', (table) => {
      const mine = api.problems.filter((p) => p.table === table && p.kind.startsWith('FACT_'));
      expect(mine).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'FACT_WITHOUT_EVENT', table, id: tampered[table].forged }),
        expect.objectContaining({ kind: 'FACT_DIFFERS_FROM_EVENT', table, id: tampered[table].changed, partition: '35.73', seq: expect.any(Number) }),
      ]));
      expect(mine).toHaveLength(2);
    });

    it.each(BOOK_TABLES)('the CLI, on the database alone with the public key, reports the same rows of %s', (table) => {
      expect(cliReport.valid).toBe(false);
      const mine = cliReport.problems.filter((p) => p.table === table && p.kind.startsWith('FACT_'));
      expect(mine.map((p) => [p.kind, p.id]).sort()).toEqual([['FACT_DIFFERS_FROM_EVENT', tampered[table].changed], ['FACT_WITHOUT_EVENT', tampered[table].forged]]);
      expect(cliText).toContain(`FACT_WITHOUT_EVENT tabel=${table} id=${tampered[table].forged}`);
      expect(cliText).toMatch(new RegExp(`FACT_DIFFERS_FROM_EVENT partisi=35\\.73 seq=\\d+ tabel=${table} id=${tampered[table].changed}`));
    });

    it('also finds the stored balances no longer equal to the ledgers they are kept from', () => {
      const failed = (check: string) => api.problems.filter((p) => p.kind === 'CHECK_FAILED' && p.check === check);
      expect(api.checks).toEqual(expect.arrayContaining([
        expect.objectContaining({ name: 'cash_balances', consistent: false }),
        expect.objectContaining({ name: 'tax_positions', consistent: false }),
      ]));
      // The LS payment's changed outflow, and the forged postings outside the account rows.
      expect(failed('cash_balances')).toEqual(expect.arrayContaining([
        expect.objectContaining({ table: 'cash_account', id: `${HOME}/${year}/LS` }),
        expect.objectContaining({ table: 'cash_account', id: `${HOME}/${year}/BANK` }),
        expect.objectContaining({ table: 'cash_posting', id: tampered.cash_posting.changed }),
      ]));
      expect(failed('tax_positions')).toEqual(expect.arrayContaining([
        expect.objectContaining({ table: 'tax_balance', id: `${HOME}/${year}/PPH22` }),
        expect.objectContaining({ table: 'tax_balance', id: `${HOME}/${year}/PPH4_2` }),
        expect.objectContaining({ table: 'tax_balance', id: `${HOME}/${year}/PPH21` }),
      ]));
    });
  });
});

describe('the demo, seeded through the services, verifies clean with every fact source', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-facts-demo-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    expect((await t.app.get(DemoSeedService).run()).seeded).toBe(true);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds every cash, tax and evidence row of the demo with its event, and every balance equal to its ledger', async () => {
    const auditor = await createUser(t, 'auditor', '35.73');
    const res = (await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200)).body;
    expect(res.problems).toEqual([]);
    const facts = Object.fromEntries(res.facts.map((f: { table: string; rows: number; events: number }) => [f.table, f]));
    for (const table of BOOK_TABLES) {
      expect(facts[table].rows).toBeGreaterThan(0);
      expect(facts[table]).toEqual({ table, rows: facts[table].rows, events: facts[table].rows, problems: 0 });
    }
    expect(res.valid).toBe(true);
  });
});

import { todayIso } from '../../src/modules/spending/spending-date';
import { createApprovedPlan, type CreatedPlan } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { bearer, createUser, type TestUser } from '../helpers/users';

// Kota Malang flags an overdraft (the default); Kota Batu's template refuses it (templates/35.79/books.json).
const HOME = '35.73.01.1001';
const REFUSING = '35.79.01.1001';

describe('the bendahara’s books', () => {
  let t: TestApp;
  let bendahara: TestUser;
  let lurah: TestUser;
  let camat: TestUser;
  let auditor: TestUser;
  let bendaharaBatu: TestUser;
  let plan: CreatedPlan;
  let batuPlan: CreatedPlan;
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const d = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let seq = 0;
  const evidenceNo = () => `${String(++seq).padStart(3, '0')}/TBP/KEL.BLJ/${year}`;

  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73', '35.79');
    bendahara = await createUser(t, 'bendahara', HOME);
    lurah = await createUser(t, 'lurah', HOME);
    camat = await createUser(t, 'camat', '35.73.01');
    auditor = await createUser(t, 'auditor', '35.73');
    bendaharaBatu = await createUser(t, 'bendahara', REFUSING);
    const lines = [
      { category: 'pemberdayaan' as const, subType: 'B4', description: 'Belanja alat tulis kantor', accountCode: '5.1.02.01.01.0024', volume: 1, unit: 'PAKET', unitPrice: 500_000_000 },
      { category: 'sarpras' as const, subType: 'A1', description: 'Paving jalan RT 02', accountCode: '5.2.04.01.01.0001', volume: 1, unit: 'PAKET', unitPrice: 10_000_000 },
      { category: 'pemberdayaan' as const, subType: 'B4', description: 'Makan minum rapat', accountCode: '5.1.02.01.01.0052', volume: 1, unit: 'PAKET', unitPrice: 100_000_000 },
    ];
    plan = await createApprovedPlan(t, { kelurahanCode: HOME, year, lines });
    batuPlan = await createApprovedPlan(t, { kelurahanCode: REFUSING, year, lines: [lines[0]] });
  });
  afterAll(() => t.close());

  const post = (u: TestUser, path: string, body: object) => t.http().post(path).set(bearer(u)).send(body);
  const pay = (u: TestUser, body: Record<string, unknown>) =>
    post(u, '/api/spending', { planLineId: plan.lineIds[0], date: d(3, 2), description: 'Belanja ATK', payee: 'CV Sumber Makmur', evidenceNo: evidenceNo(), ...body });
  const receive = (u: TestUser, body: Record<string, unknown>) =>
    post(u, '/api/books/funds', { kelurahanCode: HOME, kind: 'TU', account: 'BANK', date: d(2, 3), documentNo: `SP2D/${++seq}`, documentDate: d(2, 2), ...body });
  const balance = async (code = HOME) => (await t.http().get(`/api/books/balance?kelurahan=${code}&year=${year}`).set(bearer(auditor.regionCode === '35.73' && code === HOME ? auditor : bendaharaBatu)).expect(200)).body;
  const counts = async () => {
    const [r] = await t.db.query(`SELECT (SELECT count(*) FROM spending_entry)::int AS entries, (SELECT count(*) FROM tax_line)::int AS taxes,
      (SELECT count(*) FROM cash_posting)::int AS postings, (SELECT count(*) FROM tax_deposit)::int AS deposits, (SELECT count(*) FROM cash_fund_entry)::int AS funds`);
    return r;
  };
  const taxOf = (b: { taxes: Array<{ type: string; withheld: number }> }, type: string) => b.taxes.find((x) => x.type === type);

  it('receives TU by SP2D, pays by bank with the suggested taxes, and keeps cash and tax positions', async () => {
    await receive(bendahara, { amount: 200_000_000 }).expect(201);
    const { body: suggested } = await t.http().get(`/api/books/taxes/suggest?date=${d(3, 2)}&amount=11100000&kind=BARANG`).set(bearer(bendahara)).expect(200);
    expect(suggested.items.map((s: { type: string; amount: number }) => [s.type, s.amount])).toEqual([['PPN', 1_099_999], ['PPH22', 150_000]]);
    const taxes = suggested.items.map(({ type, base, rate, amount }: Record<string, unknown>) => ({ type, base, rate, amount }));
    const { body: e } = await pay(bendahara, { amount: 11_100_000, method: 'BANK', taxes }).expect(201);
    expect(e).toMatchObject({ method: 'BANK', accountCode: '5.1.02.01.01.0024', overdraft: null });
    expect(e.taxes.map((x: { type: string; ruleId: string }) => [x.type, x.ruleId])).toEqual([['PPN', 'PPN-2025'], ['PPH22', 'PPH22-1.5']]);
    const b = await balance();
    expect(b.cash).toEqual({ TUNAI: 0, BANK: 200_000_000 - 11_100_000 + 1_249_999, LS: 0 });
    expect(taxOf(b, 'PPN')).toMatchObject({ withheld: 1_099_999, deposited: 0, outstanding: 1_099_999 });
    // GET shows the same taxes
    const { body: again } = await t.http().get(`/api/spending/${e.id}`).set(bearer(auditor)).expect(200);
    expect(again.taxes).toEqual(e.taxes);
  });

  it('deposits a tax with billing code and NTPN; refuses more than is withheld, a malformed code and a reused NTPN, writing nothing', async () => {
    const before = (await balance()).taxes;
    const deposit = (body: Record<string, unknown>) =>
      post(bendahara, '/api/books/tax-deposits', { kelurahanCode: HOME, type: 'PPH22', account: 'BANK', date: d(3, 10), amount: 150_000, billingCode: '123456789012345', ntpn: '0A1B2C3D4E5F6789', ...body });
    const start = await counts();
    const over = await deposit({ amount: 150_001 }).expect(422);
    expect(over.body).toMatchObject({ code: 'BOOKS_TAX_EXCEEDS_WITHHELD', details: [{ field: 'amount', outstanding: 150_000 }] });
    // withheld on 2 March: a deposit dated before it has nothing to clear
    expect((await deposit({ date: d(3, 1) }).expect(422)).body.details[0].outstanding).toBe(0);
    expect((await deposit({ billingCode: '12345' }).expect(400)).body.details.map((x: { field: string }) => x.field)).toEqual(['billingCode']);
    expect((await deposit({ ntpn: 'SHORT' }).expect(400)).body.details.map((x: { field: string }) => x.field)).toEqual(['ntpn']);
    expect((await deposit({ type: 'PPH99' }).expect(400)).body.details.map((x: { field: string }) => x.field)).toEqual(['type']);
    expect(await counts()).toEqual(start);
    const { body: dep } = await deposit({ ntpn: '0a1b2c3d4e5f6789' }).expect(201);
    expect(dep).toMatchObject({ type: 'PPH22', amount: 150_000, ntpn: '0A1B2C3D4E5F6789' });
    const reused = await deposit({ type: 'PPN', amount: 1_000 }).expect(409);
    expect(reused.body.code).toBe('BOOKS_DUPLICATE_NTPN');
    const after = (await balance()).taxes;
    expect(taxOf({ taxes: after }, 'PPH22')).toMatchObject({ withheld: 150_000, deposited: 150_000, outstanding: 0 });
    // pungutan − penyetoran = sisa, for every tax
    for (const x of after) expect(x.withheld - x.deposited).toBe(x.outstanding);
    expect(after.filter((x: { type: string }) => x.type !== 'PPH22')).toEqual(before.filter((x: { type: string }) => x.type !== 'PPH22'));
  });

  it('refuses bad tax lines naming the field, and nothing is written', async () => {
    const start = await counts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'NPWP', base: 1_000_000, rate: 2, amount: 20_000 }, 'taxes.0.type'],
      [{ type: 'PPH23', base: -1, rate: 2, amount: 0 }, 'taxes.0.base'],
      [{ type: 'PPH22', base: 1_000_000, rate: 2.5, amount: 25_000 }, 'taxes.0.rate'],
      [{ type: 'PPH22', base: 1_000_000, rate: 1.5, amount: 16_000 }, 'taxes.0.amount'],
      [{ type: 'LAINNYA', base: 1_000_000, rate: 10, amount: 100_000 }, 'taxes.0.rate'],
    ];
    for (const [tax, field] of cases) {
      const res = await pay(bendahara, { amount: 1_000_000, taxes: [tax] }).expect(400);
      expect([res.body.code, res.body.details.map((x: { field: string }) => x.field)]).toEqual(['VALIDATION_FAILED', [field]]);
    }
    const unknownField = await pay(bendahara, { amount: 1_000_000, npwp: '01.234.567.8-901.000' }).expect(400);
    expect(unknownField.body.details[0].field).toBe('npwp');
    const tooMuch = await pay(bendahara, { amount: 1_000, taxes: [{ type: 'LAINNYA', base: 1_000_000, rate: 10, amount: 100_000, reason: 'Pajak daerah' }] }).expect(400);
    expect(tooMuch.body.details[0].field).toBe('taxes');
    expect(await counts()).toEqual(start);
    // the same rate with a reason is the bendahara's deliberate change
    const ok = await pay(bendahara, { amount: 1_000_000, taxes: [{ type: 'PPH22', base: 1_000_000, rate: 3, amount: 30_000, reason: 'Penyedia tanpa NPWP' }] }).expect(201);
    expect(ok.body.taxes[0]).toMatchObject({ type: 'PPH22', rate: 3, ruleId: null, reason: 'Penyedia tanpa NPWP' });
  });

  it('refuses a nomor bukti already used in the kelurahan and year (409 naming the entry); a reversal frees it', async () => {
    const no = evidenceNo();
    const { body: first } = await pay(bendahara, { amount: 500_000, evidenceNo: no }).expect(201);
    const dup = await pay(lurah, { amount: 700_000, evidenceNo: `  ${no.toLowerCase()} ` }).expect(409);
    expect(dup.body).toMatchObject({ code: 'SPENDING_DUPLICATE_EVIDENCE_NO', details: [{ field: 'evidenceNo', entryId: first.id }] });
    await post(bendahara, `/api/spending/${first.id}/reverse`, { reason: 'Salah nominal' }).expect(201);
    await pay(bendahara, { amount: 700_000, evidenceNo: no }).expect(201);
  });

  it('dates a reversal as the rules say, and reverses its taxes with it', async () => {
    const tax = { type: 'PPH23', base: 2_000_000, rate: 2, amount: 40_000 };
    const { body: e } = await pay(bendahara, { amount: 2_000_000, date: d(4, 10), taxes: [tax], method: 'TUNAI' }).expect(201);
    const reverse = (body: object) => post(bendahara, `/api/spending/${e.id}/reverse`, { reason: 'Jasa tidak jadi', ...body });
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const date of [d(4, 9), `${year - 1}-12-31`, tomorrow]) {
      expect((await reverse({ date }).expect(400)).body.details.map((x: { field: string }) => x.field)).toEqual(['date']);
    }
    const withheld = taxOf(await balance(), 'PPH23')!.withheld;
    const { body: r } = await reverse({}).expect(201);
    expect(r).toMatchObject({ date: d(4, 10), amount: -2_000_000, method: 'TUNAI', taxes: [{ type: 'PPH23', base: -2_000_000, amount: -40_000 }] });
    expect(taxOf(await balance(), 'PPH23')!.withheld).toBe(withheld - 40_000);
  });

  it('refuses to reverse a payment whose tax has been deposited (the deposit would exceed what is withheld)', async () => {
    const { body: e } = await pay(bendahara, { amount: 3_000_000, date: d(5, 4), method: 'BANK', taxes: [{ type: 'PPH4_2', base: 3_000_000, rate: 1.75, amount: 52_500 }] }).expect(201);
    await post(bendahara, '/api/books/tax-deposits', { kelurahanCode: HOME, type: 'PPH4_2', account: 'BANK', date: d(5, 5), amount: 52_500, billingCode: '223456789012345', ntpn: '1A1B2C3D4E5F6789' }).expect(201);
    const res = await post(bendahara, `/api/spending/${e.id}/reverse`, { reason: 'Batal' }).expect(409);
    expect(res.body.code).toBe('BOOKS_TAX_ALREADY_DEPOSITED');
  });

  it('a reversal dated into the original’s month keeps the period report at ≤ 100 % on the line', async () => {
    const line = plan.lineIds[1]; // Rp 10.000.000
    const { body: wrong } = await pay(bendahara, { planLineId: line, amount: 10_000_000, date: d(8, 10) }).expect(201);
    await post(bendahara, `/api/spending/${wrong.id}/reverse`, { reason: 'Dicatat ganda' }).expect(201);
    await pay(bendahara, { planLineId: line, amount: 10_000_000, date: d(8, 11) }).expect(201);
    for (const period of ['Q3', 'M08', 'FY']) {
      const { body } = await t.http().get(`/api/reports/summary?region=${HOME}&year=${year}&period=${period}`).set(bearer(auditor)).expect(200);
      const child = body.children.find((c: { code?: string; lineId?: string; id?: string }) => Object.values(c).includes(line));
      expect([period, child.realized, child.absorption]).toEqual([period, 10_000_000, 100]);
    }
    const { body: m09 } = await t.http().get(`/api/reports/summary?region=${HOME}&year=${year}&period=M09`).set(bearer(auditor)).expect(200);
    expect(m09.period).toBe('M09');
  });

  it('closes a month once its books balance; then nothing dated in it is accepted, until the camat reopens it with a reason', async () => {
    const close = (u: TestUser, month: number) => post(u, '/api/books/periods/close', { kelurahanCode: HOME, year, month });
    await receive(bendahara, { amount: 1_000_000, date: d(1, 10), documentDate: d(1, 9), kind: 'UP' }).expect(201);
    const { body: jan } = await pay(bendahara, { amount: 100_000, date: d(1, 20), method: 'BANK' }).expect(201);
    await close(camat, 1).expect(403);
    const { body: closed } = await close(bendahara, 1).expect(200);
    expect(closed).toMatchObject({ month: 1, period: 'M01', closed: true, closingBalance: 900_000 });
    await close(lurah, 1).expect(409);
    const start = await counts();
    const inJan = [
      await pay(bendahara, { amount: 1_000, date: d(1, 31) }),
      await receive(bendahara, { amount: 1_000, date: d(1, 5), documentDate: d(1, 5) }),
      await post(bendahara, '/api/books/tax-deposits', { kelurahanCode: HOME, type: 'PPN', account: 'BANK', date: d(1, 30), amount: 1, billingCode: '323456789012345', ntpn: '2A1B2C3D4E5F6789' }),
      await post(bendahara, `/api/spending/${jan.id}/reverse`, { reason: 'Batal', date: d(1, 25) }),
    ];
    for (const res of inJan) expect([res.status, res.body.code, res.body.details[0].field]).toEqual([409, 'PERIOD_CLOSED', 'date']);
    expect(await counts()).toEqual(start);
    // with no date, a reversal of an entry in a closed month lands today, in an open month
    const { body: r } = await post(bendahara, `/api/spending/${jan.id}/reverse`, { reason: 'Batal' }).expect(201);
    expect(r.date).toBe(today);

    await post(bendahara, '/api/books/periods/reopen', { kelurahanCode: HOME, year, month: 1, reason: 'Koreksi' }).expect(403);
    await post(camat, '/api/books/periods/reopen', { kelurahanCode: HOME, year, month: 1, reason: ' ' }).expect(400);
    const { body: reopened } = await post(camat, '/api/books/periods/reopen', { kelurahanCode: HOME, year, month: 1, reason: 'Koreksi atas temuan Inspektorat' }).expect(200);
    expect(reopened).toMatchObject({ closed: false });
    await pay(bendahara, { amount: 1_000, date: d(1, 31) }).expect(201);
    const { body: periods } = await t.http().get(`/api/books/periods?kelurahan=${HOME}&year=${year}`).set(bearer(auditor)).expect(200);
    expect(periods.items).toHaveLength(12);
    expect(periods.items[0]).toMatchObject({ period: 'M01', closed: false });
    const events = await t.db.query(`SELECT action, reason FROM book_period_event WHERE kelurahan_code = $1 ORDER BY seq`, [HOME]);
    expect(events).toEqual([{ action: 'close', reason: null }, { action: 'reopen', reason: 'Koreksi atas temuan Inspektorat' }]);
    const audit = await t.db.query(`SELECT action FROM audit_event WHERE entity = 'book_period' ORDER BY seq`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['books.period.close', 'books.period.reopen']);
  });

  it('does not close a month whose cash would be below zero (flagging mode lets the payment through, flagged)', async () => {
    const { body: e } = await pay(bendahara, { amount: 5_000_000, date: d(6, 1), method: 'TUNAI' }).expect(201);
    expect(e.overdraft).toMatchObject({ account: 'TUNAI' });
    expect(e.overdraft.balance).toBeLessThan(0);
    const res = await post(bendahara, '/api/books/periods/close', { kelurahanCode: HOME, year, month: 6 }).expect(422);
    expect(res.body.code).toBe('BOOKS_UNBALANCED');
    expect(res.body.details.map((x: { field: string }) => x.field)).toContain('TUNAI');
  });

  it('in the refusing mode, 50 concurrent payments against a cash balance that fits 10 give exactly 10 × 201', async () => {
    await post(bendaharaBatu, '/api/books/funds', { kelurahanCode: REFUSING, kind: 'UP', account: 'TUNAI', date: d(3, 1), amount: 1_000_000, documentNo: 'SP2D/UP/001', documentDate: d(3, 1) }).expect(201);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      post(bendaharaBatu, '/api/spending', { planLineId: batuPlan.lineIds[0], date: d(3, 5), amount: 100_000, description: 'Belanja ATK', payee: 'Toko Batu', evidenceNo: `K/${i}`, method: 'TUNAI' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status === 422);
    expect(refused).toHaveLength(40);
    expect(refused[0].body).toMatchObject({ code: 'BOOKS_INSUFFICIENT_CASH', details: [{ field: 'amount', account: 'TUNAI', balance: 0 }] });
    const b = await balance(REFUSING);
    expect(b).toMatchObject({ overdraft: 'refuse', cash: { TUNAI: 0, BANK: 0, LS: 0 } });
    const [ledger] = await t.db.query(`SELECT sum(amount)::bigint AS s, count(*)::int AS n FROM cash_posting WHERE kelurahan_code = $1`, [REFUSING]);
    expect(ledger).toEqual({ s: '0', n: 11 });
    // a return (STS) larger than the balance is refused too
    const sts = await post(bendaharaBatu, '/api/books/funds', { kelurahanCode: REFUSING, kind: 'STS', account: 'TUNAI', date: d(3, 6), amount: 1, documentNo: 'STS/001', documentDate: d(3, 6) }).expect(422);
    expect(sts.body.code).toBe('BOOKS_INSUFFICIENT_CASH');
  });

  it('LS payments come in and go out on LS, leaving the cash untouched', async () => {
    const before = await balance();
    await pay(bendahara, { amount: 8_000_000, date: d(7, 1), method: 'LS', taxes: [{ type: 'PPH22', base: 8_000_000, rate: 1.5, amount: 120_000 }] }).expect(201);
    const after = await balance();
    expect(after.cash).toEqual({ ...before.cash, LS: before.cash.LS + 120_000 });
  });

  it('refuses malformed funds and a duplicate SP2D number, naming the field', async () => {
    const start = await counts();
    expect((await receive(bendahara, { amount: 1_000, documentNo: 'SP2D/X', kind: 'XX' }).expect(400)).body.details[0].field).toBe('kind');
    expect((await receive(bendahara, { amount: -5 }).expect(400)).body.details[0].field).toBe('amount');
    expect((await receive(bendahara, { amount: 5, documentDate: d(2, 4) }).expect(400)).body.details[0].field).toBe('documentDate');
    await receive(bendahara, { amount: 5, kelurahanCode: '35.71.01.1001' }).expect(404);
    expect(await counts()).toEqual(start);
    await receive(bendahara, { amount: 5, documentNo: 'SP2D/DUP' }).expect(201);
    expect((await receive(lurah, { amount: 6, documentNo: ' sp2d/dup ' }).expect(409)).body.code).toBe('BOOKS_DUPLICATE_DOCUMENT');
    const { body: list } = await t.http().get(`/api/books/funds?kelurahan=${HOME}&year=${year}`).set(bearer(camat)).expect(200);
    expect(list.items.map((f: { documentNo: string }) => f.documentNo)).toContain('SP2D/DUP');
  });

  it('keeps the stored balances equal to the ledgers', async () => {
    const rows = await t.db.query(`
      SELECT a.kelurahan_code, a.account, a.balance, (SELECT COALESCE(sum(amount), 0) FROM cash_posting p WHERE p.kelurahan_code = a.kelurahan_code AND p.year = a.year AND p.account = a.account) AS ledger
        FROM cash_account a`);
    for (const r of rows) expect(r.balance).toBe(String(r.ledger));
    const taxes = await t.db.query(`
      SELECT b.type, b.withheld, (SELECT COALESCE(sum(amount), 0) FROM tax_line l WHERE l.kelurahan_code = b.kelurahan_code AND l.type = b.type) AS w,
             b.deposited, (SELECT COALESCE(sum(amount), 0) FROM tax_deposit x WHERE x.kelurahan_code = b.kelurahan_code AND x.type = b.type) AS dep
        FROM tax_balance b`);
    for (const r of taxes) expect([r.type, r.withheld, r.deposited]).toEqual([r.type, String(r.w), String(r.dep)]);
    await expect(t.db.query(`UPDATE cash_posting SET amount = 0`)).rejects.toThrow();
    await expect(t.db.query(`DELETE FROM tax_line`)).rejects.toThrow();
  });
});

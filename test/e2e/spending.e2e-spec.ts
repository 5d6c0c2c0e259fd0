import { DemoSeedService } from '../../src/database/seed/demo-seed.service';
import { todayIso } from '../../src/modules/spending/spending-date';
import { SpendingTotalsService } from '../../src/modules/spending/spending-totals.query';
import { PlanLinesService } from '../../src/modules/plans/plan-lines.service';
import { PlanWorkflowService } from '../../src/modules/plans/plan-workflow.service';
import { PlansService } from '../../src/modules/plans/plans.service';
import { amendPlan, FixturePlan, insertPlan, lineTotals } from '../helpers/ledger-fixtures';
import { createApprovedPlan } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, TestUser } from '../helpers/users';

const HOME = '35.73.01.1001';
const OTHER = '35.73.01.1002';
const DRAFTY = '35.73.01.1003';
const AMENDED = '35.73.01.1004';
const ENTRY_KEYS = [
  'id', 'seq', 'planLineId', 'planId', 'kelurahanCode', 'year', 'category', 'date', 'amount', 'description', 'payee',
  'evidenceNo', 'reversesId', 'reversedById', 'reason', 'createdAt', 'createdBy', 'createdByName', 'method', 'accountCode', 'taxes', 'overdraft',
];

describe('spending ledger (realisasi)', () => {
  let t: TestApp;
  let bendahara: TestUser;
  let lurah: TestUser;
  let bendaharaOther: TestUser;
  let bendaharaAmended: TestUser;
  let camat: TestUser;
  let auditor: TestUser;
  let admin: TestUser;
  let home: FixturePlan;
  let lastYear: FixturePlan;
  let other: FixturePlan;
  let draft: FixturePlan;
  let amended: FixturePlan;
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const jan1 = `${year}-01-01`;
  let nextLine = 0;
  // Each test takes lines of its own from the home plan, so tests do not depend on each other's bookings.
  const freshLine = () => home.lines[nextLine++];

  // A nomor bukti is unique per kelurahan and year, so each body gets its own unless a test names one.
  let evidenceSeq = 0;
  const body = (planLineId: string, amount: number, extra: Record<string, unknown> = {}) => ({
    planLineId, date: jan1, amount, description: 'Pembelian semen 40 sak', payee: 'UD Bangun Jaya', evidenceNo: `${String(++evidenceSeq).padStart(3, '0')}/TBP/${year}`, ...extra,
  });
  const post = (u: TestUser, b: unknown, key?: string) => {
    const req = t.http().post('/api/spending').set(bearer(u));
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(b as object);
  };
  // reason null sends an empty body
  const reverse = (u: TestUser, id: string, reason: string | null = 'Salah input nominal', key?: string) => {
    const req = t.http().post(`/api/spending/${id}/reverse`).set(bearer(u));
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(reason === null ? {} : { reason });
  };
  const count = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params))[0].n as number;
  const snapshot = async () => ({
    entries: await count('SELECT count(*)::int AS n FROM spending_entry'),
    audit: await count(`SELECT count(*)::int AS n FROM audit_event WHERE entity = 'spending_entry'`),
    lines: await t.db.query('SELECT id, spent, entry_count FROM plan_line ORDER BY id'),
    lineMonths: await t.db.query('SELECT * FROM plan_line_month_total ORDER BY plan_line_id, month'),
    kelMonths: await t.db.query('SELECT * FROM kelurahan_month_total ORDER BY kelurahan_code, year, month, category'),
  });

  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73', '35.71');
    [bendahara, lurah, bendaharaOther, bendaharaAmended, camat, auditor, admin] = await Promise.all([
      createUser(t, 'bendahara', HOME),
      createUser(t, 'lurah', HOME),
      createUser(t, 'bendahara', OTHER),
      createUser(t, 'bendahara', AMENDED),
      createUser(t, 'camat', '35.73.01'),
      createUser(t, 'auditor', '35.73'),
      createUser(t, 'admin', '35.73'),
    ]);
    home = await insertPlan(t, {
      kelurahanCode: HOME,
      year,
      lines: Array.from({ length: 20 }, (_, i) => ({ amount: 1_000_000 + i, category: i % 2 ? 'pemberdayaan' : 'sarpras' })),
    });
    lastYear = await insertPlan(t, { kelurahanCode: HOME, year: year - 1, lines: [{ amount: 5_000_000 }, { amount: 5_000_000 }] });
    other = await insertPlan(t, { kelurahanCode: OTHER, year, lines: [{ amount: 5_000_000 }] });
    draft = await insertPlan(t, { kelurahanCode: DRAFTY, year, status: 'draft', lines: [{ amount: 5_000_000 }] });
    amended = await insertPlan(t, { kelurahanCode: AMENDED, year, lines: [{ amount: 5_000_000 }, { amount: 2_000_000 }] });
  });
  afterAll(() => t?.close());

  it('records an entry: 201, the line, both month totals and the audit trail move together', async () => {
    const line = freshLine();
    const res = await post(bendahara, body(line.id, 250_000, { description: '  Upah tukang  ', evidenceNo: '01/TBP/2026' })).expect(201);
    expect(Object.keys(res.body)).toEqual(ENTRY_KEYS);
    expect(res.body).toMatchObject({
      planLineId: line.id, planId: home.id, kelurahanCode: HOME, year, category: line.category, date: jan1, amount: 250_000,
      description: 'Upah tukang', payee: 'UD Bangun Jaya', evidenceNo: '01/TBP/2026', reversesId: null, reversedById: null, reason: null,
      createdBy: bendahara.id,
    });
    expect(await lineTotals(t.db, line.id)).toEqual({ spent: 250_000, entryCount: 1, ledgerSum: 250_000, ledgerCount: 1 });
    const [lm] = await t.db.query('SELECT month, amount, entry_count FROM plan_line_month_total WHERE plan_line_id = $1', [line.id]);
    expect(lm).toEqual({ month: 1, amount: '250000', entry_count: 1 });
    const audit = await t.db.query(`SELECT action, actor, region_code, after FROM audit_event WHERE entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([expect.objectContaining({ action: 'spending.record', actor: bendahara.username, region_code: HOME })]);
    expect(audit[0].after.amount).toBe(250_000);
  });

  it('audits a payment in the statement that books it: awkward text, taxes and an overdraft hash as the verifier recomputes them', async () => {
    const line = freshLine();
    const awkward = 'Semen "Tiga Roda" \\ 40 sak ✓ 🚧 \u2028 \u00a0ñ / <b>&amp;</b> \'\'';
    const res = await post(bendahara, body(line.id, 200_000, {
      description: awkward, payee: 'UD "Bangun" Jaya – Ω 𝄞', method: 'BANK', evidenceNo: 'KW\\"Ü-1',
      taxes: [{ type: 'PPH4_2', base: 200_000, rate: 2.65, amount: 5_300 }, { type: 'LAINNYA', base: 200_000, rate: 0.125, amount: 250, reason: 'Pajak "daerah" ✓' }],
    })).expect(201);
    expect(Object.keys(res.body)).toEqual(ENTRY_KEYS);
    expect(res.body).toMatchObject({ description: awkward.trim(), method: 'BANK', overdraft: { account: 'BANK', balance: expect.any(Number) } });
    expect(res.body.taxes.map((x: { rate: number }) => x.rate)).toEqual([2.65, 0.125]);
    const [event] = await t.db.query(`SELECT after, actor, role, region_code, partition FROM audit_event WHERE entity = 'spending_entry' AND entity_id = $1`, [res.body.id]);
    // What the event says is what the answer said, and what GET says afterwards.
    expect(event.after).toEqual(res.body);
    expect(event).toMatchObject({ actor: bendahara.username, role: 'bendahara', region_code: HOME, partition: HOME.slice(0, 5) });
    const shown = (await t.http().get(`/api/spending/${res.body.id}`).set(bearer(bendahara)).expect(200)).body;
    expect(shown).toEqual(res.body);
    const report = (await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200)).body;
    expect(report.valid).toBe(true);
  });

  it('lets the lurah record too; camat, auditor and admin are refused by role (403)', async () => {
    const line = freshLine();
    await post(lurah, body(line.id, 1_000)).expect(201);
    for (const u of [camat, auditor, admin]) {
      expect((await post(u, body(line.id, 1_000)).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
    }
  });

  it('50 concurrent entries on a line that affords exactly 10: 10 × 201, 40 × 422, never overspent', async () => {
    const line = freshLine(); // budget 1,000,00x
    const budget = line.amount;
    await post(bendahara, body(line.id, budget - 1_000_000)).expect(201); // leaves exactly 1,000,000
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(bendahara, body(line.id, 100_000, { evidenceNo: `K-${i}` }))),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(40);
    const refused = results.find((r) => r.status === 422)!;
    expect(refused.body.code).toBe('SPENDING_EXCEEDS_LINE');
    expect(refused.body.message).toContain('Rp 0');
    expect(refused.body.details[0]).toMatchObject({ field: 'amount', remaining: 0, budget, spent: budget });
    expect(await lineTotals(t.db, line.id)).toEqual({ spent: budget, entryCount: 11, ledgerSum: budget, ledgerCount: 11 });
    const seqs = results.filter((r) => r.status === 201).map((r) => r.body.seq);
    expect(new Set(seqs).size).toBe(10);
  });

  it('names what remains, formatted, when an amount exceeds the line', async () => {
    const line = freshLine();
    await post(bendahara, body(line.id, 400_000)).expect(201);
    const res = await post(bendahara, body(line.id, line.amount)).expect(422);
    const left = line.amount - 400_000;
    expect(res.body.message).toContain(`Rp ${left.toLocaleString('de-DE')}`);
    expect(res.body.details[0].remaining).toBe(left);
  });

  it('one Idempotency-Key sent 20 times at once books one entry and gives 20 identical answers', async () => {
    const line = freshLine();
    const b = body(line.id, 77_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => post(bendahara, b, 'kunci-20-serentak')));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await lineTotals(t.db, line.id)).toEqual({ spent: 77_000, entryCount: 1, ledgerSum: 77_000, ledgerCount: 1 });
    expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [results[0].body.id])).toBe(1);
    // Later, with the keys sent in another order, still the first answer.
    const again = await post(bendahara, { evidenceNo: b.evidenceNo, payee: b.payee, description: b.description, amount: b.amount, date: b.date, planLineId: b.planLineId }, 'kunci-20-serentak').expect(201);
    expect(again.text).toBe(results[0].text);
  });

  it('refuses the same key with a different body (422) and books nothing', async () => {
    const line = freshLine();
    await post(bendahara, body(line.id, 10_000), 'kunci-beda').expect(201);
    const res = await post(bendahara, body(line.id, 10_001), 'kunci-beda').expect(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The same key on the reversal route is a different request too.
    const [{ id }] = await t.db.query('SELECT id FROM spending_entry WHERE plan_line_id = $1', [line.id]);
    expect((await reverse(bendahara, id, 'x', 'kunci-beda').expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await lineTotals(t.db, line.id)).toMatchObject({ spent: 10_000, ledgerCount: 1 });
  });

  it('keeps keys per kelurahan (lurah and bendahara book once), replays a business refusal, and refuses a key over 200 characters', async () => {
    const line = freshLine();
    const b = body(line.id, 20_000);
    const first = await post(bendahara, b, 'kunci-bersama').expect(201);
    const byLurah = await post(lurah, b, 'kunci-bersama').expect(201);
    expect(byLurah.body.id).toBe(first.body.id);
    expect(byLurah.text).toBe(first.text);
    expect(byLurah.headers['idempotent-replayed']).toBe('true');
    expect(await lineTotals(t.db, line.id)).toMatchObject({ spent: 20_000, ledgerCount: 1 });
    // The same key from the bendahara of another kelurahan is another kelurahan's key.
    const elsewhere = await post(bendaharaOther, body(other.lines[0].id, 1_000), 'kunci-bersama').expect(201);
    expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
    await reverse(bendaharaOther, elsewhere.body.id).expect(201);

    const tooMuch = body(line.id, line.amount);
    const refused = await post(bendahara, tooMuch, 'kunci-ditolak').expect(422);
    // Even after budget is freed, the same key and body answer as the first time did.
    await reverse(bendahara, first.body.id).expect(201);
    const replay = await post(bendahara, tooMuch, 'kunci-ditolak').expect(422);
    expect(replay.body).toEqual(refused.body);

    const long = await post(bendahara, body(line.id, 1), 'k'.repeat(201)).expect(400);
    expect(long.body.details[0].field).toBe('Idempotency-Key');
    await post(bendahara, body(line.id, 1), 'k'.repeat(200)).expect(201);
  });

  it('makes the ledger append-only: raw UPDATE, DELETE and TRUNCATE fail, for the app role and for the owner', async () => {
    const line = freshLine();
    const { body: e } = await post(bendahara, body(line.id, 5_000)).expect(201);
    // The app's role has no such privilege; the owner is stopped by the trigger.
    for (const [db, refusal] of [[t.db, /permission denied/], [t.owner, /append-only/]] as const) {
      await expect(db.query('UPDATE spending_entry SET amount = 1 WHERE id = $1', [e.id])).rejects.toThrow(refusal);
      await expect(db.query('DELETE FROM spending_entry WHERE id = $1', [e.id])).rejects.toThrow(refusal);
      await expect(db.query('TRUNCATE spending_entry CASCADE')).rejects.toThrow(refusal);
    }
    expect(await lineTotals(t.db, line.id)).toMatchObject({ spent: 5_000, ledgerSum: 5_000 });
  });

  it('a reversal frees the line: negative entry linked to the original, spent back down', async () => {
    const line = freshLine();
    const { body: e } = await post(bendahara, body(line.id, line.amount)).expect(201);
    await post(bendahara, body(line.id, 1)).expect(422);
    const res = await reverse(bendahara, e.id, '  Nota ganda  ').expect(201);
    expect(Object.keys(res.body)).toEqual(ENTRY_KEYS);
    expect(res.body).toMatchObject({
      planLineId: line.id, amount: -line.amount, reversesId: e.id, reason: 'Nota ganda', category: line.category, date: e.date,
      evidenceNo: e.evidenceNo, kelurahanCode: HOME,
    });
    expect(await lineTotals(t.db, line.id)).toEqual({ spent: 0, entryCount: 2, ledgerSum: 0, ledgerCount: 2 });
    const original = await t.http().get(`/api/spending/${e.id}`).set(bearer(bendahara)).expect(200);
    expect(original.body.reversedById).toBe(res.body.id);
    const audit = await t.db.query(`SELECT action, reason FROM audit_event WHERE entity_id = $1 ORDER BY id`, [e.id]);
    expect(audit).toEqual([{ action: 'spending.record', reason: null }, { action: 'spending.reverse', reason: 'Nota ganda' }]);
    await post(bendahara, body(line.id, line.amount)).expect(201);
  });

  it('reverses once: a second reversal is 409, a reversal of a reversal is refused, a reason is required', async () => {
    const line = freshLine();
    const { body: e } = await post(lurah, body(line.id, 30_000)).expect(201);
    await reverse(bendahara, e.id, null).expect(400);
    expect((await reverse(bendahara, e.id, '   ').expect(400)).body.details[0].field).toBe('reason');
    const { body: r } = await reverse(lurah, e.id).expect(201);
    const again = await reverse(bendahara, e.id).expect(409);
    expect(again.body.code).toBe('SPENDING_ALREADY_REVERSED');
    expect((await reverse(bendahara, r.id).expect(409)).body.code).toBe('SPENDING_CANNOT_REVERSE_REVERSAL');
    // A retried reversal with its Idempotency-Key gets the first answer instead of a 409.
    const { body: e2 } = await post(lurah, body(line.id, 30_000)).expect(201);
    const first = await reverse(bendahara, e2.id, 'Salah rekening', 'batal-1').expect(201);
    const retry = await reverse(bendahara, e2.id, 'Salah rekening', 'batal-1').expect(201);
    expect(retry.text).toBe(first.text);
    expect(await lineTotals(t.db, line.id)).toMatchObject({ spent: 0, ledgerCount: 4 });
  });

  it('10 concurrent reversals of one entry: exactly one 201, the rest 409, never 500', async () => {
    const line = freshLine();
    const { body: e } = await post(bendahara, body(line.id, 60_000)).expect(201);
    const results = await Promise.all(Array.from({ length: 10 }, () => reverse(bendahara, e.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'SPENDING_ALREADY_REVERSED')).toHaveLength(9);
    expect(await lineTotals(t.db, line.id)).toEqual({ spent: 0, entryCount: 2, ledgerSum: 0, ledgerCount: 2 });
  });

  it('dates a reversal on the original’s day by default, so the month it corrects nets to zero; a later date moves that month', async () => {
    const line = lastYear.lines[0];
    const { body: e } = await post(bendahara, body(line.id, 700_000, { date: `${year - 1}-03-10` })).expect(201);
    const { body: r } = await reverse(bendahara, e.id).expect(201);
    expect(r).toMatchObject({ date: `${year - 1}-03-10`, year: year - 1, amount: -700_000 });
    const { body: e2 } = await post(bendahara, body(line.id, 300_000, { date: `${year - 1}-03-11` })).expect(201);
    const { body: r2 } = await t.http().post(`/api/spending/${e2.id}/reverse`).set(bearer(bendahara))
      .send({ reason: 'Dibatalkan di akhir tahun', date: `${year - 1}-12-31` }).expect(201);
    expect(r2).toMatchObject({ date: `${year - 1}-12-31`, amount: -300_000 });
    const months = await t.db.query('SELECT month, amount, entry_count FROM plan_line_month_total WHERE plan_line_id = $1 ORDER BY month', [line.id]);
    expect(months).toEqual([{ month: 3, amount: '300000', entry_count: 3 }, { month: 12, amount: '-300000', entry_count: 1 }]);
    const kel = await t.db.query(
      `SELECT month, amount FROM kelurahan_month_total WHERE kelurahan_code = $1 AND year = $2 AND category = 'sarpras' ORDER BY month`,
      [HOME, year - 1],
    );
    expect(kel).toEqual([{ month: 3, amount: '300000' }, { month: 12, amount: '-300000' }]);
  });

  it('refuses a date outside the plan year or in the future, naming date (400)', async () => {
    const line = freshLine();
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const date of [`${year - 1}-12-31`, tomorrow, `${year + 1}-01-01`, `${year}-02-30`, '01-01-2026', '', 20260101]) {
      const res = await post(bendahara, body(line.id, 1_000, { date })).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['date']);
    }
    expect(await lineTotals(t.db, line.id)).toMatchObject({ ledgerCount: 0 });
  });

  it('refuses an amount that is 0, negative, a fraction, a string or over 10^13 (400)', async () => {
    const line = freshLine();
    for (const amount of [0, -5, 1.5, '1000', 10_000_000_000_001, null]) {
      const res = await post(bendahara, body(line.id, amount as number)).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['amount']);
    }
  });

  it('requires evidenceNo, description and payee (400), and a valid planLineId', async () => {
    const line = freshLine();
    const b = body(line.id, 1_000) as Record<string, unknown>;
    delete b.evidenceNo;
    expect((await post(bendahara, b).expect(400)).body.details[0].field).toBe('evidenceNo');
    expect((await post(bendahara, body(line.id, 1_000, { evidenceNo: '  ' })).expect(400)).body.details[0].field).toBe('evidenceNo');
    expect((await post(bendahara, body(line.id, 1_000, { payee: '' })).expect(400)).body.details[0].field).toBe('payee');
    expect((await post(bendahara, body('bukan-uuid', 1_000)).expect(400)).body.details[0].field).toBe('planLineId');
    await post(bendahara, { ...body(line.id, 1_000), extra: 1 }).expect(400);
  });

  it('answers 404 for an unknown line and for another kelurahan’s line, alike', async () => {
    const unknown = await post(bendahara, body('7d4c3b2a-1111-4222-8333-944455566677', 1_000)).expect(404);
    const foreign = await post(bendahara, body(other.lines[0].id, 1_000)).expect(404);
    expect(foreign.body).toEqual(unknown.body);
    await post(bendaharaOther, body(other.lines[0].id, 1_000)).expect(201);
  });

  it('refuses a line of a plan without a version in force, or not in the version in force (409)', async () => {
    const drafter = await createUser(t, 'bendahara', DRAFTY);
    const res = await post(drafter, body(draft.lines[0].id, 1_000)).expect(409);
    expect(res.body.code).toBe('SPENDING_PLAN_NOT_APPROVED');
    // An amendment still in draft: its new line is not spendable, the lines in force still are.
    const [added] = await amendPlan(t, amended, { approve: false, addLines: [{ amount: 3_000_000 }] });
    expect((await post(bendaharaAmended, body(added.id, 1_000)).expect(409)).body.code).toBe('SPENDING_PLAN_NOT_APPROVED');
    await post(bendaharaAmended, body(amended.lines[0].id, 1_000)).expect(201);
  });

  it('spends against the amended budget once approved, and still reverses entries booked before', async () => {
    const line = amended.lines[1]; // 2,000,000 in version 1
    const { body: e } = await post(bendaharaAmended, body(line.id, 1_500_000)).expect(201);
    await amendPlan(t, amended, { approve: true, amounts: { [line.id]: 1_600_000 } });
    const over = await post(bendaharaAmended, body(line.id, 200_000)).expect(422);
    expect(over.body.details[0]).toMatchObject({ remaining: 100_000, budget: 1_600_000 });
    await reverse(bendaharaAmended, e.id).expect(201);
    await post(bendaharaAmended, body(line.id, 1_600_000)).expect(201);
  });

  it('works with plans made by the plans module: spent shows on the plan, an amendment may not go below it', async () => {
    const KEL = '35.73.01.1005';
    const made = await createApprovedPlan(t, { kelurahanCode: KEL, year });
    const b5 = await createUser(t, 'bendahara', KEL);
    const lineId = made.lineIds[0];
    const { body: e } = await post(b5, body(lineId, 40_000_000)).expect(201);
    const plans = t.app.get(PlansService);
    const shown = await plans.get(made.lurah, made.planId);
    expect(shown.lines.find((l) => l.id === lineId)).toMatchObject({ spent: 40_000_000 });
    await t.app.get(PlanWorkflowService).amend(made.lurah, made.planId);
    await expect(t.app.get(PlanLinesService).updateLine(made.lurah, made.planId, lineId, { volume: 1, unitPrice: 39_999_999 })).rejects.toMatchObject({ status: 422 });
    await reverse(b5, e.id).expect(201);
    await t.app.get(PlanLinesService).updateLine(made.lurah, made.planId, lineId, { volume: 1, unitPrice: 39_999_999 });
  });

  it('a failed request books nothing: no entry, no audit event, totals unchanged', async () => {
    const line = freshLine();
    await post(bendahara, body(line.id, line.amount)).expect(201);
    const [{ id: spentId }] = await t.db.query('SELECT id FROM spending_entry WHERE plan_line_id = $1', [line.id]);
    const before = await snapshot();
    await post(bendahara, body(line.id, 1)).expect(422);
    await post(bendahara, body(line.id, 1), 'kunci-gagal').expect(422);
    await post(bendahara, body(draft.lines[0].id, 1)).expect(404);
    await post(bendahara, body(line.id, 1, { date: `${year - 1}-06-01` })).expect(400);
    await post(bendahara, body(line.id, 0)).expect(400);
    await reverse(bendaharaOther, spentId).expect(404);
    await reverse(camat, spentId).expect(403);
    expect(await snapshot()).toEqual(before);
  });

  it('lists the ledger in scope, filtered and paginated, newest first', async () => {
    const line = freshLine();
    const d2 = today;
    await post(bendahara, body(line.id, 1_000, { date: jan1, evidenceNo: 'A' })).expect(201);
    await post(bendahara, body(line.id, 2_000, { date: d2, evidenceNo: 'B' })).expect(201);
    const { body: c } = await post(bendahara, body(line.id, 3_000, { date: d2, evidenceNo: 'C' })).expect(201);
    await reverse(bendahara, c.id).expect(201);

    const all = await t.http().get(`/api/spending?planLineId=${line.id}`).set(bearer(bendahara)).expect(200);
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((i: { amount: number }) => i.amount)).toEqual([-3_000, 3_000, 2_000, 1_000]);
    expect(Object.keys(all.body.items[0])).toEqual(ENTRY_KEYS);
    expect(all.body.items[1].reversedById).toBe(all.body.items[0].id);

    const page2 = await t.http().get(`/api/spending?planLineId=${line.id}&page=2&pageSize=3`).set(bearer(lurah)).expect(200);
    expect(page2.body).toMatchObject({ total: 4, items: [expect.objectContaining({ amount: 1_000 })] });
    const jan = await t.http().get(`/api/spending?planLineId=${line.id}&from=${jan1}&to=${jan1}`).set(bearer(camat)).expect(200);
    expect(jan.body.items.map((i: { evidenceNo: string }) => i.evidenceNo)).toContain('A');
    const reversals = await t.http().get(`/api/spending?planLineId=${line.id}&kind=reversals`).set(bearer(auditor)).expect(200);
    expect(reversals.body.total).toBe(1);
    const byRegion = await t.http().get(`/api/spending?region=${HOME}&year=${year}&pageSize=500`).set(bearer(admin)).expect(200);
    expect(byRegion.body.items.every((i: { kelurahanCode: string; year: number }) => i.kelurahanCode === HOME && i.year === year)).toBe(true);

    // Another kelurahan's bendahara sees none of it, and asking for the region is 404 like an unknown one.
    const foreign = await t.http().get(`/api/spending?planLineId=${line.id}`).set(bearer(bendaharaOther)).expect(200);
    expect(foreign.body).toEqual({ items: [], total: 0 });
    await t.http().get(`/api/spending?region=${HOME}`).set(bearer(bendaharaOther)).expect(404);
    await t.http().get('/api/spending?region=35.73.09').set(bearer(admin)).expect(404);
    await t.http().get(`/api/spending?from=${today}&to=${jan1}`).set(bearer(admin)).expect(today === jan1 ? 200 : 400);
    await t.http().get('/api/spending?pageSize=501').set(bearer(admin)).expect(400);
    await t.http().get('/api/spending?year=abc').set(bearer(admin)).expect(400);
  });

  it('shows one entry in scope; out of scope, unknown or malformed is 404', async () => {
    const line = freshLine();
    const { body: e } = await post(bendahara, body(line.id, 4_000)).expect(201);
    const res = await t.http().get(`/api/spending/${e.id}`).set(bearer(auditor)).expect(200);
    expect(res.body).toEqual(e);
    await t.http().get(`/api/spending/${e.id}`).set(bearer(bendaharaOther)).expect(404);
    await t.http().get('/api/spending/7d4c3b2a-1111-4222-8333-944455566677').set(bearer(admin)).expect(404);
    await t.http().get('/api/spending/bukan-id').set(bearer(admin)).expect(404);
    await reverse(bendahara, 'bukan-id').expect(404);
  });

  it('the totals check agrees with the ledger after all of the above, and finds a tampered total', async () => {
    const res = await t.http().get('/api/spending/totals/check').set(bearer(admin)).expect(200);
    expect(res.body).toEqual({ consistent: true, entries: expect.any(Number), mismatches: [] });
    expect(res.body.entries).toBe(await count('SELECT count(*)::int AS n FROM spending_entry'));
    await t.http().get('/api/spending/totals/check').set(bearer(auditor)).expect(200);
    await t.http().get('/api/spending/totals/check').set(bearer(bendahara)).expect(403);

    const line = home.lines[0];
    await t.db.query('UPDATE plan_line SET spent = spent + 1 WHERE id = $1', [line.id]);
    await t.db.query(`UPDATE kelurahan_month_total SET entry_count = entry_count + 5 WHERE kelurahan_code = $1 AND year = $2 AND month = 1 AND category = 'sarpras'`, [HOME, year]);
    await t.db.query(`INSERT INTO plan_line_month_total (plan_line_id, month, amount, entry_count) VALUES ($1, 7, 9, 1) ON CONFLICT DO NOTHING`, [lastYear.lines[1].id]);
    try {
      const check = await t.app.get(SpendingTotalsService).check();
      expect(check.consistent).toBe(false);
      expect(check.mismatches).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'plan_line', planLineId: line.id, stored: { amount: 250_001, entryCount: 1 }, ledger: { amount: 250_000, entryCount: 1 } }),
        expect.objectContaining({ kind: 'kelurahan_month', kelurahanCode: HOME, year, month: 1, category: 'sarpras' }),
        expect.objectContaining({ kind: 'plan_line_month', planLineId: lastYear.lines[1].id, month: 7, stored: { amount: 9, entryCount: 1 }, ledger: { amount: 0, entryCount: 0 } }),
      ]));
      expect(check.mismatches).toHaveLength(3);
      // Out of that admin's scope, the other kab/kota's auditor sees nothing wrong.
      const kediri = await createUser(t, 'auditor', '35.71');
      expect((await t.http().get('/api/spending/totals/check').set(bearer(kediri)).expect(200)).body).toEqual({ consistent: true, entries: 0, mismatches: [] });
    } finally {
      await t.db.query('UPDATE plan_line SET spent = spent - 1 WHERE id = $1', [line.id]);
      await t.db.query(`UPDATE kelurahan_month_total SET entry_count = entry_count - 5 WHERE kelurahan_code = $1 AND year = $2 AND month = 1 AND category = 'sarpras'`, [HOME, year]);
      await t.db.query('DELETE FROM plan_line_month_total WHERE plan_line_id = $1 AND month = 7', [lastYear.lines[1].id]);
    }
    expect((await t.app.get(SpendingTotalsService).check()).consistent).toBe(true);
  });
});

describe('spending demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('books realistic entries on the approved Balearjosari plan as the demo bendahara, one reversed, totals consistent', async () => {
    const result = await t.app.get(DemoSeedService).run();
    expect(result.seeded).toBe(true);
    const rows: Array<{ spent_on: string; amount: string; reverses_id: string | null; reason: string | null; username: string; kelurahan_code: string }> =
      await t.db.query(
        `SELECT e.spent_on::text, e.amount, e.reverses_id, e.reason, u.username, e.kelurahan_code
           FROM spending_entry e JOIN app_user u ON u.id = e.created_by ORDER BY e.seq`,
      );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.length).toBeLessThanOrEqual(12);
    expect(new Set(rows.map((r) => r.username))).toEqual(new Set(['bendahara.balearjosari']));
    expect(new Set(rows.map((r) => r.kelurahan_code))).toEqual(new Set(['35.73.01.1001']));
    const today = todayIso();
    expect(rows.every((r) => r.spent_on <= today)).toBe(true);
    const reversals = rows.filter((r) => r.reverses_id !== null);
    expect(reversals).toHaveLength(1);
    expect(reversals[0].reason).toMatch(/dua kali/);
    const lines = await t.db.query('SELECT count(*)::int AS n FROM plan_line WHERE spent > 0');
    expect(lines[0].n).toBeGreaterThanOrEqual(5);
    expect(await t.app.get(SpendingTotalsService).check()).toMatchObject({ consistent: true, entries: rows.length });
  });
});

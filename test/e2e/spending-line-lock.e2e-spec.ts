import { todayIso } from '../../src/modules/spending/spending-date';
import { amendPlan, insertPlan, lineTotals } from '../helpers/ledger-fixtures';
import { importKabkota } from '../helpers/regions';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { bearer, createUser } from '../helpers/users';

const HOME = '35.73.01.1001';

/**
 * A booking locks its line, reads the budget in force and moves the line's running total in the one statement that
 * books the payment (spending_pay). The budget must still be read after the lock is held: a booking that waited for an approval
 * books against the version that approval put in force, not the one its first snapshot saw.
 */
describe('a booking reads the budget after the line lock, in one round trip', () => {
  let t: TestApp;
  const year = Number(todayIso().slice(0, 4));
  afterAll(() => t.close());

  it('books against the version an approval committed while the booking waited for the line', async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73');
    const bendahara = await createUser(t, 'bendahara', HOME);
    const plan = await insertPlan(t, { kelurahanCode: HOME, year, lines: [{ amount: 1_000_000 }] });
    const lineId = plan.lines[0].id;
    // Version 2 (a draft amendment) lowers the line to Rp 100.000.
    await amendPlan(t, plan, { approve: false, amounts: { [lineId]: 100_000 } });
    const book = (amount: number, evidenceNo: string) =>
      t.http().post('/api/spending').set(bearer(bendahara)).send({ planLineId: lineId, date: `${year}-01-05`, amount, description: 'Belanja ATK', payee: 'CV Maju', evidenceNo });

    // What an approval does to the line and the plan, held open: the line locked, version 2 put in force.
    const approval = t.owner.createQueryRunner();
    await approval.connect();
    await approval.startTransaction();
    try {
      await approval.query('SELECT id FROM plan_line WHERE id = $1 FOR NO KEY UPDATE', [lineId]);
      await approval.query('UPDATE plan SET in_force_version = 2 WHERE id = $1', [plan.id]);
      const waiting = book(500_000, 'LOCK-1').then((r) => r); // then() sends it
      for (const end = Date.now() + 20_000; ; ) {
        const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (n >= 1) break;
        if (Date.now() > end) throw new Error('the booking never waited for the line');
        await new Promise((r) => setTimeout(r, 50));
      }
      await approval.commitTransaction();
      // Rp 500.000 fitted version 1 (the booking's first snapshot), not version 2 (in force once it had the lock).
      const res = await waiting;
      expect([res.status, res.body.code]).toEqual([422, 'SPENDING_EXCEEDS_LINE']);
      expect(res.body.details[0]).toMatchObject({ field: 'amount', budget: 100_000, spent: 0, remaining: 100_000 });
    } finally {
      if (approval.isTransactionActive) await approval.rollbackTransaction();
      await approval.release();
    }
    // The refused booking moved nothing; one that fits the new version books, and the running total equals the ledger.
    expect(await lineTotals(t.db, lineId)).toEqual({ spent: 0, entryCount: 0, ledgerSum: 0, ledgerCount: 0 });
    expect((await book(100_000, 'LOCK-2')).status).toBe(201);
    expect((await book(1, 'LOCK-3')).body.code).toBe('SPENDING_EXCEEDS_LINE');
    expect(await lineTotals(t.db, lineId)).toEqual({ spent: 100_000, entryCount: 1, ledgerSum: 100_000, ledgerCount: 1 });
  }, 120_000);
});

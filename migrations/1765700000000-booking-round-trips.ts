import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment books against its plan line in one round trip instead of three: `plan_line_book(line, amount)` locks the
 * line, reads its budget in the version in force after the lock is held (each statement of a volatile function
 * takes a new snapshot under READ COMMITTED, so an approval committed while it waited is seen, as with two
 * statements from the client), and moves the line's running total only when the amount fits. It answers what the
 * line held before the move; the caller refuses (and so rolls back) anything else.
 */
export class BookingRoundTrips1765700000000 implements MigrationInterface {
  name = 'BookingRoundTrips1765700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION plan_line_book(p_line uuid, p_amount bigint)
      RETURNS TABLE (id uuid, plan_id uuid, kelurahan_code varchar, spent bigint, year int, in_force_version int, budget bigint,
                     category text, account_code text, booked boolean)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        l record;
        b record;
      BEGIN
        SELECT x.id, x.plan_id, x.kelurahan_code, x.spent INTO l FROM plan_line x WHERE x.id = p_line FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        SELECT p.year, p.in_force_version, v.amount AS budget, v.category, v.account_code INTO b
          FROM plan p
          LEFT JOIN plan_line_version v ON v.plan_id = p.id AND v.version = p.in_force_version AND v.line_id = p_line
         WHERE p.id = l.plan_id;
        booked := b.in_force_version IS NOT NULL AND b.budget IS NOT NULL AND p_amount > 0 AND p_amount <= b.budget - l.spent;
        IF booked THEN
          UPDATE plan_line x SET spent = x.spent + p_amount, entry_count = x.entry_count + 1 WHERE x.id = p_line;
        END IF;
        id := l.id;
        plan_id := l.plan_id;
        kelurahan_code := l.kelurahan_code;
        spent := l.spent;
        year := b.year;
        in_force_version := b.in_force_version;
        budget := b.budget;
        category := b.category;
        account_code := b.account_code;
        RETURN NEXT;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION plan_line_book(uuid, bigint)`);
  }
}

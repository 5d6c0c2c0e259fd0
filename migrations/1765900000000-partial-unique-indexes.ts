import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Three unique rules that only ever bind a few rows: a reversal's original (spending_entry, tax_line) and the event's
 * place in the single chain before partitioning (audit_event.legacy_seq). Every other row holds NULL there, which a
 * full unique index still stores: each payment added three entries that no lookup or rule uses. As partial indexes
 * (WHERE … IS NOT NULL) the rule is the same (NULLs never collided), under the same names, so a second reversal of one
 * entry still fails on spending_entry_reverses_uq; payments no longer write to them.
 */
export class PartialUniqueIndexes1765900000000 implements MigrationInterface {
  name = 'PartialUniqueIndexes1765900000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const t of ['spending_entry', 'tax_line']) {
      await q.query(`ALTER TABLE ${t} DROP CONSTRAINT ${t}_reverses_uq`);
      await q.query(`CREATE UNIQUE INDEX ${t}_reverses_uq ON ${t} (reverses_id) WHERE reverses_id IS NOT NULL`);
    }
    await q.query(`DROP INDEX audit_event_legacy_seq_uq`);
    await q.query(`CREATE UNIQUE INDEX audit_event_legacy_seq_uq ON audit_event (legacy_seq) WHERE legacy_seq IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_event_legacy_seq_uq`);
    await q.query(`CREATE UNIQUE INDEX audit_event_legacy_seq_uq ON audit_event (legacy_seq)`);
    for (const t of ['tax_line', 'spending_entry']) {
      await q.query(`DROP INDEX ${t}_reverses_uq`);
      await q.query(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_reverses_uq UNIQUE (reverses_id)`);
    }
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several funding sources per kelurahan and year (DAU SG beside APBD, …), each with its own amount. The sources are
 * the truth; the allocation row keeps their total (the figure the reports read), kept by trigger, and a constraint
 * trigger checked at commit refuses any write that leaves the two apart. An allocation inserted with an amount and
 * a source gets that source row by trigger, so older writers stay correct.
 */
export class AllocationSources1764900000100 implements MigrationInterface {
  name = 'AllocationSources1764900000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE allocation_source (
        allocation_id uuid NOT NULL,
        source        text NOT NULL,
        amount        bigint NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT allocation_source_pk PRIMARY KEY (allocation_id, source),
        CONSTRAINT allocation_source_allocation_fk FOREIGN KEY (allocation_id) REFERENCES allocation (id),
        CONSTRAINT allocation_source_amount_chk CHECK (amount BETWEEN 0 AND 10000000000000),
        CONSTRAINT allocation_source_source_chk CHECK (source IN ('DAU_SG', 'DAU_TAMBAHAN', 'APBD', 'SILPA'))
      )`);
    await q.query(`INSERT INTO allocation_source (allocation_id, source, amount, updated_at) SELECT id, source, amount, updated_at FROM allocation`);
    await q.query(`
      CREATE FUNCTION allocation_sources_sum_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target uuid;
        total bigint;
        summed bigint;
      BEGIN
        IF TG_TABLE_NAME = 'allocation' THEN
          target := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN
          target := OLD.allocation_id;
        ELSE
          target := NEW.allocation_id;
        END IF;
        SELECT amount INTO total FROM allocation WHERE id = target;
        SELECT coalesce(sum(amount), 0) INTO summed FROM allocation_source WHERE allocation_id = target;
        IF total IS NOT NULL AND total <> summed THEN
          RAISE EXCEPTION 'allocation % amount % is not the sum of its sources (%)', target, total, summed
            USING ERRCODE = '23514', CONSTRAINT = 'allocation_sources_sum_chk';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION allocation_source_total() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE target uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN target := OLD.allocation_id; ELSE target := NEW.allocation_id; END IF;
        UPDATE allocation SET amount = (SELECT coalesce(sum(amount), 0) FROM allocation_source WHERE allocation_id = target)
         WHERE id = target;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION allocation_first_source() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO allocation_source (allocation_id, source, amount) VALUES (NEW.id, NEW.source, NEW.amount)
          ON CONFLICT (allocation_id, source) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER allocation_first_source AFTER INSERT ON allocation FOR EACH ROW EXECUTE FUNCTION allocation_first_source()`);
    await q.query(`CREATE TRIGGER allocation_source_total AFTER INSERT OR UPDATE OR DELETE ON allocation_source
      FOR EACH ROW EXECUTE FUNCTION allocation_source_total()`);
    await q.query(`CREATE CONSTRAINT TRIGGER allocation_sources_sum_chk AFTER INSERT OR UPDATE ON allocation
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION allocation_sources_sum_check()`);
    await q.query(`CREATE CONSTRAINT TRIGGER allocation_source_sum_chk AFTER INSERT OR UPDATE OR DELETE ON allocation_source
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION allocation_sources_sum_check()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER allocation_source_sum_chk ON allocation_source`);
    await q.query(`DROP TRIGGER allocation_sources_sum_chk ON allocation`);
    await q.query(`DROP TRIGGER allocation_source_total ON allocation_source`);
    await q.query(`DROP TRIGGER allocation_first_source ON allocation`);
    await q.query(`DROP FUNCTION allocation_sources_sum_check()`);
    await q.query(`DROP FUNCTION allocation_source_total()`);
    await q.query(`DROP FUNCTION allocation_first_source()`);
    await q.query(`DROP TABLE allocation_source`);
  }
}

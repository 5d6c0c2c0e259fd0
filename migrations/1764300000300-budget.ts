import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The budget: allocations (pagu), plans with versions and lines, and the spending ledger with the running
 * totals that reports read. Money is whole rupiah in bigint everywhere; CHECKs guard signs and bounds.
 */
export class Budget1764300000300 implements MigrationInterface {
  name = 'Budget1764300000300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE allocation (
        id             uuid NOT NULL DEFAULT gen_random_uuid(),
        year           int NOT NULL,
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        amount         bigint NOT NULL,
        source         text NOT NULL DEFAULT 'APBD',
        note           text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        updated_by     uuid,
        CONSTRAINT allocation_pk PRIMARY KEY (id),
        CONSTRAINT allocation_year_kelurahan_uq UNIQUE (kelurahan_code, year),
        CONSTRAINT allocation_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT allocation_user_fk FOREIGN KEY (updated_by) REFERENCES app_user (id),
        CONSTRAINT allocation_kelurahan_chk CHECK (length(kelurahan_code) = 13),
        CONSTRAINT allocation_year_chk CHECK (year BETWEEN 2019 AND 2100),
        CONSTRAINT allocation_amount_chk CHECK (amount BETWEEN 0 AND 10000000000000),
        CONSTRAINT allocation_source_chk CHECK (source IN ('DAU_SG', 'DAU_TAMBAHAN', 'APBD', 'SILPA'))
      )`);
    await q.query(`CREATE INDEX allocation_year_idx ON allocation (year, kelurahan_code)`);
    await q.query(`
      CREATE TABLE allocation_history (
        id             bigint GENERATED ALWAYS AS IDENTITY,
        allocation_id  uuid NOT NULL,
        year           int NOT NULL,
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        old_amount     bigint,
        new_amount     bigint NOT NULL,
        old_source     text,
        new_source     text NOT NULL,
        note           text,
        changed_by     uuid,
        changed_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT allocation_history_pk PRIMARY KEY (id),
        CONSTRAINT allocation_history_allocation_fk FOREIGN KEY (allocation_id) REFERENCES allocation (id),
        CONSTRAINT allocation_history_user_fk FOREIGN KEY (changed_by) REFERENCES app_user (id)
      )`);
    await q.query(`CREATE INDEX allocation_history_allocation_idx ON allocation_history (allocation_id, id)`);

    // A plan is one kelurahan's plan for one year; its versions are the original and each amendment (perubahan).
    await q.query(`
      CREATE TABLE plan (
        id               uuid NOT NULL DEFAULT gen_random_uuid(),
        kelurahan_code   varchar(13) COLLATE "C" NOT NULL,
        year             int NOT NULL,
        latest_version   int NOT NULL DEFAULT 1,
        in_force_version int,
        created_at       timestamptz NOT NULL DEFAULT now(),
        created_by       uuid,
        CONSTRAINT plan_pk PRIMARY KEY (id),
        CONSTRAINT plan_kelurahan_year_uq UNIQUE (kelurahan_code, year),
        CONSTRAINT plan_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT plan_user_fk FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT plan_kelurahan_chk CHECK (length(kelurahan_code) = 13),
        CONSTRAINT plan_year_chk CHECK (year BETWEEN 2019 AND 2100),
        CONSTRAINT plan_versions_chk CHECK (latest_version >= 1 AND (in_force_version IS NULL OR in_force_version BETWEEN 1 AND latest_version))
      )`);
    await q.query(`
      CREATE TABLE plan_version (
        plan_id            uuid NOT NULL,
        version            int NOT NULL,
        status             text NOT NULL DEFAULT 'draft',
        total              bigint NOT NULL DEFAULT 0,
        total_sarpras      bigint NOT NULL DEFAULT 0,
        total_pemberdayaan bigint NOT NULL DEFAULT 0,
        created_at         timestamptz NOT NULL DEFAULT now(),
        created_by         uuid,
        submitted_at       timestamptz,
        submitted_by       uuid,
        returned_at        timestamptz,
        returned_by        uuid,
        return_reason      text,
        approved_at        timestamptz,
        approved_by        uuid,
        superseded_at      timestamptz,
        CONSTRAINT plan_version_pk PRIMARY KEY (plan_id, version),
        CONSTRAINT plan_version_plan_fk FOREIGN KEY (plan_id) REFERENCES plan (id),
        CONSTRAINT plan_version_created_by_fk FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT plan_version_submitted_by_fk FOREIGN KEY (submitted_by) REFERENCES app_user (id),
        CONSTRAINT plan_version_returned_by_fk FOREIGN KEY (returned_by) REFERENCES app_user (id),
        CONSTRAINT plan_version_approved_by_fk FOREIGN KEY (approved_by) REFERENCES app_user (id),
        CONSTRAINT plan_version_status_chk CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'superseded')),
        CONSTRAINT plan_version_total_chk CHECK (total >= 0 AND total_sarpras >= 0 AND total_pemberdayaan >= 0
          AND total = total_sarpras + total_pemberdayaan)
      )`);
    await q.query(`ALTER TABLE plan ADD CONSTRAINT plan_in_force_fk FOREIGN KEY (id, in_force_version) REFERENCES plan_version (plan_id, version) DEFERRABLE INITIALLY DEFERRED`);

    // A line's identity across versions: spending hangs on it, and its running total lives here.
    await q.query(`
      CREATE TABLE plan_line (
        id             uuid NOT NULL DEFAULT gen_random_uuid(),
        plan_id        uuid NOT NULL,
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        spent          bigint NOT NULL DEFAULT 0,
        entry_count    int NOT NULL DEFAULT 0,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plan_line_pk PRIMARY KEY (id),
        CONSTRAINT plan_line_plan_fk FOREIGN KEY (plan_id) REFERENCES plan (id),
        CONSTRAINT plan_line_spent_chk CHECK (spent >= 0 AND entry_count >= 0)
      )`);
    await q.query(`CREATE INDEX plan_line_plan_idx ON plan_line (plan_id)`);
    await q.query(`CREATE INDEX plan_line_kelurahan_idx ON plan_line (kelurahan_code, year)`);
    // The content of a line in one version: volume × unit price = amount, kept exact.
    await q.query(`
      CREATE TABLE plan_line_version (
        plan_id        uuid NOT NULL,
        version        int NOT NULL,
        line_id        uuid NOT NULL,
        position       int NOT NULL DEFAULT 0,
        category       text NOT NULL,
        sub_type       text NOT NULL,
        description    text NOT NULL,
        account_code   text NOT NULL,
        volume         numeric(14, 2) NOT NULL,
        unit           text NOT NULL,
        unit_price     bigint NOT NULL,
        amount         bigint NOT NULL,
        location       text,
        funding_source text NOT NULL DEFAULT 'APBD',
        CONSTRAINT plan_line_version_pk PRIMARY KEY (plan_id, version, line_id),
        CONSTRAINT plan_line_version_version_fk FOREIGN KEY (plan_id, version) REFERENCES plan_version (plan_id, version),
        CONSTRAINT plan_line_version_line_fk FOREIGN KEY (line_id) REFERENCES plan_line (id),
        CONSTRAINT plan_line_version_category_chk CHECK (
          (category = 'sarpras' AND sub_type IN ('A1', 'A2', 'A3', 'A4')) OR
          (category = 'pemberdayaan' AND sub_type IN ('B1', 'B2', 'B3', 'B4', 'B5', 'B6'))),
        CONSTRAINT plan_line_version_account_chk CHECK (account_code ~ '^[0-9]+(\\.[0-9]+){3,5}$'),
        CONSTRAINT plan_line_version_volume_chk CHECK (volume > 0),
        CONSTRAINT plan_line_version_price_chk CHECK (unit_price BETWEEN 0 AND 10000000000000),
        CONSTRAINT plan_line_version_amount_chk CHECK (amount BETWEEN 0 AND 10000000000000),
        CONSTRAINT plan_line_version_funding_chk CHECK (funding_source IN ('DAU_SG', 'DAU_TAMBAHAN', 'APBD', 'SILPA'))
      )`);
    await q.query(`CREATE INDEX plan_line_version_line_idx ON plan_line_version (line_id)`);

    // The ledger: append-only; a mistake is undone by a reversing entry of the opposite sign, once.
    await q.query(`
      CREATE TABLE spending_entry (
        id             uuid NOT NULL DEFAULT gen_random_uuid(),
        seq            bigint GENERATED ALWAYS AS IDENTITY,
        plan_line_id   uuid NOT NULL,
        plan_id        uuid NOT NULL,
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        category       text NOT NULL,
        spent_on       date NOT NULL,
        amount         bigint NOT NULL,
        description    text NOT NULL,
        payee          text NOT NULL,
        evidence_no    text NOT NULL,
        reverses_id    uuid,
        reason         text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        created_by     uuid NOT NULL,
        CONSTRAINT spending_entry_pk PRIMARY KEY (id),
        CONSTRAINT spending_entry_seq_uq UNIQUE (seq),
        CONSTRAINT spending_entry_line_fk FOREIGN KEY (plan_line_id) REFERENCES plan_line (id),
        CONSTRAINT spending_entry_plan_fk FOREIGN KEY (plan_id) REFERENCES plan (id),
        CONSTRAINT spending_entry_user_fk FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT spending_entry_reverses_fk FOREIGN KEY (reverses_id) REFERENCES spending_entry (id),
        CONSTRAINT spending_entry_reverses_uq UNIQUE (reverses_id),
        CONSTRAINT spending_entry_category_chk CHECK (category IN ('sarpras', 'pemberdayaan')),
        CONSTRAINT spending_entry_amount_chk CHECK (
          (reverses_id IS NULL AND amount BETWEEN 1 AND 10000000000000) OR
          (reverses_id IS NOT NULL AND amount BETWEEN -10000000000000 AND -1 AND reason IS NOT NULL)),
        CONSTRAINT spending_entry_year_chk CHECK (extract(year FROM spent_on) = year)
      )`);
    await q.query(`CREATE INDEX spending_entry_line_idx ON spending_entry (plan_line_id, spent_on)`);
    await q.query(`CREATE INDEX spending_entry_region_idx ON spending_entry (kelurahan_code, year, spent_on)`);
    await q.query(`CREATE TRIGGER spending_entry_no_update BEFORE UPDATE OR DELETE ON spending_entry FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER spending_entry_no_truncate BEFORE TRUNCATE ON spending_entry FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // Running totals kept in the same transaction as each entry, so that reports never scan the ledger.
    await q.query(`
      CREATE TABLE plan_line_month_total (
        plan_line_id uuid NOT NULL,
        month        smallint NOT NULL,
        amount       bigint NOT NULL DEFAULT 0,
        entry_count  int NOT NULL DEFAULT 0,
        CONSTRAINT plan_line_month_total_pk PRIMARY KEY (plan_line_id, month),
        CONSTRAINT plan_line_month_total_line_fk FOREIGN KEY (plan_line_id) REFERENCES plan_line (id),
        CONSTRAINT plan_line_month_total_month_chk CHECK (month BETWEEN 1 AND 12)
      )`);
    await q.query(`
      CREATE TABLE kelurahan_month_total (
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        month          smallint NOT NULL,
        category       text NOT NULL,
        amount         bigint NOT NULL DEFAULT 0,
        entry_count    int NOT NULL DEFAULT 0,
        CONSTRAINT kelurahan_month_total_pk PRIMARY KEY (kelurahan_code, year, month, category),
        CONSTRAINT kelurahan_month_total_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT kelurahan_month_total_month_chk CHECK (month BETWEEN 1 AND 12),
        CONSTRAINT kelurahan_month_total_category_chk CHECK (category IN ('sarpras', 'pemberdayaan'))
      )`);
    await q.query(`CREATE INDEX kelurahan_month_total_year_idx ON kelurahan_month_total (year, kelurahan_code)`);

    // Idempotency-Key: per user; the first answer is kept and replayed.
    await q.query(`
      CREATE TABLE idempotency_key (
        user_id         uuid NOT NULL,
        key             text NOT NULL,
        request_hash    char(64) NOT NULL,
        response_status int NOT NULL,
        response_body   jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_key_pk PRIMARY KEY (user_id, key),
        CONSTRAINT idempotency_key_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id),
        CONSTRAINT idempotency_key_len_chk CHECK (length(key) BETWEEN 1 AND 200)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['idempotency_key', 'kelurahan_month_total', 'plan_line_month_total', 'spending_entry', 'plan_line_version', 'plan_line']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`ALTER TABLE plan DROP CONSTRAINT plan_in_force_fk`);
    for (const t of ['plan_version', 'plan', 'allocation_history', 'allocation']) await q.query(`DROP TABLE ${t}`);
  }
}

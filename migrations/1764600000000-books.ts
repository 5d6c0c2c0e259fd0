import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bendahara's books beside the spending ledger: funds received and returned, the cash ledger (BKU postings)
 * with balances per account, taxes withheld on payments and their deposits, evidence files behind payments, and
 * the monthly close. Ledgers are append-only by trigger; balances are kept in the same transaction as each posting.
 */
export class Books1764600000000 implements MigrationInterface {
  name = 'Books1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE spending_entry ADD COLUMN method text NOT NULL DEFAULT 'TUNAI'`);
    await q.query(`ALTER TABLE spending_entry ADD CONSTRAINT spending_entry_method_chk CHECK (method IN ('TUNAI', 'BANK', 'LS'))`);
    // The kode rekening a payment was booked on, kept with it (a later plan version may move the line's account).
    await q.query(`ALTER TABLE spending_entry ADD COLUMN account_code text`);
    await q.query(`ALTER TABLE spending_entry DISABLE TRIGGER spending_entry_no_update`);
    await q.query(`
      UPDATE spending_entry e SET account_code = v.account_code
        FROM (SELECT DISTINCT ON (line_id) line_id, account_code FROM plan_line_version ORDER BY line_id, version DESC) v
       WHERE v.line_id = e.plan_line_id`);
    await q.query(`ALTER TABLE spending_entry ENABLE TRIGGER spending_entry_no_update`);
    await q.query(`ALTER TABLE spending_entry ALTER COLUMN account_code SET NOT NULL`);

    // One nomor bukti per kelurahan and year among the entries in force; a reversal releases it for the corrected entry.
    await q.query(`
      CREATE TABLE spending_evidence_no (
        kelurahan_code    varchar(13) COLLATE "C" NOT NULL,
        year              int NOT NULL,
        evidence_key      text COLLATE "C" NOT NULL,
        spending_entry_id uuid NOT NULL,
        CONSTRAINT spending_evidence_no_pk PRIMARY KEY (kelurahan_code, year, evidence_key),
        CONSTRAINT spending_evidence_no_entry_uq UNIQUE (spending_entry_id),
        CONSTRAINT spending_evidence_no_entry_fk FOREIGN KEY (spending_entry_id) REFERENCES spending_entry (id),
        CONSTRAINT spending_evidence_no_key_chk CHECK (length(evidence_key) BETWEEN 1 AND 200)
      )`);
    // Entries booked before this migration keep their numbers; only the first holder of a duplicate claims it.
    await q.query(`
      INSERT INTO spending_evidence_no (kelurahan_code, year, evidence_key, spending_entry_id)
      SELECT DISTINCT ON (e.kelurahan_code, e.year, upper(regexp_replace(btrim(e.evidence_no), '\\s+', ' ', 'g')))
             e.kelurahan_code, e.year, upper(regexp_replace(btrim(e.evidence_no), '\\s+', ' ', 'g')), e.id
        FROM spending_entry e
       WHERE e.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM spending_entry r WHERE r.reverses_id = e.id)
       ORDER BY e.kelurahan_code, e.year, upper(regexp_replace(btrim(e.evidence_no), '\\s+', ' ', 'g')), e.seq`);

    // Money received from the kecamatan's bendahara (UP/GU/TU, by SP2D) and returned to the kas daerah (STS).
    await q.query(`
      CREATE TABLE cash_fund_entry (
        id             uuid NOT NULL DEFAULT gen_random_uuid(),
        seq            bigint GENERATED ALWAYS AS IDENTITY,
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        kind           text NOT NULL,
        account        text NOT NULL,
        entry_date     date NOT NULL,
        amount         bigint NOT NULL,
        document_no    text NOT NULL,
        document_date  date NOT NULL,
        description    text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        created_by     uuid NOT NULL,
        CONSTRAINT cash_fund_entry_pk PRIMARY KEY (id),
        CONSTRAINT cash_fund_entry_seq_uq UNIQUE (seq),
        CONSTRAINT cash_fund_entry_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT cash_fund_entry_user_fk FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT cash_fund_entry_kind_chk CHECK (kind IN ('UP', 'GU', 'TU', 'STS')),
        CONSTRAINT cash_fund_entry_account_chk CHECK (account IN ('TUNAI', 'BANK')),
        CONSTRAINT cash_fund_entry_amount_chk CHECK (amount BETWEEN 1 AND 10000000000000),
        CONSTRAINT cash_fund_entry_year_chk CHECK (extract(year FROM entry_date) = year),
        CONSTRAINT cash_fund_entry_document_chk CHECK (length(btrim(document_no)) BETWEEN 1 AND 200 AND document_date <= entry_date)
      )`);
    await q.query(`CREATE UNIQUE INDEX cash_fund_entry_document_uq ON cash_fund_entry (kelurahan_code, year, kind, upper(btrim(document_no)))`);

    // Taxes withheld on a payment (a reversal writes the opposite lines), and their deposits to the state treasury.
    await q.query(`
      CREATE TABLE tax_line (
        id                uuid NOT NULL DEFAULT gen_random_uuid(),
        seq               bigint GENERATED ALWAYS AS IDENTITY,
        spending_entry_id uuid NOT NULL,
        kelurahan_code    varchar(13) COLLATE "C" NOT NULL,
        year              int NOT NULL,
        booked_on         date NOT NULL,
        type              text NOT NULL,
        base              bigint NOT NULL,
        rate              numeric(7, 4) NOT NULL,
        amount            bigint NOT NULL,
        rule_id           text,
        reason            text,
        reverses_id       uuid,
        CONSTRAINT tax_line_pk PRIMARY KEY (id),
        CONSTRAINT tax_line_seq_uq UNIQUE (seq),
        CONSTRAINT tax_line_entry_fk FOREIGN KEY (spending_entry_id) REFERENCES spending_entry (id),
        CONSTRAINT tax_line_reverses_fk FOREIGN KEY (reverses_id) REFERENCES tax_line (id),
        CONSTRAINT tax_line_reverses_uq UNIQUE (reverses_id),
        CONSTRAINT tax_line_type_chk CHECK (type IN ('PPN', 'PPH21', 'PPH22', 'PPH23', 'PPH4_2', 'LAINNYA')),
        CONSTRAINT tax_line_rate_chk CHECK (rate >= 0 AND rate <= 100),
        CONSTRAINT tax_line_sign_chk CHECK (
          (reverses_id IS NULL AND base BETWEEN 0 AND 10000000000000 AND amount BETWEEN 0 AND 10000000000000) OR
          (reverses_id IS NOT NULL AND base BETWEEN -10000000000000 AND 0 AND amount BETWEEN -10000000000000 AND 0)),
        CONSTRAINT tax_line_rule_or_reason_chk CHECK (rule_id IS NOT NULL OR reason IS NOT NULL OR reverses_id IS NOT NULL),
        CONSTRAINT tax_line_year_chk CHECK (extract(year FROM booked_on) = year)
      )`);
    await q.query(`CREATE INDEX tax_line_entry_idx ON tax_line (spending_entry_id)`);
    await q.query(`CREATE INDEX tax_line_region_idx ON tax_line (kelurahan_code, year, booked_on)`);
    await q.query(`
      CREATE TABLE tax_deposit (
        id             uuid NOT NULL DEFAULT gen_random_uuid(),
        seq            bigint GENERATED ALWAYS AS IDENTITY,
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        type           text NOT NULL,
        account        text NOT NULL,
        deposited_on   date NOT NULL,
        amount         bigint NOT NULL,
        billing_code   char(15) NOT NULL,
        ntpn           char(16) COLLATE "C" NOT NULL,
        description    text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        created_by     uuid NOT NULL,
        CONSTRAINT tax_deposit_pk PRIMARY KEY (id),
        CONSTRAINT tax_deposit_seq_uq UNIQUE (seq),
        CONSTRAINT tax_deposit_ntpn_uq UNIQUE (ntpn),
        CONSTRAINT tax_deposit_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT tax_deposit_user_fk FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT tax_deposit_type_chk CHECK (type IN ('PPN', 'PPH21', 'PPH22', 'PPH23', 'PPH4_2', 'LAINNYA')),
        CONSTRAINT tax_deposit_account_chk CHECK (account IN ('TUNAI', 'BANK', 'LS')),
        CONSTRAINT tax_deposit_amount_chk CHECK (amount BETWEEN 1 AND 10000000000000),
        CONSTRAINT tax_deposit_billing_chk CHECK (billing_code ~ '^[0-9]{15}$'),
        CONSTRAINT tax_deposit_ntpn_chk CHECK (ntpn ~ '^[0-9A-Z]{16}$'),
        CONSTRAINT tax_deposit_year_chk CHECK (extract(year FROM deposited_on) = year)
      )`);
    // Withheld and deposited per tax, kept with each line and deposit; the database refuses depositing more than withheld.
    await q.query(`
      CREATE TABLE tax_balance (
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        type           text NOT NULL,
        withheld       bigint NOT NULL DEFAULT 0,
        deposited      bigint NOT NULL DEFAULT 0,
        CONSTRAINT tax_balance_pk PRIMARY KEY (kelurahan_code, year, type),
        CONSTRAINT tax_balance_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT tax_balance_type_chk CHECK (type IN ('PPN', 'PPH21', 'PPH22', 'PPH23', 'PPH4_2', 'LAINNYA')),
        CONSTRAINT tax_balance_deposited_chk CHECK (deposited >= 0 AND deposited <= withheld)
      )`);

    // The cash ledger the BKU is printed from: one posting per movement of money, signed (in > 0, out < 0).
    await q.query(`
      CREATE TABLE cash_posting (
        id                uuid NOT NULL DEFAULT gen_random_uuid(),
        seq               bigint GENERATED ALWAYS AS IDENTITY,
        kelurahan_code    varchar(13) COLLATE "C" NOT NULL,
        year              int NOT NULL,
        posted_on         date NOT NULL,
        account           text NOT NULL,
        kind              text NOT NULL,
        amount            bigint NOT NULL,
        balance_after     bigint NOT NULL,
        spending_entry_id uuid,
        fund_entry_id     uuid,
        tax_line_id       uuid,
        tax_deposit_id    uuid,
        reference_no      text NOT NULL,
        account_code      text,
        description       text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cash_posting_pk PRIMARY KEY (id),
        CONSTRAINT cash_posting_seq_uq UNIQUE (seq),
        CONSTRAINT cash_posting_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT cash_posting_spending_fk FOREIGN KEY (spending_entry_id) REFERENCES spending_entry (id),
        CONSTRAINT cash_posting_fund_fk FOREIGN KEY (fund_entry_id) REFERENCES cash_fund_entry (id),
        CONSTRAINT cash_posting_tax_line_fk FOREIGN KEY (tax_line_id) REFERENCES tax_line (id),
        CONSTRAINT cash_posting_deposit_fk FOREIGN KEY (tax_deposit_id) REFERENCES tax_deposit (id),
        CONSTRAINT cash_posting_account_chk CHECK (account IN ('TUNAI', 'BANK', 'LS')),
        CONSTRAINT cash_posting_kind_chk CHECK (
          (kind IN ('FUND_IN', 'FUND_RETURN') AND fund_entry_id IS NOT NULL AND spending_entry_id IS NULL AND tax_deposit_id IS NULL) OR
          (kind IN ('PAYMENT', 'LS_IN') AND spending_entry_id IS NOT NULL AND fund_entry_id IS NULL AND tax_deposit_id IS NULL AND tax_line_id IS NULL) OR
          (kind = 'TAX_WITHHELD' AND spending_entry_id IS NOT NULL AND tax_line_id IS NOT NULL) OR
          (kind = 'TAX_DEPOSIT' AND tax_deposit_id IS NOT NULL AND spending_entry_id IS NULL AND fund_entry_id IS NULL)),
        CONSTRAINT cash_posting_amount_chk CHECK (amount BETWEEN -10000000000000 AND 10000000000000),
        CONSTRAINT cash_posting_year_chk CHECK (extract(year FROM posted_on) = year)
      )`);
    await q.query(`CREATE INDEX cash_posting_book_idx ON cash_posting (kelurahan_code, year, posted_on, seq)`);
    await q.query(`
      CREATE TABLE cash_account (
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        account        text NOT NULL,
        balance        bigint NOT NULL DEFAULT 0,
        posting_count  int NOT NULL DEFAULT 0,
        CONSTRAINT cash_account_pk PRIMARY KEY (kelurahan_code, year, account),
        CONSTRAINT cash_account_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT cash_account_account_chk CHECK (account IN ('TUNAI', 'BANK', 'LS')),
        CONSTRAINT cash_account_count_chk CHECK (posting_count >= 0)
      )`);

    // Monthly close (tutup buku): the state per month, and every close and reopen as an append-only event.
    await q.query(`
      CREATE TABLE book_period (
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        month          smallint NOT NULL,
        closed         boolean NOT NULL DEFAULT false,
        closing_balance bigint,
        changed_at     timestamptz NOT NULL DEFAULT now(),
        changed_by     uuid,
        CONSTRAINT book_period_pk PRIMARY KEY (kelurahan_code, year, month),
        CONSTRAINT book_period_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT book_period_user_fk FOREIGN KEY (changed_by) REFERENCES app_user (id),
        CONSTRAINT book_period_month_chk CHECK (month BETWEEN 1 AND 12),
        CONSTRAINT book_period_year_chk CHECK (year BETWEEN 2019 AND 2100),
        CONSTRAINT book_period_balance_chk CHECK (NOT closed OR closing_balance IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE book_period_event (
        seq            bigint GENERATED ALWAYS AS IDENTITY,
        kelurahan_code varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        month          smallint NOT NULL,
        action         text NOT NULL,
        reason         text,
        closing_balance bigint,
        at             timestamptz NOT NULL DEFAULT now(),
        by_user        uuid NOT NULL,
        CONSTRAINT book_period_event_pk PRIMARY KEY (seq),
        CONSTRAINT book_period_event_period_fk FOREIGN KEY (kelurahan_code, year, month) REFERENCES book_period (kelurahan_code, year, month),
        CONSTRAINT book_period_event_user_fk FOREIGN KEY (by_user) REFERENCES app_user (id),
        CONSTRAINT book_period_event_action_chk CHECK (action IN ('close', 'reopen')),
        CONSTRAINT book_period_event_reason_chk CHECK (action = 'close' OR length(btrim(reason)) > 0)
      )`);

    // Evidence behind a payment: the file is kept by content address; a row is never changed, a wrong one superseded.
    await q.query(`
      CREATE TABLE evidence (
        id                uuid NOT NULL DEFAULT gen_random_uuid(),
        seq               bigint GENERATED ALWAYS AS IDENTITY,
        spending_entry_id uuid NOT NULL,
        kelurahan_code    varchar(13) COLLATE "C" NOT NULL,
        year              int NOT NULL,
        kind              text NOT NULL,
        file_name         text NOT NULL,
        media_type        text NOT NULL,
        byte_size         int NOT NULL,
        sha256            char(64) NOT NULL,
        storage_key       text NOT NULL,
        thumbnail_key     text,
        supersedes_id     uuid,
        supersede_reason  text,
        uploaded_at       timestamptz NOT NULL DEFAULT now(),
        uploaded_by       uuid NOT NULL,
        CONSTRAINT evidence_pk PRIMARY KEY (id),
        CONSTRAINT evidence_seq_uq UNIQUE (seq),
        CONSTRAINT evidence_entry_fk FOREIGN KEY (spending_entry_id) REFERENCES spending_entry (id),
        CONSTRAINT evidence_user_fk FOREIGN KEY (uploaded_by) REFERENCES app_user (id),
        CONSTRAINT evidence_supersedes_fk FOREIGN KEY (supersedes_id) REFERENCES evidence (id),
        CONSTRAINT evidence_supersedes_uq UNIQUE (supersedes_id),
        CONSTRAINT evidence_kind_chk CHECK (kind IN ('KUITANSI', 'NOTA', 'BAST', 'FOTO_0', 'FOTO_50', 'FOTO_100', 'DAFTAR_HADIR', 'LAINNYA')),
        CONSTRAINT evidence_media_type_chk CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        CONSTRAINT evidence_size_chk CHECK (byte_size > 0),
        CONSTRAINT evidence_sha256_chk CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT evidence_supersede_reason_chk CHECK ((supersedes_id IS NULL) = (supersede_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX evidence_entry_idx ON evidence (spending_entry_id, seq)`);

    for (const t of ['cash_fund_entry', 'tax_line', 'tax_deposit', 'cash_posting', 'book_period_event', 'evidence']) {
      await q.query(`CREATE TRIGGER ${t}_no_update BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await q.query(`CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
      // On a database whose app role already exists (the audit partitions migration ran first), only SELECT and INSERT
      // for it; otherwise that migration finds these triggers and does the same.
      await q.query(`DO $$ BEGIN IF to_regprocedure('declare_append_only(regclass)') IS NOT NULL THEN PERFORM declare_append_only('${t}'); END IF; END $$`);
    }

    await q.query(`ALTER TABLE issued_document DROP CONSTRAINT issued_document_kind_chk`);
    await q.query(`ALTER TABLE issued_document ADD CONSTRAINT issued_document_kind_chk CHECK (kind IN ('realisasi', 'plan', 'bku', 'pajak', 'lpj'))`);
    await q.query(`ALTER TABLE document_void DROP CONSTRAINT document_void_kind_chk`);
    await q.query(`ALTER TABLE document_void ADD CONSTRAINT document_void_kind_chk CHECK (kind IN ('realisasi', 'plan', 'bku', 'pajak', 'lpj'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_void DROP CONSTRAINT document_void_kind_chk`);
    await q.query(`ALTER TABLE document_void ADD CONSTRAINT document_void_kind_chk CHECK (kind IN ('realisasi', 'plan'))`);
    await q.query(`ALTER TABLE issued_document DROP CONSTRAINT issued_document_kind_chk`);
    await q.query(`ALTER TABLE issued_document ADD CONSTRAINT issued_document_kind_chk CHECK (kind IN ('realisasi', 'plan'))`);
    for (const t of ['evidence', 'book_period_event', 'book_period', 'cash_account', 'cash_posting', 'tax_balance', 'tax_deposit', 'tax_line',
      'cash_fund_entry', 'spending_evidence_no']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`ALTER TABLE spending_entry DROP CONSTRAINT spending_entry_method_chk`);
    await q.query(`ALTER TABLE spending_entry DROP COLUMN method`);
    await q.query(`ALTER TABLE spending_entry DROP COLUMN account_code`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry of issued documents (every PDF the system serves): its number, what it is, and the SHA-256 of the
 * exact bytes served, so a printed or mailed copy can be checked later. Append-only like the audit trail.
 */
export class Documents1764300000400 implements MigrationInterface {
  name = 'Documents1764300000400';

  public async up(q: QueryRunner): Promise<void> {
    // Gapless running number per region and year: the row lock taken by the increment lasts until commit.
    await q.query(`
      CREATE TABLE document_counter (
        region_code varchar(13) COLLATE "C" NOT NULL,
        year        int NOT NULL,
        last_no     int NOT NULL,
        CONSTRAINT document_counter_pk PRIMARY KEY (region_code, year),
        CONSTRAINT document_counter_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
        CONSTRAINT document_counter_last_no_chk CHECK (last_no > 0)
      )`);
    await q.query(`
      CREATE TABLE issued_document (
        number         text COLLATE "C" NOT NULL,
        kind           text NOT NULL,
        region_code    varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        period         text,
        sha256         char(64) NOT NULL,
        data_sha256    char(64) NOT NULL,
        byte_size      int NOT NULL,
        issued_at      timestamptz NOT NULL DEFAULT now(),
        issued_by      uuid,
        issued_by_name text NOT NULL,
        CONSTRAINT issued_document_pk PRIMARY KEY (number),
        CONSTRAINT issued_document_sha256_uq UNIQUE (sha256),
        CONSTRAINT issued_document_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
        CONSTRAINT issued_document_user_fk FOREIGN KEY (issued_by) REFERENCES app_user (id),
        CONSTRAINT issued_document_number_chk CHECK (number ~ '^DK/[0-9.]{2,13}/[0-9]{4}/[0-9]{6,}$'),
        CONSTRAINT issued_document_kind_chk CHECK (kind IN ('realisasi', 'plan')),
        CONSTRAINT issued_document_year_chk CHECK (year BETWEEN 2019 AND 2100),
        CONSTRAINT issued_document_period_chk CHECK (period IS NULL OR period ~ '^[A-Za-z0-9._-]{1,20}$'),
        CONSTRAINT issued_document_sha256_chk CHECK (sha256 ~ '^[0-9a-f]{64}$' AND data_sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT issued_document_byte_size_chk CHECK (byte_size > 0)
      )`);
    await q.query(`CREATE INDEX issued_document_region_idx ON issued_document (region_code, year)`);
    await q.query(`CREATE TRIGGER issued_document_no_update BEFORE UPDATE OR DELETE ON issued_document FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER issued_document_no_truncate BEFORE TRUNCATE ON issued_document FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE issued_document`);
    await q.query(`DROP TABLE document_counter`);
  }
}

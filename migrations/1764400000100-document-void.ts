import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document number reserved but never issued (its PDF failed to render) is recorded as void, with the reason,
 * so the gap in the running number is explained to an auditor instead of silently reused. Append-only.
 */
export class DocumentVoid1764400000100 implements MigrationInterface {
  name = 'DocumentVoid1764400000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_void (
        number         text COLLATE "C" NOT NULL,
        kind           text NOT NULL,
        region_code    varchar(13) COLLATE "C" NOT NULL,
        year           int NOT NULL,
        reason         text NOT NULL,
        voided_at      timestamptz NOT NULL DEFAULT now(),
        voided_by      uuid,
        voided_by_name text NOT NULL,
        CONSTRAINT document_void_pk PRIMARY KEY (number),
        CONSTRAINT document_void_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
        CONSTRAINT document_void_user_fk FOREIGN KEY (voided_by) REFERENCES app_user (id),
        CONSTRAINT document_void_number_chk CHECK (number ~ '^DK/[0-9.]{2,13}/[0-9]{4}/[0-9]{6,}$'),
        CONSTRAINT document_void_kind_chk CHECK (kind IN ('realisasi', 'plan')),
        CONSTRAINT document_void_reason_chk CHECK (length(reason) BETWEEN 1 AND 1000)
      )`);
    await q.query(`CREATE TRIGGER document_void_no_update BEFORE UPDATE OR DELETE ON document_void FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER document_void_no_truncate BEFORE TRUNCATE ON document_void FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_void`);
  }
}

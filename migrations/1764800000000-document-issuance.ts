import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One number per document: what a document is (its key: kind, region, period, plan version) and where its exact
 * bytes are stored, so the same figures asked for again are served from the store with their number; when the
 * figures change, the new document supersedes the old one. Supersession is a row of its own (as voiding is, in
 * document_void), so the registry stays append-only.
 */
export class DocumentIssuance1764800000000 implements MigrationInterface {
  name = 'DocumentIssuance1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE issued_document
        ADD COLUMN document_key text,
        ADD COLUMN storage_key text,
        ADD COLUMN title text,
        ADD CONSTRAINT issued_document_key_chk CHECK (document_key IS NULL OR length(document_key) BETWEEN 3 AND 200),
        ADD CONSTRAINT issued_document_storage_key_chk CHECK (storage_key IS NULL OR storage_key ~ '^[a-z0-9/._-]{1,200}$')`);
    await q.query(`CREATE INDEX issued_document_key_idx ON issued_document (document_key, issued_at DESC) WHERE document_key IS NOT NULL`);
    await q.query(`
      CREATE TABLE document_supersession (
        number        text COLLATE "C" NOT NULL,
        superseded_by text COLLATE "C" NOT NULL,
        at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT document_supersession_pk PRIMARY KEY (number),
        CONSTRAINT document_supersession_number_fk FOREIGN KEY (number) REFERENCES issued_document (number),
        CONSTRAINT document_supersession_by_fk FOREIGN KEY (superseded_by) REFERENCES issued_document (number),
        CONSTRAINT document_supersession_self_chk CHECK (number <> superseded_by)
      )`);
    for (const t of ['document_supersession']) {
      await q.query(`CREATE TRIGGER ${t}_no_update BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await q.query(`CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
      await q.query(`SELECT declare_append_only('${t}')`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_supersession`);
    await q.query(`DROP INDEX issued_document_key_idx`);
    await q.query(`
      ALTER TABLE issued_document
        DROP CONSTRAINT issued_document_storage_key_chk,
        DROP CONSTRAINT issued_document_key_chk,
        DROP COLUMN title,
        DROP COLUMN storage_key,
        DROP COLUMN document_key`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class Audit1764300000200 implements MigrationInterface {
  name = 'Audit1764300000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_event (
        seq          bigint NOT NULL,
        at           timestamptz NOT NULL,
        actor_id     uuid,
        actor        text NOT NULL,
        role         text,
        action       text NOT NULL,
        entity       text NOT NULL,
        entity_id    text,
        region_code  varchar(13) COLLATE "C",
        before       jsonb,
        after        jsonb,
        reason       text,
        prev_hash    char(64) NOT NULL,
        hash         char(64) NOT NULL,
        CONSTRAINT audit_event_pk PRIMARY KEY (seq),
        CONSTRAINT audit_event_seq_chk CHECK (seq > 0),
        CONSTRAINT audit_event_hash_uq UNIQUE (hash)
      )`);
    await q.query(`CREATE INDEX audit_event_region_idx ON audit_event (region_code, seq)`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id)`);
    await q.query(`CREATE INDEX audit_event_at_idx ON audit_event (at)`);
    // Append-only: the application can add events, never change or remove them.
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'tabel % hanya boleh ditambah (append-only): % ditolak', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION refuse_change()`);
  }
}

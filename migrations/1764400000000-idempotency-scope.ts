import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key belongs to the region of whoever sent it, not to one user: the lurah and the bendahara of one
 * kelurahan booking the same payment with the same key book it once. `user_id` stays as who claimed the key.
 * A user without a region (a national admin) keeps a scope of its own.
 */
export class IdempotencyScope1764400000000 implements MigrationInterface {
  name = 'IdempotencyScope1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN scope text COLLATE "C"`);
    await q.query(`
      UPDATE idempotency_key k SET scope = coalesce(u.region_code, 'user:' || u.id::text)
        FROM app_user u WHERE u.id = k.user_id`);
    // Keys two users of one region already share keep the oldest answer, as a replay would have given.
    await q.query(`
      DELETE FROM idempotency_key k USING idempotency_key older
       WHERE older.scope = k.scope AND older.key = k.key
         AND (older.created_at, older.user_id) < (k.created_at, k.user_id)`);
    await q.query(`ALTER TABLE idempotency_key ALTER COLUMN scope SET NOT NULL`);
    await q.query(`ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pk`);
    await q.query(`ALTER TABLE idempotency_key ADD CONSTRAINT idempotency_key_pk PRIMARY KEY (scope, key)`);
    await q.query(`ALTER TABLE idempotency_key ADD CONSTRAINT idempotency_key_scope_chk CHECK (length(scope) BETWEEN 1 AND 60)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_scope_chk`);
    await q.query(`ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pk`);
    // A key shared by two users under the region scope is kept once, by the user who claimed it.
    await q.query(`ALTER TABLE idempotency_key ADD CONSTRAINT idempotency_key_pk PRIMARY KEY (user_id, key)`);
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN scope`);
  }
}

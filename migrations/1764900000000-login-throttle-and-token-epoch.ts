import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login attempts kept in PostgreSQL (so limits hold across instances and restarts) and a per-user token epoch:
 * a token carries the epoch it was issued in, and logout, a password change or a (de)activation moves it on.
 */
export class LoginThrottleAndTokenEpoch1764900000000 implements MigrationInterface {
  name = 'LoginThrottleAndTokenEpoch1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN token_epoch integer NOT NULL DEFAULT 0,
      ADD CONSTRAINT app_user_token_epoch_chk CHECK (token_epoch >= 0)`);
    await q.query(`
      CREATE TABLE login_attempt (
        id           bigint GENERATED ALWAYS AS IDENTITY,
        at           timestamptz NOT NULL DEFAULT now(),
        -- the username as the lookup compares it (see normaliseUsername), whether or not such a user exists
        username_key text NOT NULL,
        client_ip    text,
        succeeded    boolean NOT NULL DEFAULT false,
        CONSTRAINT login_attempt_pk PRIMARY KEY (id),
        CONSTRAINT login_attempt_username_key_chk CHECK (length(username_key) BETWEEN 1 AND 256)
      )`);
    await q.query(`CREATE INDEX login_attempt_username_idx ON login_attempt (username_key, at)`);
    await q.query(`CREATE INDEX login_attempt_ip_idx ON login_attempt (client_ip, at) WHERE client_ip IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_attempt`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_token_epoch_chk, DROP COLUMN token_epoch`);
  }
}

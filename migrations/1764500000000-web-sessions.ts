import { MigrationInterface, QueryRunner } from 'typeorm';

/** Browser sessions of the web app: the cookie carries a random token, the table keeps only its SHA-256. */
export class WebSessions1764500000000 implements MigrationInterface {
  name = 'WebSessions1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_session (
        token_hash   bytea NOT NULL,
        user_id      uuid NOT NULL,
        csrf_token   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        user_agent   text,
        -- The user's token epoch when the session began: a logout elsewhere, a password change or a deactivation
        -- moves the epoch on, and the session ends with it.
        token_epoch  integer NOT NULL DEFAULT 0,
        CONSTRAINT web_session_pk PRIMARY KEY (token_hash),
        CONSTRAINT web_session_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX web_session_user_idx ON web_session (user_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_session`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class Users1764300000100 implements MigrationInterface {
  name = 'Users1764300000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id            uuid NOT NULL DEFAULT gen_random_uuid(),
        username      text NOT NULL,
        password_hash text NOT NULL,
        full_name     text NOT NULL,
        nip           varchar(18),
        rank          text,
        position      text,
        role          text NOT NULL,
        region_code   varchar(13) COLLATE "C",
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_pk PRIMARY KEY (id),
        CONSTRAINT app_user_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
        CONSTRAINT app_user_role_chk CHECK (role IN ('admin', 'camat', 'lurah', 'bendahara', 'auditor')),
        CONSTRAINT app_user_nip_chk CHECK (nip IS NULL OR nip ~ '^[0-9]{18}$'),
        CONSTRAINT app_user_username_chk CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$'),
        -- The region's level must fit the role: kab/kota for admin and auditor, kecamatan for camat, kelurahan otherwise.
        CONSTRAINT app_user_role_region_chk CHECK (
          (role = 'admin' AND (region_code IS NULL OR length(region_code) = 5)) OR
          (role = 'auditor' AND length(region_code) = 5) OR
          (role = 'camat' AND length(region_code) = 8) OR
          (role IN ('lurah', 'bendahara') AND length(region_code) = 13))
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_username_uq ON app_user (lower(username))`);
    await q.query(`CREATE INDEX app_user_region_idx ON app_user (region_code)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_user`);
  }
}

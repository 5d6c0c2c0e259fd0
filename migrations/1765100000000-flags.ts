import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Early warning: the Pemda's standard price list (SSH/SBU) per kab/kota and year, and the review state of the
 * flags the detection computes (a lurah's reason, a camat's resolution). The flags themselves are derived from
 * plans and the ledger each time; only what people said about them is stored.
 */
export class Flags1765100000000 implements MigrationInterface {
  name = 'Flags1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE standard_price (
        id           uuid NOT NULL DEFAULT gen_random_uuid(),
        kabkota_code varchar(13) COLLATE "C" NOT NULL,
        year         int NOT NULL,
        code         text NOT NULL,
        description  text NOT NULL,
        unit         text NOT NULL,
        price        bigint NOT NULL,
        kind         text NOT NULL,
        match_key    text NOT NULL,
        imported_at  timestamptz NOT NULL DEFAULT now(),
        imported_by  uuid,
        CONSTRAINT standard_price_pk PRIMARY KEY (id),
        CONSTRAINT standard_price_code_uq UNIQUE (kabkota_code, year, code),
        CONSTRAINT standard_price_region_fk FOREIGN KEY (kabkota_code) REFERENCES region (code),
        CONSTRAINT standard_price_user_fk FOREIGN KEY (imported_by) REFERENCES app_user (id),
        CONSTRAINT standard_price_kabkota_chk CHECK (length(kabkota_code) = 5),
        CONSTRAINT standard_price_year_chk CHECK (year BETWEEN 2019 AND 2100),
        CONSTRAINT standard_price_price_chk CHECK (price BETWEEN 1 AND 10000000000000),
        CONSTRAINT standard_price_kind_chk CHECK (kind IN ('ceiling', 'estimate'))
      )`);
    await q.query(`CREATE INDEX standard_price_match_idx ON standard_price (kabkota_code, year, match_key)`);
    await q.query(`
      CREATE TABLE flag (
        id              text COLLATE "C" NOT NULL,
        kind            text NOT NULL,
        kelurahan_code  varchar(13) COLLATE "C" NOT NULL,
        year            int NOT NULL,
        status          text NOT NULL,
        reason          text,
        reason_by       uuid,
        reason_at       timestamptz,
        resolution_note text,
        resolved_by     uuid,
        resolved_at     timestamptz,
        CONSTRAINT flag_pk PRIMARY KEY (id),
        CONSTRAINT flag_region_fk FOREIGN KEY (kelurahan_code) REFERENCES region (code),
        CONSTRAINT flag_reason_by_fk FOREIGN KEY (reason_by) REFERENCES app_user (id),
        CONSTRAINT flag_resolved_by_fk FOREIGN KEY (resolved_by) REFERENCES app_user (id),
        CONSTRAINT flag_status_chk CHECK (status IN ('explained', 'resolved')),
        CONSTRAINT flag_resolved_chk CHECK (status <> 'resolved' OR (resolution_note IS NOT NULL AND resolved_at IS NOT NULL)),
        CONSTRAINT flag_year_chk CHECK (year BETWEEN 2019 AND 2100)
      )`);
    await q.query(`CREATE INDEX flag_region_idx ON flag (kelurahan_code, year)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE flag`);
    await q.query(`DROP TABLE standard_price`);
  }
}

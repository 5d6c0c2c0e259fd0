import { MigrationInterface, QueryRunner } from 'typeorm';

export class Regions1764300000000 implements MigrationInterface {
  name = 'Regions1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    // COLLATE "C" makes the primary-key btree usable for prefix scans (code LIKE '35.73.%'): scope checks are prefix tests.
    await q.query(`
      CREATE TABLE region (
        code        varchar(13) COLLATE "C" NOT NULL,
        name        text NOT NULL,
        level       text NOT NULL,
        parent_code varchar(13) COLLATE "C",
        CONSTRAINT region_pk PRIMARY KEY (code),
        CONSTRAINT region_parent_fk FOREIGN KEY (parent_code) REFERENCES region (code),
        CONSTRAINT region_level_chk CHECK (level IN ('provinsi', 'kabkota', 'kecamatan', 'kelurahan')),
        CONSTRAINT region_code_shape_chk CHECK (
          (level = 'provinsi'  AND code ~ '^[0-9]{2}$') OR
          (level = 'kabkota'   AND code ~ '^[0-9]{2}\\.[0-9]{2}$') OR
          (level = 'kecamatan' AND code ~ '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$') OR
          (level = 'kelurahan' AND code ~ '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.1[0-9]{3}$')),
        CONSTRAINT region_parent_prefix_chk CHECK (
          (level = 'provinsi' AND parent_code IS NULL) OR
          (level <> 'provinsi' AND parent_code IS NOT NULL AND left(code, length(parent_code) + 1) = parent_code || '.')),
        CONSTRAINT region_name_chk CHECK (length(btrim(name)) > 0)
      )`);
    await q.query(`CREATE INDEX region_parent_idx ON region (parent_code)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE region`);
  }
}

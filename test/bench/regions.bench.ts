import { standaloneRegionsService } from '../../src/modules/regions/region-import.cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { parseRegionCsv } from '../../src/modules/regions/region-csv';
import { fmtMs, median, scratchDatabase, timeIt } from './bench-db';
import { writeReport } from './report';

const ROUNDS = 5;

/**
 * Import of the national file (8,496 kelurahan, 2,090 kecamatan, 416 kab/kota, 37 provinsi) into an empty
 * region table through the real service (stream-parse, validate, upsert, audit) against a plain server-side
 * COPY of the same 11,039 rows, which is the floor PostgreSQL itself sets.
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_regions');
  const service = standaloneRegionsService(db.ds);
  const parsed = await parseRegionCsv(fs.createReadStream(NATIONAL_REGION_FILE));
  const rows = [
    ...parsed.provinsi.map((r) => [r.code, r.name, 'provinsi', r.parentCode]),
    ...parsed.kabkota.map((r) => [r.code, r.name, 'kabkota', r.parentCode]),
    ...parsed.kecamatan.map((r) => [r.code, r.name, 'kecamatan', r.parentCode]),
    ...parsed.kelurahan.map((r) => [r.code, r.name, 'kelurahan', r.parentCode]),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-bench-'));
  fs.chmodSync(dir, 0o755);
  const copyFile = path.join(dir, 'regions.tsv');
  fs.writeFileSync(copyFile, rows.map((r) => r.map((v) => v ?? '\\N').join('\t')).join('\n') + '\n');
  fs.chmodSync(copyFile, 0o644);

  // The audit table is append-only, so each round only empties the region table.
  const empty = () => db.ds.query('DELETE FROM region');
  const serviceMs: number[] = [];
  const copyMs: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      await empty();
      serviceMs.push(await timeIt(() => service.import(fs.createReadStream(NATIONAL_REGION_FILE), { actor: null })));
      const [{ n }] = await db.ds.query('SELECT count(*)::int AS n FROM region');
      if (n !== rows.length) throw new Error(`import left ${n} rows, expected ${rows.length}`);
      await empty();
      copyMs.push(await timeIt(() => db.ds.query(`COPY region (code, name, level, parent_code) FROM '${copyFile}'`)));
    }
    const again = await timeIt(() => service.import(fs.createReadStream(NATIONAL_REGION_FILE), { actor: null }));
    const s = median(serviceMs);
    const c = median(copyMs);
    const table = [
      `National region import (${rows.length} rows: 37 provinsi, 416 kab/kota, 2,090 kecamatan, 8,496 kelurahan), median of ${ROUNDS}`,
      '',
      '| what | ms | ratio to COPY |',
      '| --- | ---: | ---: |',
      `| import through RegionsService (parse + validate + upsert + audit), empty table | ${fmtMs(s)} | ${(s / c).toFixed(1)}× |`,
      `| same import again (idempotent, nothing changes) | ${fmtMs(again)} | ${(again / c).toFixed(1)}× |`,
      `| baseline: plain server-side COPY of the same rows | ${fmtMs(c)} | 1.0× |`,
    ].join('\n');
    writeReport('regions', table);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { importRegionsFile } from '../../src/modules/regions/region-import.cli';
import { createTestDatabase, TestDatabase } from '../helpers/test-db';

// The command-line import (`npm run cli -- import-regions FILE [--kabkota]`) runs this function without the Nest container.
describe('region import from the command line', () => {
  let database: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(database.url));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await database.drop();
  });

  it('imports one kab/kota and records a system audit event', async () => {
    const r = await importRegionsFile(ds, NATIONAL_REGION_FILE, '65.71');
    expect(r).toMatchObject({ provinsi: 1, kabkota: 1, kecamatan: 4, kelurahan: 20 });
    const [ev] = await ds.query(`SELECT actor, action, region_code FROM audit_event ORDER BY id DESC LIMIT 1`);
    expect(ev).toEqual({ actor: 'sistem', action: 'region.import', region_code: '65.71' });
  });

  it('explains a bad file line by line and imports nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-cli-'));
    const file = path.join(dir, 'bad.csv');
    const header = fs.readFileSync(NATIONAL_REGION_FILE, 'utf8').split('\n')[0];
    fs.writeFileSync(file, `${header}\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.1001,A\n35,Jawa Timur,35.73,Kota Malang,35.73.1,Blimbing,35.73.1.1002,B\n`);
    const before = (await ds.query('SELECT count(*)::int AS n FROM region'))[0].n;
    await expect(importRegionsFile(ds, file, undefined)).rejects.toThrow(/baris 3 \(kode_kecamatan\)/);
    expect((await ds.query('SELECT count(*)::int AS n FROM region'))[0].n).toBe(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

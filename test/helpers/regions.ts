import * as fs from 'node:fs';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { RegionsService } from '../../src/modules/regions/regions.service';
import type { TestApp } from './test-app';

/** Loads kab/kota from the shipped national file through the real import service. */
export async function importKabkota(t: TestApp, ...kabkota: string[]): Promise<void> {
  const regions = t.app.get(RegionsService);
  for (const k of kabkota) await regions.import(fs.createReadStream(NATIONAL_REGION_FILE), { kabkota: k, actor: null });
}

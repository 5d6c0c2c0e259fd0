import { Injectable, Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { TEMPLATES_DIR } from '../../common/paths';
import { RegionsService } from '../../modules/regions/regions.service';

export const DEMO_KABKOTA = '35.73';
export const NATIONAL_REGION_FILE = path.join(TEMPLATES_DIR, 'wilayah', 'kelurahan.csv');

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  regionCode: string | null;
  fullName: string;
}

export interface DemoSeedResult {
  seeded: boolean;
  logins: DemoLogin[];
}

/** The demo (Kota Malang) on an empty database only; each module adds its part here. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly db: DataSource,
    private readonly regions: RegionsService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [{ n }] = await this.db.query('SELECT count(*)::int AS n FROM region');
    return n === 0;
  }

  async run(): Promise<DemoSeedResult> {
    if (!(await this.isEmpty())) return { seeded: false, logins: [] };
    const counts = await this.regions.import(fs.createReadStream(NATIONAL_REGION_FILE), { kabkota: DEMO_KABKOTA, actor: null });
    this.logger.log(`Wilayah demo: ${counts.kecamatan} kecamatan, ${counts.kelurahan} kelurahan`);
    const logins: DemoLogin[] = [];
    return { seeded: true, logins };
  }
}

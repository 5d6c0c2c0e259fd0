import { Injectable } from '@nestjs/common';
import { RegionsService } from '../modules/regions/regions.service';

const TTL_MS = 5 * 60_000;

/** Region names for the header, remembered a few minutes (they change only by a region import). */
@Injectable()
export class RegionNames {
  private readonly cache = new Map<string, { name: string; at: number }>();

  constructor(private readonly regions: RegionsService) {}

  async nameOf(code: string | null): Promise<string | null> {
    if (!code) return null;
    const hit = this.cache.get(code);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.name;
    const name = await this.regions
      .get(code)
      .then((r) => (r.level === 'kecamatan' ? `Kecamatan ${r.name}` : r.level === 'kelurahan' ? `Kelurahan ${r.name}` : r.name))
      .catch(() => code);
    this.cache.set(code, { name, at: Date.now() });
    return name;
  }
}

import type { AuthUser } from '../../common/auth/auth-user';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination/page-query.dto';
import { RegionDirectoryService, RegionOption } from '../../modules/regions/region-directory.service';
import type { RegionLevel } from '../../modules/regions/region.entity';

/** What the admin pages share: paging links, region pickers, level names. */

export const LEVEL_LABEL: Record<RegionLevel, string> = {
  provinsi: 'Provinsi',
  kabkota: 'Kab/Kota',
  kecamatan: 'Kecamatan',
  kelurahan: 'Kelurahan',
};

export const ADMIN_PAGE_SIZE = 25;

/** A query string of the given values, blanks left out: `?role=lurah&page=2`. */
export function queryString(values: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface Pager {
  page: number;
  pages: number;
  total: number;
  from: number;
  to: number;
  prevHref: string | null;
  nextHref: string | null;
}

/** Paging links of a list page, keeping its filters. */
export function pager(path: string, filters: Record<string, unknown>, total: number, page: number, pageSize = DEFAULT_PAGE_SIZE): Pager {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => `${path}${queryString({ ...filters, page: p === 1 ? undefined : p })}`;
  return {
    page,
    pages,
    total,
    from: total === 0 ? 0 : (page - 1) * pageSize + 1,
    to: Math.min(total, page * pageSize),
    prevHref: page > 1 ? href(Math.min(page - 1, pages)) : null,
    nextHref: page < pages ? href(page + 1) : null,
  };
}

/** The kab/kota part of a code (`35.73.01.1001` → `35.73`), or null above it. */
export const kabkotaOf = (code: string | null | undefined): string | null => (code && /^\d{2}\.\d{2}/.test(code) ? code.slice(0, 5) : null);

/**
 * The options of a region picker: a kab/kota admin gets its own kab/kota's tree at the given levels; a national admin
 * (thousands of kelurahan) gets the list of kab/kota, and the tree of the kab/kota it has chosen.
 */
export async function regionOptions(
  dir: RegionDirectoryService,
  user: AuthUser,
  levels: RegionLevel[],
  chosen: string | null,
): Promise<RegionOption[]> {
  if (user.regionCode !== null) return dir.subtree(user, null, levels);
  const kabkota = await dir.subtree(user, null, ['kabkota']);
  const root = kabkotaOf(chosen);
  if (!root || !kabkota.some((k) => k.code === root)) return levels.includes('kabkota') ? kabkota : [];
  const inside = await dir.subtree(user, root, levels.filter((l) => l !== 'kabkota'));
  const out: RegionOption[] = [];
  for (const k of kabkota) {
    if (levels.includes('kabkota') || k.code === root) out.push(k);
    if (k.code === root) out.push(...inside.filter((r) => r.code !== root));
  }
  return out;
}

/** A picker's label for a region: indented by level so the tree reads in a plain `<select>`. */
export function optionLabel(r: RegionOption): string {
  const indent = r.level === 'kecamatan' ? '\u00a0\u00a0' : r.level === 'kelurahan' ? '\u00a0\u00a0\u00a0\u00a0' : '';
  return `${indent}${LEVEL_LABEL[r.level]} ${r.name} (${r.code})`;
}

/** A required field left empty is said as such, not as the first of the rules its absence also breaks. */
export function sayMissing(errors: Record<string, string>, body: Record<string, unknown>, required: readonly string[], labels: Record<string, string>) {
  for (const f of required) {
    const v = body[f];
    if (errors[f] && (v === undefined || v === null || (typeof v === 'string' && !v.trim()))) errors[f] = `${labels[f] ?? f} wajib diisi`;
  }
  return errors;
}

export const ADMIN_VIEW = { optionLabel, levelLabel: (l: RegionLevel) => LEVEL_LABEL[l] };

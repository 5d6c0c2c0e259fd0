import type { AuthUser } from '../../common/auth/auth-user';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { isPeriod, periodRange, type Period } from '../../common/period/period';
import { levelOfCode } from '../../modules/regions/region-code';
import type { RegionLevel } from '../../modules/regions/region.entity';
import { currentYear, yearParam } from '../plans/plan-view';

/** The query of the Laporan pages: `wilayah` (a region code), `tahun`, `periode`, `bulan`. */
export interface ReportPageQuery {
  wilayah?: string;
  tahun?: string;
  periode?: string;
  bulan?: string;
}

export interface ReportParams {
  /** null: the nation (a national admin without a region). */
  region: string | null;
  level: RegionLevel | 'nasional';
  year: number;
  period: Period;
}

const notFound = () => COMMON_ERRORS.error('NOT_FOUND');
const one = (v: unknown): string | undefined => (Array.isArray(v) ? one(v[0]) : typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * What a Laporan URL asks for. Left out: the user's own region, this year, the whole year. A malformed value is a
 * URL that names nothing, the 404 page (the services then answer 404 for a region out of scope, the same page).
 */
export function reportParams(user: AuthUser, q: ReportPageQuery): ReportParams {
  const code = one(q.wilayah) ?? user.regionCode;
  const level = code === null ? 'nasional' : levelOfCode(code);
  if (!level) throw notFound();
  const tahun = one(q.tahun);
  const year = tahun === undefined ? currentYear() : yearParam(tahun);
  const periode = one(q.periode)?.toUpperCase();
  if (periode !== undefined && !isPeriod(periode)) throw notFound();
  return { region: code, level, year, period: (periode as Period | undefined) ?? 'FY' };
}

/** `bulan` 1..12; left out: the last month of the period (Q2 → June), for the whole current year this month. */
export function monthParam(q: ReportPageQuery, p: ReportParams, now = new Date()): number {
  const raw = one(q.bulan);
  if (raw !== undefined) {
    if (!/^(0?[1-9]|1[0-2])$/.test(raw)) throw notFound();
    return Number(raw);
  }
  const wib = new Date(now.getTime() + 7 * 3_600_000);
  if (p.period === 'FY' && p.year === wib.getUTCFullYear()) return wib.getUTCMonth() + 1;
  return Number(periodRange(p.year, p.period).end.slice(5, 7));
}

/** `/laporan…?wilayah=…&tahun=…&periode=…` (the region left out for the nation). */
export function reportUrl(path: string, p: { region: string | null; year: number; period?: string; month?: number }): string {
  const q = new URLSearchParams();
  if (p.region) q.set('wilayah', p.region);
  q.set('tahun', String(p.year));
  if (p.period) q.set('periode', p.period);
  if (p.month) q.set('bulan', String(p.month));
  return `${path}?${q.toString()}`;
}

/** The region one level up while it is still inside the user's scope ({code: null} is the nation); null at the top of the scope. */
export function parentInScope(user: AuthUser, code: string | null): { code: string | null } | null {
  if (code === null) return null;
  const parent = code.length === 13 ? code.slice(0, 8) : code.length === 8 ? code.slice(0, 5) : code.length === 5 ? code.slice(0, 2) : null;
  if (user.regionCode === null) return user.role === 'admin' ? { code: parent } : null;
  return parent !== null && parent.startsWith(user.regionCode) ? { code: parent } : null;
}

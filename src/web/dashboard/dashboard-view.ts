import { formatPercent } from '../../common/money/rupiah';
import { isPeriod, type Period } from '../../common/period/period';
import { isFiscalYear } from '../../common/period/fiscal-year';
import type { Dashboard, DashboardFigures, DashboardRow, DashboardSort, SortDirection } from '../../modules/reports/dashboard.service';
import { DASHBOARD_SORTS } from '../../modules/reports/dashboard.service';
import { isSubType, SUB_TYPE } from '../../modules/reference/taxonomy';
import { currentYear } from '../plans/plan-view';
import { date, period as periodLabel, rupiah, status } from '../format';

export const PAGE_SIZE = 25;
export const PERIOD_OPTIONS: Period[] = ['FY', 'S1', 'S2', 'Q1', 'Q2', 'Q3', 'Q4', 'M01', 'M02', 'M03', 'M04', 'M05', 'M06', 'M07', 'M08', 'M09', 'M10', 'M11', 'M12'];
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

export interface DashboardParams {
  region: string | null;
  year: number;
  period: Period;
  sort: DashboardSort;
  direction: SortDirection;
  page: number;
  level: 'provinsi' | 'kabkota';
}

/** The query of /dasbor, read leniently: anything unknown falls back to its default (the whole year, by code). */
export function readParams(q: Record<string, string | undefined>): DashboardParams {
  const year = Number(q.tahun);
  const sort = (DASHBOARD_SORTS as readonly string[]).includes(q.urut ?? '') ? (q.urut as DashboardSort) : 'nama';
  return {
    region: q.wilayah ? String(q.wilayah) : null,
    year: isFiscalYear(year, new Date(), 'read') ? year : currentYear(),
    period: isPeriod(q.periode) ? q.periode : 'FY',
    sort,
    direction: q.arah === 'desc' ? 'desc' : q.arah === 'asc' ? 'asc' : sort === 'nama' ? 'asc' : 'desc',
    page: /^\d{1,6}$/.test(q.hal ?? '') && Number(q.hal) >= 1 ? Number(q.hal) : 1,
    level: q.tingkat === 'kabkota' ? 'kabkota' : 'provinsi',
  };
}

/** A /dasbor URL with the given parameters; defaults are left out so links stay short. */
export function dashboardHref(p: Partial<DashboardParams> & { year: number; period: Period }): string {
  const qs = new URLSearchParams();
  if (p.region) qs.set('wilayah', p.region);
  qs.set('tahun', String(p.year));
  qs.set('periode', p.period);
  if (p.level === 'kabkota' && !p.region) qs.set('tingkat', 'kabkota');
  if (p.sort && p.sort !== 'nama') qs.set('urut', p.sort);
  if (p.sort && p.direction) qs.set('arah', p.direction);
  if (p.page && p.page > 1) qs.set('hal', String(p.page));
  return `/dasbor?${qs.toString()}`;
}

export function reportHref(region: string | null, year: number, period: Period): string {
  const qs = new URLSearchParams();
  if (region) qs.set('wilayah', region);
  qs.set('tahun', String(year));
  qs.set('periode', period);
  return `/laporan?${qs.toString()}`;
}

export const LEVEL_LABEL: Record<string, string> = {
  nasional: 'Nasional',
  provinsi: 'Provinsi',
  kabkota: 'Kabupaten/Kota',
  kecamatan: 'Kecamatan',
  kelurahan: 'Kelurahan',
  line: 'Rincian belanja',
};

export const regionTitle = (level: string, name: string): string =>
  level === 'kecamatan' ? `Kecamatan ${name}` : level === 'kelurahan' ? `Kelurahan ${name}` : name;

export const absorptionText = (p: number): string => `${formatPercent(p)} %`;

/** Plan status as a cell says it: a kelurahan's (or line's) own, or how many kelurahan below have a plan in force. */
export function statusText(row: DashboardFigures, level: string): string {
  if (level === 'kelurahan' || level === 'line') return status(row.planStatus, { amendment: row.amendment });
  return `${row.approved} dari ${row.kelurahan} disetujui`;
}

export const closedText = (row: DashboardFigures, level: string): string =>
  level === 'line' ? '–' : `${row.monthsClosed} dari ${row.kelurahan * 12}`;

export interface Column {
  key: DashboardSort;
  label: string;
  numeric: boolean;
}

export const COLUMNS: Column[] = [
  { key: 'nama', label: 'Wilayah', numeric: false },
  { key: 'pagu', label: 'Pagu', numeric: true },
  { key: 'rencana', label: 'Rencana', numeric: true },
  { key: 'realisasi', label: 'Realisasi', numeric: true },
  { key: 'sisa', label: 'Sisa', numeric: true },
  { key: 'serapan', label: 'Serapan', numeric: true },
  { key: 'status', label: 'Status rencana', numeric: false },
  { key: 'entri', label: 'Entri terakhir', numeric: false },
  { key: 'tutup', label: 'Bulan ditutup', numeric: true },
];

/** A column header: its link (the other direction when it is the current sort) and aria-sort. */
export function headerOf(c: Column, p: DashboardParams, region: string | null) {
  const current = p.sort === c.key;
  const next: SortDirection = current ? (p.direction === 'asc' ? 'desc' : 'asc') : c.key === 'nama' ? 'asc' : 'desc';
  return {
    ...c,
    href: dashboardHref({ ...p, region, sort: c.key, direction: next, page: 1 }),
    ariaSort: current ? (p.direction === 'asc' ? 'ascending' : 'descending') : 'none',
    arrow: current ? (p.direction === 'asc' ? '▲' : '▼') : '',
  };
}

/** What the charts draw, as JSON for assets/dashboard.js; the same figures are printed in each chart's table. */
export function chartData(d: Dashboard) {
  let cumulative = 0;
  const months = d.months.map((m) => {
    cumulative += m.sarpras + m.pemberdayaan;
    return { label: MONTH_SHORT[m.month - 1], month: m.month, realized: m.sarpras + m.pemberdayaan, cumulative };
  });
  const categories = (['sarpras', 'pemberdayaan'] as const).map((c) => {
    const lines = d.bySubType.filter((s) => s.category === c);
    return {
      category: c,
      label: c === 'sarpras' ? 'Sarana dan prasarana' : 'Pemberdayaan masyarakat',
      planned: lines.reduce((s, l) => s + l.planned, 0),
      realized: d.months.reduce((s, m) => s + m[c], 0),
    };
  });
  return {
    children: d.childLevel === 'line' ? [] : d.rows.map((r) => ({ label: r.name, absorption: r.absorption })),
    planned: d.totals.planned,
    months,
    categories,
    subTypes: d.bySubType.map((s) => ({ ...s, label: s.subType, name: isSubType(s.subType) ? SUB_TYPE[s.subType].name : s.subType })),
  };
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no text can close the element. */
export const jsonBlock = (data: unknown): string => JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export function rowView(r: DashboardRow, d: Dashboard, p: DashboardParams) {
  const level = d.childLevel;
  return {
    ...r,
    title: level === 'line' ? r.name : regionTitle(level, r.name),
    href: level === 'line' ? null : dashboardHref({ ...p, region: r.code, page: 1 }),
    pagu: r.allocation === null ? '–' : rupiah(r.allocation),
    rencana: rupiah(r.planned),
    realisasi: rupiah(r.realized),
    sisa: rupiah(r.remaining),
    serapan: absorptionText(r.absorption),
    status: statusText(r, level),
    entri: date(r.lastEntry),
    tutup: closedText(r, level),
    report: level === 'line' ? null : reportHref(r.code, d.year, d.period),
  };
}

export const periodText = (p: Period, year: number): string => periodLabel(p, year);

import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { monthsOf, periodRange, type Period } from '../../common/period/period';
import type { RegionLevel } from '../regions/region.entity';
import { ancestorsOf } from '../regions/region-code';
import {
  DashboardQuery,
  type DashboardFigures,
  type DashboardRow,
  type DashboardSort,
  type MonthFigures,
  type SortDirection,
  type SubTypeFigures,
} from './dashboard.query';
import { CHILD_LEVEL_OF, type SummaryLevel } from './report-summary';
import { regionNotFound, ReportsService } from './reports.service';

export type { DashboardFigures, DashboardRow, DashboardSort, MonthFigures, SortDirection, SubTypeFigures } from './dashboard.query';
export { DASHBOARD_SORTS } from './dashboard.query';

export interface DashboardRequest {
  region?: string | null;
  year: number;
  period: Period;
  sort: DashboardSort;
  direction: SortDirection;
  /** From 1. */
  page: number;
  pageSize: number;
  /**
   * The nation only: list the kab/kota of the whole country (paged) instead of its provinsi.
   */
  childLevel?: 'provinsi' | 'kabkota';
}

export interface Dashboard {
  region: { code: string | null; name: string; level: SummaryLevel };
  /** The region's ancestors, farthest first (for the breadcrumb), within the caller's reach or not: names only. */
  ancestors: Array<{ code: string; name: string; level: RegionLevel }>;
  year: number;
  period: Period;
  childLevel: RegionLevel | 'line';
  rows: DashboardRow[];
  rowCount: number;
  page: number;
  pageSize: number;
  totals: DashboardFigures;
  /** Realisasi per month (January to the period's last month) and category. */
  months: MonthFigures[];
  /** Rencana and realisasi per category, from the sub-types (lines in force). */
  bySubType: SubTypeFigures[];
}

const CODE_LENGTH_OF: Record<RegionLevel, number> = { provinsi: 2, kabkota: 5, kecamatan: 8, kelurahan: 13 };
const LINES = 99;

/**
 * The dashboard (dasbor) of a region: one row per child region (or plan line of a kelurahan) with pagu, rencana,
 * realisasi, sisa, serapan, plan status, last ledger entry and closed months; the month series and the sub-type split
 * for the charts. Scope as every report: out of scope answers exactly like missing.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly reports: ReportsService,
    private readonly query: DashboardQuery,
  ) {}

  async dashboard(user: AuthUser, q: DashboardRequest): Promise<Dashboard> {
    const target = this.reports.resolve(user, { region: q.region, year: q.year, period: q.period });
    const lineage = target.code === null ? [] : await this.query.lineage(ancestorsOf(target.code));
    const self = target.code === null ? null : lineage.find((r) => r.code === target.code);
    if (target.code !== null && !self) throw regionNotFound(target.code);

    const wide = target.level === 'nasional' && q.childLevel === 'kabkota';
    const childLevel: RegionLevel | 'line' = wide ? 'kabkota' : CHILD_LEVEL_OF[target.level];
    const childLength = childLevel === 'line' ? LINES : CODE_LENGTH_OF[childLevel];
    const months = monthsOf(q.period);
    const lastMonth = months[months.length - 1];
    const periodEnd = periodRange(q.year, q.period).end;
    const pageSize = Math.max(1, Math.min(500, q.pageSize));
    const page = Math.max(1, q.page);

    const table = await this.query.table({
      code: target.code,
      year: q.year,
      lastMonth,
      periodEnd,
      childLength,
      sort: q.sort,
      direction: q.direction,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const [series, bySubType] = [await this.query.months(target.code, q.year, lastMonth), await this.query.subTypes(target.code, q.year, lastMonth)];
    return {
      region: self ? { code: self.code, name: self.name, level: self.level } : { code: null, name: 'Indonesia', level: 'nasional' },
      ancestors: lineage.filter((r) => r.code !== target.code).reverse(),
      year: q.year,
      period: q.period,
      childLevel,
      rows: table.rows,
      rowCount: table.rowCount,
      page,
      pageSize,
      totals: table.totals,
      months: series,
      bySubType,
    };
  }
}

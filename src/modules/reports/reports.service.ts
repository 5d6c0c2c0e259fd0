import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { REGION_ERRORS } from '../regions/regions.errors';
import type { Period } from '../../common/period/period';
import { levelOfCode } from '../regions/region-code';
import { RegionScopeService } from '../regions/region-scope.service';
import { ReportRepository, type RollUp } from './report.repository';
import { buildSummary, CHILD_LENGTH, type ReportSummary, type SummaryLevel } from './report-summary';

export interface ReportRequest {
  region?: string | null;
  year: number;
  period?: Period;
}

export interface ResolvedReport {
  code: string | null;
  level: SummaryLevel;
  year: number;
  period: Period;
}

const LEVEL_LENGTHS: Record<SummaryLevel, number> = { nasional: 0, provinsi: 2, kabkota: 5, kecamatan: 8, kelurahan: 13 };

/** Roll-ups for any level, limited to the caller's scope; out of scope answers exactly like missing. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportRepository,
    private readonly scope: RegionScopeService,
  ) {}

  /** Which region a request means: the one asked for, else the caller's own, else (national admin) the nation. */
  resolve(user: AuthUser, q: ReportRequest): ResolvedReport {
    const code = q.region ?? user.regionCode;
    const period = q.period ?? 'FY';
    if (code === null) {
      if (user.role !== 'admin' || user.regionCode !== null) throw regionNotFound('nasional');
      return { code: null, level: 'nasional', year: q.year, period };
    }
    const level = levelOfCode(code);
    if (!level || !this.scope.canAccess(user, code)) throw regionNotFound(code);
    return { code, level, year: q.year, period };
  }

  /** The figures for the region and the levels below it (`depth` levels; the export asks for all of them). */
  async rollUp(target: ResolvedReport, depth: 'children' | 'all', manager?: EntityManager): Promise<RollUp> {
    const own = LEVEL_LENGTHS[target.level];
    const childLengths =
      depth === 'children'
        ? [CHILD_LENGTH[target.level] ?? 13]
        : [2, 5, 8, 13].filter((len) => len > own);
    const result = await this.repo.rollUp(
      { code: target.code, level: target.level, year: target.year, period: target.period, childLengths },
      manager,
    );
    if (target.code !== null && !result.self) throw regionNotFound(target.code);
    return result;
  }

  async summary(user: AuthUser, q: ReportRequest): Promise<ReportSummary> {
    const target = this.resolve(user, q);
    const rollUp = await this.rollUp(target, 'children');
    return buildSummary(rollUp, target.level, target.year, target.period);
  }
}

export function regionNotFound(code: string) {
  return REGION_ERRORS.error('REGION_NOT_FOUND', code);
}

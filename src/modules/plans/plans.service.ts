import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { money, moneyOrNull } from '../../common/money/rupiah';
import { parseFiscalYear } from '../../common/period/fiscal-year';
import { MutationRunner } from '../../database/mutation-runner';
import { violatedConstraint } from '../../database/pg-errors';
import { AllocationsService } from '../allocations/allocations.service';
import { RegionsService } from '../regions/regions.service';
import { PlanAccessService } from './plan-access.service';
import type { CreatePlanDto, PlanDto, PlanListDto, PlanListQueryDto } from './plan.dto';
import { iso, toLine } from './plan.mapper';
import { PlanListQuery } from './plan-list.query';
import { PlanRepository, PlanRow } from './plan.repository';
import { PLAN_ERRORS } from './plans.errors';

/**
 * Plans of a kelurahan for a year: creating one, reading one (latest version and the version in force) and the
 * scoped list. Lines are edited by PlanLinesService, the workflow runs in PlanWorkflowService, versions are
 * compared by PlanVersionsService, and spending books through PlanLedgerService.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly repo: PlanRepository,
    private readonly listQuery: PlanListQuery,
    private readonly access: PlanAccessService,
    private readonly runner: MutationRunner,
    private readonly regions: RegionsService,
    private readonly allocations: AllocationsService,
  ) {}

  async get(user: AuthUser, id: string): Promise<PlanDto> {
    const m = this.repo.manager;
    return this.view(m, await this.access.find(m, user, id));
  }

  async list(user: AuthUser, q: PlanListQueryDto): Promise<PlanListDto> {
    const year = q.year === undefined ? undefined : parseFiscalYear(q.year);
    const { rows, total } = await this.listQuery.list(user, { ...q, year });
    return {
      items: rows.map((r) => ({
        id: r.id,
        kelurahanCode: r.kelurahan_code,
        kelurahanName: r.kelurahan_name,
        year: r.year,
        version: r.version,
        status: r.status,
        total: money(r.total),
        allocation: moneyOrNull(r.allocation),
        inForceVersion: r.in_force_version,
        inForceTotal: moneyOrNull(r.in_force_total),
        submittedAt: iso(r.submitted_at),
      })),
      total,
    };
  }

  async create(user: AuthUser, dto: CreatePlanDto): Promise<PlanDto> {
    const year = parseFiscalYear(dto.year);
    await this.regions.kelurahanName(user, dto.kelurahanCode);
    const exists = async () => {
      const row = await this.repo.findByKelurahanYear(this.repo.manager, dto.kelurahanCode, year);
      if (!row) return null;
      return PLAN_ERRORS.error('PLAN_EXISTS', year).with([{ field: 'year', message: `rencana tahun ${year} sudah ada`, planId: row.id }]);
    };
    const already = await exists();
    if (already) throw already;
    try {
      const answer = await this.runner.run(user, async (m) => {
        const plan = await this.repo.insertPlan(m, dto.kelurahanCode, year, user.id);
        return {
          body: await this.view(m, plan),
          audit: {
            action: 'plan.create', entity: 'plan', entityId: plan.id, regionCode: plan.kelurahan_code,
            after: { kelurahanCode: plan.kelurahan_code, year, version: 1, status: 'draft' },
          },
        };
      });
      return answer.body;
    } catch (e) {
      // Two creates at once: the unique constraint decides, and the loser hears the same 409.
      if (violatedConstraint(e) === 'plan_kelurahan_year_uq') throw (await exists()) ?? e;
      throw e;
    }
  }

  /** The plan as the API shows it: the latest version with its lines, and the version in force beside it. */
  async view(m: EntityManager, plan: PlanRow): Promise<PlanDto> {
    const shown = [...new Set([plan.latest_version, plan.in_force_version ?? plan.latest_version])];
    const versions = await this.repo.versions(m, plan.id, shown);
    const lines = await this.repo.lines(m, plan.id, shown);
    const latest = versions.find((v) => v.version === plan.latest_version)!;
    const inForce = plan.in_force_version === null ? null : versions.find((v) => v.version === plan.in_force_version)!;
    const linesOf = (version: number) => lines.filter((l) => l.version === version).map(toLine);
    const allocation = await this.allocations.amountOf(plan.kelurahan_code, plan.year, m);
    const name = await this.regions.nameOf(plan.kelurahan_code, m);
    return {
      id: plan.id,
      kelurahanCode: plan.kelurahan_code,
      kelurahanName: name ?? plan.kelurahan_code,
      year: plan.year,
      version: latest.version,
      status: latest.status,
      allocation: allocation?.amount ?? null,
      total: money(latest.total),
      totalSarpras: money(latest.total_sarpras),
      totalPemberdayaan: money(latest.total_pemberdayaan),
      lines: linesOf(latest.version),
      inForce: inForce
        ? {
            version: inForce.version,
            total: money(inForce.total),
            totalSarpras: money(inForce.total_sarpras),
            totalPemberdayaan: money(inForce.total_pemberdayaan),
            approvedAt: iso(inForce.approved_at),
            lines: linesOf(inForce.version),
          }
        : null,
      createdAt: iso(plan.created_at)!,
      submittedAt: iso(latest.submitted_at),
      returnedAt: iso(latest.returned_at),
      returnReason: latest.return_reason,
      approvedAt: iso(latest.approved_at),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { RegionScopeService } from '../regions/region-scope.service';
import { decide, type PlanAction, type Transition } from './plan-workflow';
import { PlanRepository, PlanRow, VersionRow } from './plan.repository';
import { PLAN_ERRORS } from './plans.errors';

export interface LockedPlan {
  plan: PlanRow;
  current: VersionRow;
  transition: Transition;
}

/** Finding a plan the caller may see (404 otherwise), and locking it for an action the workflow allows. */
@Injectable()
export class PlanAccessService {
  constructor(
    private readonly repo: PlanRepository,
    private readonly scope: RegionScopeService,
  ) {}

  async find(m: EntityManager, user: AuthUser, id: string, lock = false): Promise<PlanRow> {
    const plan = await this.repo.find(m, id, lock);
    if (!plan || !this.scope.canAccess(user, plan.kelurahan_code)) throw PLAN_ERRORS.error('PLAN_NOT_FOUND');
    return plan;
  }

  /** Lock the plan row, check scope (404), then the workflow table: role (403), state (409). */
  async lockFor(m: EntityManager, user: AuthUser, planId: string, action: PlanAction): Promise<LockedPlan> {
    const plan = await this.find(m, user, planId, true);
    const current = await this.repo.version(m, plan.id, plan.latest_version);
    const d = decide(current.status, action, user.role);
    if (!d.ok) {
      if (d.refusal === 'role') throw COMMON_ERRORS.error('FORBIDDEN_ROLE', d.message);
      throw PLAN_ERRORS.error('PLAN_INVALID_TRANSITION', d.message).with([
        { field: 'status', message: d.message, status: current.status, action },
      ]);
    }
    return { plan, current, transition: d.transition };
  }
}

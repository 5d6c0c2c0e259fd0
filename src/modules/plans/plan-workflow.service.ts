import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { money } from '../../common/money/rupiah';
import { Mutation, MutationRunner } from '../../database/mutation-runner';
import { AllocationsService } from '../allocations/allocations.service';
import { StandardPricesService } from '../flags/standard-prices.service';
import { LockedPlan, PlanAccessService } from './plan-access.service';
import type { PlanDto } from './plan.dto';
import { belowSpent, hasSpending } from './plan-lines.service';
import { PlanRepository, PlanRow } from './plan.repository';
import { PLAN_ERRORS } from './plans.errors';
import { PlansService } from './plans.service';

/**
 * The approval workflow of plan-workflow.ts: submit, approve, return, amend. Each locks the plan row, checks the
 * workflow table (role 403, state 409) and the budget rules, writes, and records its audit event, in one transaction.
 */
@Injectable()
export class PlanWorkflowService {
  constructor(
    private readonly repo: PlanRepository,
    private readonly access: PlanAccessService,
    private readonly runner: MutationRunner,
    private readonly plans: PlansService,
    private readonly allocations: AllocationsService,
    private readonly standardPrices: StandardPricesService,
  ) {}

  async submit(user: AuthUser, planId: string): Promise<PlanDto> {
    return this.transition(user, planId, 'submit', async (m, { plan, current, transition }) => {
      if ((await this.repo.lineCount(m, plan.id, current.version)) === 0) {
        throw PLAN_ERRORS.error('PLAN_EMPTY').with([{ field: 'lines', message: 'belum ada rincian' }]);
      }
      await this.checkBudget(m, plan, current.version);
      // The Pemda's standard prices (SSH/SBU): 422 naming a line over a hard ceiling, or above an estimate without a reason.
      const lines = await this.repo.lines(m, plan.id, [current.version]);
      await this.standardPrices.assertPriceRules(m, plan.kelurahan_code, plan.year, lines.map((l) => ({
        lineId: l.line_id, position: l.position, description: l.description, unit: l.unit, unitPrice: money(l.unit_price),
      })));
      await this.repo.markSubmitted(m, plan.id, current.version, transition.next, user.id);
    });
  }

  async approve(user: AuthUser, planId: string): Promise<PlanDto> {
    return this.transition(user, planId, 'approve', async (m, { plan, current, transition }) => {
      // Spending takes these row locks too: from here on no entry can land between the check and the switch of version.
      await this.repo.lockLines(m, plan.id);
      await this.checkBudget(m, plan, current.version);
      await this.repo.markApproved(m, plan, current.version, transition.next, user.id);
      return { supersededVersion: plan.in_force_version };
    });
  }

  async return(user: AuthUser, planId: string, reason: string): Promise<PlanDto> {
    const why = reason.trim();
    return this.transition(user, planId, 'return', async (m, { plan, current, transition }) => {
      await this.repo.markReturned(m, plan.id, current.version, transition.next, user.id, why);
    }, why);
  }

  async amend(user: AuthUser, planId: string): Promise<PlanDto> {
    const answer = await this.runner.run(user, async (m): Promise<Mutation<PlanDto>> => {
      const { plan, current, transition } = await this.access.lockFor(m, user, planId, 'amend');
      const next = await this.repo.copyVersion(m, plan.id, current.version, transition.next, user.id);
      return {
        body: await this.plans.view(m, { ...plan, latest_version: next }),
        audit: {
          action: 'plan.amend', entity: 'plan', entityId: plan.id, regionCode: plan.kelurahan_code,
          before: { version: current.version, status: current.status },
          after: { version: next, status: transition.next, inForceVersion: plan.in_force_version },
        },
      };
    });
    return answer.body;
  }

  /** Lock and check for `action`, apply `change`, and answer the plan as it now is with the audit event 'plan.<action>'. */
  private async transition(
    user: AuthUser,
    planId: string,
    action: 'submit' | 'approve' | 'return',
    change: (m: EntityManager, locked: LockedPlan) => Promise<Record<string, unknown> | void>,
    reason: string | null = null,
  ): Promise<PlanDto> {
    const answer = await this.runner.run(user, async (m): Promise<Mutation<PlanDto>> => {
      const locked = await this.access.lockFor(m, user, planId, action);
      const extra = (await change(m, locked)) ?? {};
      const { plan, current, transition } = locked;
      const fresh = await this.access.find(m, user, plan.id);
      const view = await this.plans.view(m, fresh);
      return {
        body: view,
        audit: {
          action: `plan.${action}`, entity: 'plan', entityId: plan.id, regionCode: plan.kelurahan_code,
          before: { version: current.version, status: current.status, total: money(current.total) },
          after: { version: current.version, status: transition.next, total: view.total, inForceVersion: fresh.in_force_version, ...extra },
          reason,
        },
      };
    });
    return answer.body;
  }

  /** The budget rules a version must meet to be submitted and, again, to be approved. */
  private async checkBudget(m: EntityManager, plan: PlanRow, version: number): Promise<void> {
    const total = money((await this.repo.version(m, plan.id, version)).total);
    const allocation = await this.allocations.sourcesFor(plan.kelurahan_code, plan.year, m);
    if (!allocation) {
      throw PLAN_ERRORS.error('PLAN_NO_ALLOCATION', plan.year, total).with([
        { field: 'allocation', message: 'pagu belum ditetapkan', total, allocation: null },
      ]);
    }
    if (total > allocation.amount) {
      const e = PLAN_ERRORS.error('PLAN_OVER_ALLOCATION', total, allocation.amount);
      throw e.with([{ field: 'total', message: e.message, total, allocation: allocation.amount, excess: total - allocation.amount }]);
    }
    // Each source pays for its own lines: DAU SG lines may not eat into the APBD pagu, nor the other way round.
    for (const { source, total: raw } of await this.repo.totalsBySource(m, plan.id, version)) {
      const sourceTotal = money(raw);
      const available = allocation.sources.get(source) ?? 0;
      if (sourceTotal > available) {
        const e = PLAN_ERRORS.error('PLAN_OVER_SOURCE', source, sourceTotal, available);
        throw e.with([{ field: 'fundingSource', message: e.message, source, total: sourceTotal, allocation: available, excess: sourceTotal - available }]);
      }
    }
    const below = await this.repo.firstLineBelowSpent(m, plan.id, version);
    if (below) throw belowSpent(below.description, money(below.amount), money(below.spent), below.line_id);
    const dropped = await this.repo.firstDroppedLineWithSpending(m, plan.id, version);
    if (dropped) throw hasSpending(dropped.description ?? dropped.id, money(dropped.spent), dropped.id);
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { money } from '../../common/money/rupiah';
import { AllocationCommitments, type Committed } from '../allocations/allocation-floor';
import { PlanRepository } from './plan.repository';

/** What the plans in force draw on each funding source: the floor below which a pagu may not be cut. */
@Injectable()
export class PlanCommitmentsService extends AllocationCommitments {
  constructor(private readonly repo: PlanRepository) {
    super();
  }

  async bySource(m: EntityManager, regionCode: string, year: number): Promise<Map<string, Map<string, Committed>>> {
    const out = new Map<string, Map<string, Committed>>();
    for (const r of await this.repo.committedBySource(m, regionCode, year)) {
      const perSource = out.get(r.kelurahan_code) ?? new Map<string, Committed>();
      perSource.set(r.source, { approved: money(r.approved), spent: money(r.spent) });
      out.set(r.kelurahan_code, perSource);
    }
    return out;
  }
}

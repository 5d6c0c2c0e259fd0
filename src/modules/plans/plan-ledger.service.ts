import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { money } from '../../common/money/rupiah';
import { PlanRepository } from './plan.repository';

export interface LockedLine {
  id: string;
  planId: string;
  kelurahanCode: string;
  /** what the ledger has booked on the line so far (its running total) */
  spent: number;
}

/**
 * What a reversal books against, inside its transaction: the row lock serialises every writer on the line (and the
 * approval of a new version) across processes until commit. A payment books in one statement (spending_pay, migration
 * 1765800000000), whose plans part, the SQL function plans_line_charge, takes the same lock and reads the budget after it.
 */
@Injectable()
export class PlanLedgerService {
  constructor(private readonly repo: PlanRepository) {}

  async lockLine(m: EntityManager, lineId: string): Promise<LockedLine | null> {
    const row = await this.repo.lockLine(m, lineId);
    return row ? { id: row.id, planId: row.plan_id, kelurahanCode: row.kelurahan_code, spent: money(row.spent) } : null;
  }

  /** Moves the line's running total (and its entry count) by one ledger row of `amount` (negative for a reversal). */
  async addToSpent(m: EntityManager, lineId: string, amount: number): Promise<void> {
    await this.repo.addToSpent(m, lineId, amount);
  }
}

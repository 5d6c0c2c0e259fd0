import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { money, moneyOrNull } from '../../common/money/rupiah';
import type { Category } from '../reference/taxonomy';
import { PlanRepository } from './plan.repository';

export interface LockedLine {
  id: string;
  planId: string;
  kelurahanCode: string;
  /** what the ledger has booked on the line so far (its running total) */
  spent: number;
}

export interface LineBudget {
  year: number;
  inForceVersion: number | null;
  /** the line's amount in the version in force; null when the line is not part of it */
  budget: number | null;
  category: Category | null;
  /** the line's kode rekening in the version in force */
  accountCode: string | null;
}

/**
 * What the spending ledger books against, inside its transaction: the plan module's one port for it.
 * Take `lockLine` first: the row lock serialises every writer on the line (and the approval of a new version)
 * across processes until commit; read the budget after it, so an approval committed meanwhile is seen.
 */
@Injectable()
export class PlanLedgerService {
  constructor(private readonly repo: PlanRepository) {}

  async lockLine(m: EntityManager, lineId: string): Promise<LockedLine | null> {
    const row = await this.repo.lockLine(m, lineId);
    return row ? { id: row.id, planId: row.plan_id, kelurahanCode: row.kelurahan_code, spent: money(row.spent) } : null;
  }

  /**
   * `lockLine`, `budgetInForce` and `addToSpent` in one round trip, for a booking of `amount` (> 0): the line locked,
   * its budget read after the lock, and the running total moved only when the line is in force and the amount fits
   * (`added`). The line and budget are as they were before the move. A caller that refuses afterwards must roll back.
   */
  async lockAndAdd(m: EntityManager, lineId: string, amount: number): Promise<{ line: LockedLine; budget: LineBudget; added: boolean } | null> {
    const row = await this.repo.bookOnLine(m, lineId, amount);
    if (!row) return null;
    return {
      line: { id: row.id, planId: row.plan_id, kelurahanCode: row.kelurahan_code, spent: money(row.spent) },
      budget: { year: row.year, inForceVersion: row.in_force_version, budget: moneyOrNull(row.budget), category: row.category, accountCode: row.account_code },
      added: row.booked,
    };
  }

  async budgetInForce(m: EntityManager, line: LockedLine): Promise<LineBudget> {
    const row = await this.repo.budgetInForce(m, line.planId, line.id);
    return { year: row.year, inForceVersion: row.in_force_version, budget: moneyOrNull(row.budget), category: row.category, accountCode: row.account_code };
  }

  /** Moves the line's running total (and its entry count) by one ledger row of `amount` (negative for a reversal). */
  async addToSpent(m: EntityManager, lineId: string, amount: number): Promise<void> {
    await this.repo.addToSpent(m, lineId, amount);
  }
}

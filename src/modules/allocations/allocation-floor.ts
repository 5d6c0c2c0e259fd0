import type { EntityManager } from 'typeorm';

/** What a plan has already fixed on one funding source of a kelurahan and year. */
export interface Committed {
  /** the total of the lines of the plan version in force that draw on this source */
  approved: number;
  /** what is spent on those lines */
  spent: number;
}

export interface FloorBreach {
  source: string;
  requested: number;
  approved: number;
  spent: number;
}

/**
 * A source's pagu may not go below what the plan in force already draws on it, nor below what is spent from it
 * (a cut would leave approved work unfunded, and the summary would show more realised than allocated).
 */
export function floorBreach(source: string, requested: number, committed: Committed | undefined): FloorBreach | null {
  if (!committed) return null;
  if (requested >= committed.approved && requested >= committed.spent) return null;
  return { source, requested, approved: committed.approved, spent: committed.spent };
}

/**
 * The port through which allocations learn what the plans already draw on each source (the plans module owns those
 * tables and provides it): kelurahan code → source → committed, for every kelurahan under `regionCode`.
 */
export abstract class AllocationCommitments {
  abstract bySource(m: EntityManager, regionCode: string, year: number): Promise<Map<string, Map<string, Committed>>>;
}

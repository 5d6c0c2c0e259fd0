import type { EntityManager } from 'typeorm';

/**
 * A table whose rows are facts the audit trail must vouch for. The owning module declares it (its own SQL over its
 * own table) and the verification checks, in one snapshot, that every row has the event that created it with the
 * same content, and that every such event still has its row.
 */
export interface FactSource {
  /** The table, as reported: 'spending_entry'. */
  table: string;
  /** SELECT giving `id text, content jsonb` for every row. */
  rows: string;
  /** The events that create rows, over `audit_event a`: a filter, the created row's id, and its content in the row's shape. */
  events: Array<{ where: string; id: string; content: string }>;
}

/** A consistency check beside the chain (e.g. running totals against the ledger), run in the verification's snapshot. */
export interface ConsistencyCheck {
  name: string;
  run(m: EntityManager): Promise<{ consistent: boolean; detail: unknown; problems: Array<{ message: string; [k: string]: unknown }> }>;
}

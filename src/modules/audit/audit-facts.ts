import type { EntityManager } from 'typeorm';

/**
 * A table whose rows are facts the audit trail must vouch for. The owning module declares it (its own SQL over its
 * own table) and the verification checks, in one snapshot, that every row has the event that created it with the
 * same content, and that every such event still has its row.
 */
export interface FactSource {
  /** The table, as reported: 'spending_entry'. */
  table: string;
  /**
   * SELECT giving `id text, content jsonb` for every row, and `key text` when the row's id is not in the event that
   * created it: then the events name the row by that key (what it is the row of, unique among the table's rows).
   */
  rows: string;
  /** 'key' when `rows` gives a key the events name the rows by; 'id' (the default) when they name the row's id. */
  matchBy?: 'id' | 'key';
  /**
   * The events that create rows, over `audit_event a`: a filter, the created row's id (or key), and its content in
   * the row's shape; `from` joins more (e.g. `CROSS JOIN LATERAL jsonb_array_elements(a.after->'taxes') t`) when one
   * event creates several rows.
   */
  events: Array<{ where: string; id: string; content: string; from?: string }>;
}

/** A consistency check beside the chain (e.g. running totals against the ledger), run in the verification's snapshot. */
export interface ConsistencyCheck {
  name: string;
  run(m: EntityManager): Promise<{ consistent: boolean; detail: unknown; problems: Array<{ message: string; [k: string]: unknown }> }>;
}

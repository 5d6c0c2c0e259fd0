import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { HTTP_ERRORS } from '../common/http/http.errors';

/** What a report request may spend in PostgreSQL: a statement timeout, and a signal that fires when its client leaves. */
export interface StatementBudget {
  timeoutMs: number;
  signal?: AbortSignal;
}

const current = new AsyncLocalStorage<StatementBudget>();

/** Runs `fn` (and everything it awaits) under `budget`; see ReportBudgetInterceptor. */
export function runWithBudget<T>(budget: StatementBudget, fn: () => T): T {
  return current.run(budget, fn);
}

export function currentBudget(): StatementBudget | undefined {
  return current.getStore();
}

const QUERY_CANCELED = '57014';

/**
 * Runs heavy read SQL within the request's budget: `SET LOCAL statement_timeout` in a transaction of its own (or in
 * the caller's, when `manager` holds one), and `pg_cancel_backend` on that connection when the client goes away, so
 * a national export does not keep running for minutes after nobody waits for it. A timeout answers 503.
 * Outside a budget (the CLI, a seed) the SQL runs as it is.
 */
export async function withStatementBudget<T>(db: DataSource, manager: EntityManager | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const budget = currentBudget();
  if (!budget) return work(manager ?? db.manager);
  if (budget.signal?.aborted) throw clientGone();

  const own = manager?.queryRunner?.isTransactionActive ? undefined : db.createQueryRunner();
  const m = own ? own.manager : manager!;
  let cancelling: Promise<unknown> | undefined;
  let inFlight = false;
  try {
    if (own) {
      await own.connect();
      await own.startTransaction('REPEATABLE READ');
    }
    const [{ pid }]: Array<{ pid: number }> = await m.query(
      `SELECT pg_backend_pid() AS pid, set_config('statement_timeout', $1, true)`,
      [String(Math.max(1, Math.floor(budget.timeoutMs)))],
    );
    const onAbort = () => {
      // Only while our statement runs on this connection; the connection is not released before this settles.
      if (inFlight) cancelling = db.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    };
    budget.signal?.addEventListener('abort', onAbort, { once: true });
    inFlight = true;
    try {
      const result = await work(m);
      inFlight = false;
      if (own) await own.commitTransaction();
      return result;
    } finally {
      inFlight = false;
      budget.signal?.removeEventListener('abort', onAbort);
    }
  } catch (e) {
    if (own?.isTransactionActive) await own.rollbackTransaction().catch(() => undefined);
    if ((e as { code?: string }).code === QUERY_CANCELED) throw budget.signal?.aborted ? clientGone() : timedOut();
    throw e;
  } finally {
    await cancelling;
    if (own) await own.release();
  }
}

function timedOut() {
  const e = HTTP_ERRORS.error('QUERY_TIMEOUT');
  e.retryAfter = 60;
  return e;
}

// Nobody reads this answer; it only ends the handler (and is logged as a 4xx, not as a server fault).
function clientGone() {
  return HTTP_ERRORS.error('CLIENT_CLOSED_REQUEST');
}

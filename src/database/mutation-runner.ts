import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import type { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { COMMON_ERRORS } from '../common/errors/common.errors';
import { invalidField } from '../common/errors/validation';
import { canonicalHash } from '../common/json/canonical-json';
import { AuditInput, AuditService } from '../modules/audit/audit.service';
import { isTransient } from './pg-errors';

export const IDEMPOTENCY_KEY_MAX = 200;
/** How often a transaction is run in all when PostgreSQL answers 40001 (serialisation failure) or 40P01 (deadlock). */
export const MAX_ATTEMPTS = 4;

/** An audit event of a mutation; `actor` defaults to the actor the mutation runs for. */
export type AuditEvent = Omit<AuditInput, 'actor'> & { actor?: AuthUser | null };

// The audit of a one-statement mutation: its event was appended by its own statement (runStatement).
const APPENDED_BY_STATEMENT = Symbol('appended by the statement');

/** What the work of a mutation hands back: the answer, and the audit event(s) appended last, just before commit. */
export interface Mutation<T> {
  body: T;
  audit: AuditEvent | AuditEvent[] | typeof APPENDED_BY_STATEMENT;
}

/**
 * A mutation that is one SQL statement (see MutationRunner.runStatement): `sql` does the work and gives one row with
 * `body` (the answer, jsonb) and its event's entity_id, region_code, before, after (jsonb) and reason.
 */
export interface OneStatement<T> {
  sql: string;
  params: unknown[];
  action: string;
  entity: string;
  /** The answer from the row's body. */
  answer: (body: unknown) => T;
  /** The refusal (a 4xx) a failed statement means, if it is one; anything else is thrown as it is. */
  refusal?: (e: unknown) => AppError | undefined;
}

export interface Answer<T> {
  body: T;
  /** true when this is the stored first answer to an earlier request with the same Idempotency-Key */
  replayed: boolean;
}

export interface RunOptions {
  /** Run at most once per (region of the actor, key): the same key and request again replay the first answer. */
  idempotency?: { key: string; route: string; payload: unknown };
  /** READ COMMITTED unless the work needs more; a stricter level is retried on 40001 like a deadlock. */
  isolation?: IsolationLevel;
  /**
   * Join a transaction the caller already holds (a bulk import, a seed) instead of opening one: the work and its
   * audit run inside it, and a retry is the caller's, who owns the transaction.
   */
  manager?: EntityManager;
}

type Outcome<T> = { kind: 'done'; body: T; replayed: boolean } | { kind: 'refused'; error: AppError };

// Business refusals are part of the first answer and are replayed; anything else (400, 404, 5xx) is not stored,
// so the client may correct the request or retry it with the same key.
const STORED_REFUSALS = new Set([409, 422]);

/**
 * Every write goes through here. The service says what changes (`work` gets the transaction's EntityManager and
 * answers `{ body, audit }`); the runner makes it durable: one transaction, the Idempotency-Key claimed first,
 * the work, the audit event(s) appended last (through AuditService.record, holding the chain lock only until
 * commit), commit; a serialisation failure or deadlock runs the whole transaction again, at most MAX_ATTEMPTS times.
 *
 * The key row is inserted FIRST in the transaction: a concurrent request with the same key blocks on that insert
 * until the first commits, then finds the row and replays its answer (or, on rollback, takes over). Keys belong
 * to the actor's region (its kelurahan for a lurah or bendahara), so two users of one kelurahan sending the same
 * key with the same request book once; a user without a region has a scope of its own.
 */
@Injectable()
export class MutationRunner {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run<T>(actor: AuthUser | null, work: (m: EntityManager) => Promise<Mutation<T>>, options: RunOptions = {}): Promise<Answer<T>> {
    const idem = options.idempotency;
    if (idem) {
      assertKey(idem.key);
      if (!actor) throw new Error('an Idempotency-Key needs an actor to scope it');
      if (options.manager) throw new Error('an idempotent mutation owns its transaction; it cannot join another');
    }
    if (options.manager) {
      if (!options.manager.queryRunner?.isTransactionActive) throw new Error('MutationRunner: options.manager holds no transaction');
      const done = await this.apply(options.manager, actor, work);
      return { body: done, replayed: false };
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const tx = (m: EntityManager) =>
          idem ? this.idempotent(m, actor!, idem, work) : this.apply(m, actor, work).then((body): Outcome<T> => ({ kind: 'done', body, replayed: false }));
        // READ COMMITTED is the server's default: asking for it again would cost a SET TRANSACTION round trip per write.
        const outcome = await (options.isolation && options.isolation !== 'READ COMMITTED' ? this.db.transaction(options.isolation, tx) : this.db.transaction(tx));
        if (outcome.kind === 'refused') throw outcome.error;
        return { body: outcome.body, replayed: outcome.replayed };
      } catch (e) {
        if (!isTransient(e) || attempt >= MAX_ATTEMPTS) throw e;
        // A little jitter, so the transactions that collided do not collide again in step.
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * A mutation that is one statement, with its audit event appended in that statement (AuditService.appendingStatement):
   * without an Idempotency-Key or a caller's transaction the statement is its own transaction (one round trip; the
   * chain head stays locked only while it commits), retried like any other on 40001 or 40P01; otherwise it runs as
   * the work of `run`, inside the transaction and after the key is claimed.
   */
  async runStatement<T>(actor: AuthUser | null, statement: OneStatement<T>, options: RunOptions = {}): Promise<Answer<T>> {
    const { sql, params } = this.audit.appendingStatement(statement.sql, statement.params, { actor, action: statement.action, entity: statement.entity });
    const once = async (query: (sql: string, params: unknown[]) => Promise<Array<{ body: unknown }>>): Promise<T> => {
      let rows: Array<{ body: unknown }>;
      try {
        rows = await query(sql, params);
      } catch (e) {
        throw statement.refusal?.(e) ?? e;
      }
      if (rows.length !== 1) throw new Error(`${statement.action}: the statement gave ${rows.length} rows, not one`);
      return statement.answer(rows[0].body);
    };
    if (options.idempotency || options.manager) {
      return this.run(actor, async (m) => ({ body: await once((q, p) => m.query(q, p)), audit: APPENDED_BY_STATEMENT }), options);
    }
    if (options.isolation && options.isolation !== 'READ COMMITTED') throw new Error('a one-statement mutation runs under READ COMMITTED');
    for (let attempt = 1; ; attempt++) {
      try {
        return { body: await once((q, p) => this.prepared(q, p)), replayed: false };
      } catch (e) {
        if (!isTransient(e) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
      }
    }
  }

  // A named prepared statement on the pooled connection: the server parses and plans the statement once per connection.
  private async prepared(sql: string, params: unknown[]): Promise<Array<{ body: unknown }>> {
    const name = `mutation_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    const qr = this.db.createQueryRunner();
    try {
      const client = (await qr.connect()) as { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Array<{ body: unknown }> }> };
      return (await client.query({ name, text: sql, values: params })).rows;
    } catch (e) {
      // As TypeORM reports a failed query, so SQLSTATEs read the same (pgCode, isTransient).
      throw e instanceof Error && 'code' in e ? new QueryFailedError(sql, params, e) : e;
    } finally {
      await qr.release();
    }
  }

  private async apply<T>(m: EntityManager, actor: AuthUser | null, work: (m: EntityManager) => Promise<Mutation<T>>): Promise<T> {
    const done = await work(m);
    if (done.audit === APPENDED_BY_STATEMENT) return done.body;
    const events = Array.isArray(done.audit) ? done.audit : [done.audit];
    for (const event of events) await this.audit.record(m, { ...event, actor: event.actor === undefined ? actor : event.actor });
    return done.body;
  }

  private async idempotent<T>(
    m: EntityManager,
    actor: AuthUser,
    idem: NonNullable<RunOptions['idempotency']>,
    work: (m: EntityManager) => Promise<Mutation<T>>,
  ): Promise<Outcome<T>> {
    const scope = idempotencyScope(actor);
    const hash = canonicalHash(idem.payload, idem.route);
    const claimed: unknown[] = await m.query(
      `INSERT INTO idempotency_key (scope, key, user_id, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, 0, 'null'::jsonb) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, idem.key, actor.id, hash],
    );
    if (!claimed.length) return this.replay<T>(m, scope, idem.key, hash);

    // The work runs under a savepoint so that a refusal can be undone while the key row keeps the answer.
    await m.query('SAVEPOINT idempotent_work');
    try {
      const body = await this.apply(m, actor, async (tx) => {
        const done = await work(tx);
        await this.store(m, scope, idem.key, 201, done.body);
        return done;
      });
      return { kind: 'done', body, replayed: false };
    } catch (e) {
      if (!(e instanceof AppError) || !STORED_REFUSALS.has(e.status)) throw e;
      await m.query('ROLLBACK TO SAVEPOINT idempotent_work');
      await this.store(m, scope, idem.key, e.status, { statusCode: e.status, code: e.code, message: e.message, details: e.details });
      return { kind: 'refused', error: e };
    }
  }

  private async replay<T>(m: EntityManager, scope: string, key: string, hash: string): Promise<Outcome<T>> {
    const [prior]: Array<{ request_hash: string; response_status: number; response_body: unknown }> = await m.query(
      'SELECT request_hash, response_status, response_body FROM idempotency_key WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (prior.request_hash !== hash) {
      throw COMMON_ERRORS.error('IDEMPOTENCY_KEY_REUSED').with([
        { field: 'Idempotency-Key', message: 'kunci sudah dipakai dengan isi permintaan yang berbeda' },
      ]);
    }
    if (prior.response_status >= 200 && prior.response_status < 300) {
      return { kind: 'done', body: prior.response_body as T, replayed: true };
    }
    const b = prior.response_body as { code: string; message: string; details: [] };
    return { kind: 'refused', error: new AppError(prior.response_status, b.code, b.message, b.details) };
  }

  private async store(m: EntityManager, scope: string, key: string, status: number, body: unknown): Promise<void> {
    await m.query('UPDATE idempotency_key SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2', [
      scope,
      key,
      status,
      JSON.stringify(body),
    ]);
  }
}

/** Whose keys these are: the actor's region, or the actor alone when it has none. */
export function idempotencyScope(actor: AuthUser): string {
  return actor.regionCode ?? `user:${actor.id}`;
}

function assertKey(key: string): void {
  if (key.length >= 1 && key.length <= IDEMPOTENCY_KEY_MAX) return;
  const message = `Idempotency-Key harus 1 sampai ${IDEMPOTENCY_KEY_MAX} karakter`;
  throw invalidField('Idempotency-Key', message);
}

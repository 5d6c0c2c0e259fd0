import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError, badRequest, unprocessable } from '../../common/errors/app-error';
import { AuditInput, AuditService } from '../audit/audit.service';
import { requestHash } from './canonical-json';

export const IDEMPOTENCY_KEY_MAX = 200;

/** What a booking hands back: the answer, and the audit event to append as the last statement before commit. */
export interface Booked<T> {
  body: T;
  audit: AuditInput;
}

export interface Answer<T> {
  body: T;
  /** true when this is the stored first answer to an earlier request with the same key */
  replayed: boolean;
}

type Outcome<T> = { kind: 'done'; body: T; replayed: boolean } | { kind: 'refused'; error: AppError };

// Business refusals are part of the first answer and are replayed; anything else (400, 404, 5xx) is not stored,
// so the client may correct the request or retry it with the same key.
const STORED_REFUSALS = new Set([409, 422]);

/**
 * Runs a mutation in one transaction, at most once per (user, Idempotency-Key).
 * The key row is inserted FIRST in the same transaction: a concurrent request with the same key blocks on that
 * insert until the first commits, then finds the row and replays its answer (or, on rollback, takes over).
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run<T extends object>(
    user: AuthUser,
    key: string | undefined,
    route: string,
    payload: unknown,
    work: (m: EntityManager) => Promise<Booked<T>>,
  ): Promise<Answer<T>> {
    if (key !== undefined) assertKey(key);
    const outcome: Outcome<T> = await this.db.transaction(async (m) => {
      if (key === undefined) {
        const done = await work(m);
        await this.audit.record(m, done.audit);
        return { kind: 'done', body: done.body, replayed: false };
      }
      const hash = requestHash(route, payload);
      const claimed: unknown[] = await m.query(
        `INSERT INTO idempotency_key (user_id, key, request_hash, response_status, response_body)
         VALUES ($1, $2, $3, 0, 'null'::jsonb) ON CONFLICT (user_id, key) DO NOTHING RETURNING user_id`,
        [user.id, key, hash],
      );
      if (!claimed.length) return this.replay<T>(m, user, key, hash);

      // The work runs under a savepoint so that a refusal can be undone while the key row keeps the answer.
      await m.query('SAVEPOINT idempotent_work');
      try {
        const done = await work(m);
        await this.store(m, user, key, 201, done.body);
        await this.audit.record(m, done.audit);
        return { kind: 'done', body: done.body, replayed: false };
      } catch (e) {
        if (!(e instanceof AppError) || !STORED_REFUSALS.has(e.status)) throw e;
        await m.query('ROLLBACK TO SAVEPOINT idempotent_work');
        await this.store(m, user, key, e.status, { statusCode: e.status, code: e.code, message: e.message, details: e.details });
        return { kind: 'refused', error: e };
      }
    });
    if (outcome.kind === 'refused') throw outcome.error;
    return { body: outcome.body, replayed: outcome.replayed };
  }

  private async replay<T>(m: EntityManager, user: AuthUser, key: string, hash: string): Promise<Outcome<T>> {
    const [prior]: Array<{ request_hash: string; response_status: number; response_body: unknown }> = await m.query(
      'SELECT request_hash, response_status, response_body FROM idempotency_key WHERE user_id = $1 AND key = $2',
      [user.id, key],
    );
    if (prior.request_hash !== hash) {
      throw unprocessable(
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key ini sudah dipakai untuk permintaan lain; gunakan kunci baru untuk transaksi baru',
        [{ field: 'Idempotency-Key', message: 'kunci sudah dipakai dengan isi permintaan yang berbeda' }],
      );
    }
    if (prior.response_status >= 200 && prior.response_status < 300) {
      return { kind: 'done', body: prior.response_body as T, replayed: true };
    }
    const b = prior.response_body as { code: string; message: string; details: [] };
    return { kind: 'refused', error: new AppError(prior.response_status, b.code, b.message, b.details) };
  }

  private async store(m: EntityManager, user: AuthUser, key: string, status: number, body: unknown): Promise<void> {
    await m.query(
      'UPDATE idempotency_key SET response_status = $3, response_body = $4::jsonb WHERE user_id = $1 AND key = $2',
      [user.id, key, status, JSON.stringify(body)],
    );
  }
}

function assertKey(key: string): void {
  if (key.length >= 1 && key.length <= IDEMPOTENCY_KEY_MAX) return;
  const message = `Idempotency-Key harus 1 sampai ${IDEMPOTENCY_KEY_MAX} karakter`;
  throw badRequest('VALIDATION_FAILED', `Data tidak valid: Idempotency-Key`, [{ field: 'Idempotency-Key', message }]);
}

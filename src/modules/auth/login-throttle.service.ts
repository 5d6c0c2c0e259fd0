import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppError } from '../../common/errors/app-error';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { AppConfig } from '../../config/app-config';

// A client address is trusted for a username once that user has logged in from it this recently.
const KNOWN_CLIENT_DAYS = 30;

export interface LoginAttempt {
  id: string;
}

/**
 * Login limits kept in PostgreSQL, so they hold across instances and restarts. Attempts are counted as failures until
 * they succeed, and a check and its count are serialised per username and per address, so a burst cannot overshoot.
 * - per username (the normalised form): LOGIN_RATE_LIMIT_USERNAME failures in the window lock that username;
 * - per client address: LOGIN_RATE_LIMIT_IP failures in the window lock the address, but not for a user who has
 *   logged in from it before, so colleagues behind one office NAT keep working while someone there guesses.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Records an attempt (a failure until `succeeded`), or refuses it with 429 when a limit is reached. */
  async begin(usernameKey: string, clientIp: string | null): Promise<LoginAttempt> {
    const window = this.config.LOGIN_RATE_WINDOW_SECONDS;
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('login-username'), hashtext($1))`, [usernameKey]);
      if (clientIp) await m.query(`SELECT pg_advisory_xact_lock(hashtext('login-ip'), hashtext($1))`, [clientIp]);
      const [s]: Array<{ user_failures: number; user_retry: number | null; ip_failures: number; ip_retry: number | null; known: boolean }> = await m.query(
        `SELECT count(*) FILTER (WHERE username_key = $1)::int AS user_failures,
                ceil(extract(epoch FROM min(at) FILTER (WHERE username_key = $1) + make_interval(secs => $3) - now()))::int AS user_retry,
                count(*) FILTER (WHERE client_ip = $2)::int AS ip_failures,
                ceil(extract(epoch FROM min(at) FILTER (WHERE client_ip = $2) + make_interval(secs => $3) - now()))::int AS ip_retry,
                EXISTS (SELECT 1 FROM login_attempt k WHERE k.username_key = $1 AND k.client_ip = $2 AND k.succeeded
                          AND k.at > now() - make_interval(days => $4)) AS known
           FROM login_attempt
          WHERE NOT succeeded AND at > now() - make_interval(secs => $3) AND (username_key = $1 OR client_ip = $2)`,
        [usernameKey, clientIp, window, KNOWN_CLIENT_DAYS],
      );
      if (s.user_failures >= this.config.LOGIN_RATE_LIMIT_USERNAME) throw tooMany(s.user_retry ?? window);
      if (clientIp && !s.known && s.ip_failures >= this.config.LOGIN_RATE_LIMIT_IP) throw tooMany(s.ip_retry ?? window);
      const [row]: Array<{ id: string }> = await m.query(
        `INSERT INTO login_attempt (username_key, client_ip) VALUES ($1, $2) RETURNING id`,
        [usernameKey, clientIp],
      );
      // Old attempts are of no further use; a cheap, occasional sweep keeps the table small.
      if (Math.random() < 0.01) {
        await m.query(`DELETE FROM login_attempt WHERE at < now() - make_interval(days => $1)`, [KNOWN_CLIENT_DAYS]);
      }
      return { id: String(row.id) };
    });
  }

  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.db.query(`UPDATE login_attempt SET succeeded = true WHERE id = $1`, [attempt.id]);
  }
}

function tooMany(retryAfterSeconds: number): AppError {
  const err = COMMON_ERRORS.error('TOO_MANY_REQUESTS');
  err.retryAfter = Math.max(1, retryAfterSeconds);
  return err;
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { UsersService } from '../users/users.service';

export interface WebSession {
  user: AuthUser;
  csrfToken: string;
}

/** What a session cookie turned out to be: valid, expired by idling or age (worth telling the person), or nothing. */
export type SessionLookup = { state: 'valid'; session: WebSession } | { state: 'expired' } | { state: 'none' };

const hashToken = (token: string) => createHash('sha256').update(token).digest();
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side browser sessions (table web_session). The cookie holds a random 256-bit token; the table keeps its
 * SHA-256, so a leaked table cannot be replayed. A session ends when it is revoked (logout), idles longer than
 * SESSION_IDLE_MINUTES, outlives SESSION_MAX_HOURS, or its user is deactivated. The user is read through the users
 * module, which owns app_user.
 */
@Injectable()
export class SessionService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    // Deactivating a user ends its browser sessions in the same transaction.
    this.users.onDeactivate((m, userId) => this.revokeAllForUser(userId, m));
  }

  get idleMs(): number {
    return this.config.SESSION_IDLE_MINUTES * 60_000;
  }

  get maxAgeMs(): number {
    return this.config.SESSION_MAX_HOURS * 3_600_000;
  }

  /** Starts a session for a user who has just proven who they are; returns the cookie token and its CSRF token. */
  async create(userId: string, tokenEpoch: number, userAgent?: string): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    // The user's sessions that can never be used again go now, so the table holds only live ones and a day of history.
    await this.db.query(
      `DELETE FROM web_session WHERE user_id = $1
         AND (expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day' OR last_seen_at < now() - interval '1 day')`,
      [userId],
    );
    await this.db.query(
      `INSERT INTO web_session (token_hash, user_id, csrf_token, expires_at, user_agent, token_epoch)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)`,
      [hashToken(token), userId, csrfToken, this.maxAgeMs / 1000, userAgent?.slice(0, 300) ?? null, tokenEpoch],
    );
    return { token, csrfToken };
  }

  async lookup(token: string | undefined): Promise<SessionLookup> {
    if (!token || !TOKEN_RE.test(token)) return { state: 'none' };
    const rows: Array<{ user_id: string; csrf_token: string; token_epoch: number; ended: boolean; stale_touch: boolean }> = await this.db.query(
      `SELECT user_id, csrf_token, token_epoch,
              (revoked_at IS NOT NULL OR last_seen_at < now() - make_interval(secs => $2) OR expires_at < now()) AS ended,
              last_seen_at < now() - make_interval(secs => $3) AS stale_touch
         FROM web_session WHERE token_hash = $1`,
      [hashToken(token), this.idleMs / 1000, TOUCH_EVERY_MS / 1000],
    );
    const r = rows[0];
    if (!r) return { state: 'none' };
    // A cookie still sent for a session that ended (idle, too old, ended by deactivation or elsewhere), or of a user
    // no longer active: the person had a session and it is over.
    if (r.ended) return { state: 'expired' };
    // The same check as a bearer token's: an active user whose token epoch has not moved on since the sign-in.
    const user = await this.users.activeIdentity(r.user_id, r.token_epoch);
    if (!user) return { state: 'expired' };
    if (r.stale_touch) {
      await this.db.query(`UPDATE web_session SET last_seen_at = now() WHERE token_hash = $1`, [hashToken(token)]);
    }
    return { state: 'valid', session: { csrfToken: r.csrf_token, user } };
  }

  async revoke(token: string | undefined): Promise<void> {
    if (!token || !TOKEN_RE.test(token)) return;
    await this.db.query(`UPDATE web_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
  }

  /** Ends every open session of a user (deactivation, password change). */
  async revokeAllForUser(userId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`UPDATE web_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }

  /** Constant-time comparison of a submitted CSRF token with the session's. */
  static csrfMatches(expected: string, given: unknown): boolean {
    if (typeof given !== 'string' || given.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }
}

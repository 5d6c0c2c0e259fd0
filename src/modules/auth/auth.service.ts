import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import type { AuthUser } from '../../common/auth/auth-user';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { AppConfig } from '../../config/app-config';
import { MutationRunner } from '../../database/mutation-runner';
import type { User } from '../users/user.entity';
import { toUserDto } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import type { LoginResponseDto } from './auth.dto';
import { AUTH_ERRORS } from './auth.errors';
import { LoginThrottleService } from './login-throttle.service';
import { normaliseUsername } from './username';

// Verifying against a throw-away hash when the user is unknown keeps the timing of both refusals alike.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= argon2.hash('tidak-ada-pengguna-ini', { type: argon2.argon2id }));

const invalidCredentials = () => AUTH_ERRORS.error('INVALID_CREDENTIALS');
const sessionOver = () => COMMON_ERRORS.error('UNAUTHORIZED');

export interface TokenClaims {
  sub?: unknown;
  exp?: unknown;
  /** the user's token epoch when the token was issued; tokens from before epochs existed count as 0 */
  ep?: unknown;
}

/** Login (the API's and the web app's), logout, password change, and the one check of a token or session. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottleService,
    private readonly mutations: MutationRunner,
  ) {}

  /** `client.ip` is the caller's address as Fastify sees it (TRUST_PROXY decides whether X-Forwarded-For counts). */
  async login(username: string, password: string, client: { ip?: string | null } = {}): Promise<LoginResponseDto> {
    const { user, epoch } = await this.authenticate(username, password, client);
    return this.issue(user, epoch);
  }

  /** The credential check behind every sign-in (API token or browser session), throttled the same way. */
  async authenticate(username: string, password: string, client: { ip?: string | null } = {}): Promise<{ user: User; epoch: number }> {
    const key = normaliseUsername(username);
    const attempt = await this.throttle.begin(key, client.ip ?? null);
    const user = await this.findWithHash(key);
    const ok = await argon2.verify(user?.passwordHash ?? (await getDummyHash()), password).catch(() => false);
    if (!user || !ok || !user.active) throw invalidCredentials();
    await this.throttle.succeeded(attempt);
    return { user, epoch: user.tokenEpoch };
  }

  /** Ends every token and browser session of the caller. */
  async logout(actor: AuthUser): Promise<void> {
    await this.mutations.run(actor, async (m) => {
      await this.users.endSessions(m, actor.id);
      return { body: null, audit: { action: 'auth.logout', entity: 'user', entityId: actor.id, regionCode: actor.regionCode } };
    });
  }

  /** Checks the current password (throttled like a login), stores the new one, ends every other session. */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string, client: { ip?: string | null } = {}): Promise<LoginResponseDto> {
    const attempt = await this.throttle.begin(normaliseUsername(actor.username), client.ip ?? null);
    const user = await this.findWithHash(normaliseUsername(actor.username));
    if (!user || user.id !== actor.id || !user.active) throw sessionOver();
    if (!(await argon2.verify(user.passwordHash, currentPassword).catch(() => false))) {
      throw AUTH_ERRORS.error('PASSWORD_INCORRECT').with([{ field: 'currentPassword', message: 'kata sandi saat ini salah' }]);
    }
    await this.throttle.succeeded(attempt);
    if (currentPassword === newPassword) {
      throw COMMON_ERRORS.error('VALIDATION_FAILED', ['kata sandi baru']).with([
        { field: 'newPassword', constraint: 'notSame', message: 'kata sandi baru harus berbeda dengan kata sandi saat ini' },
      ]);
    }
    const hash = await argon2.hash(newPassword, { type: argon2.argon2id });
    const { body: epoch } = await this.mutations.run(actor, async (m) => ({
      body: await this.users.replacePassword(m, actor.id, hash),
      audit: { action: 'user.change_password', entity: 'user', entityId: actor.id, regionCode: actor.regionCode },
    }));
    return this.issue(user, epoch);
  }

  /**
   * The caller behind a user id and the token epoch its token or browser session was issued in; null once the
   * user logged out, changed the password, or was deactivated (even if reactivated since).
   */
  resolveSession(userId: string, epoch: number): Promise<AuthUser | null> {
    return this.users.activeIdentity(userId, epoch);
  }

  /** A bearer token checked completely: signature, an expiry it must carry, and the user's current epoch. */
  async verifyToken(token: string): Promise<AuthUser | null> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token);
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    const epoch = claims.ep === undefined ? 0 : claims.ep;
    if (typeof epoch !== 'number') return null;
    return this.resolveSession(claims.sub, epoch);
  }

  async me(id: string) {
    // The guard has just read this row; if it vanished since, the session is over (401, never a 500).
    const user = await this.users.findActiveRecord(id);
    if (!user) throw sessionOver();
    return toUserDto(user);
  }

  private findWithHash(usernameKey: string): Promise<User | null> {
    return this.users.findForLogin(usernameKey);
  }

  private async issue(user: User, epoch: number): Promise<LoginResponseDto> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, region: user.regionCode, ep: epoch });
    return { accessToken, expiresIn: this.config.JWT_TTL_SECONDS, user: toUserDto(user) };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../../common/errors/app-error';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from './users.dto';
import { UsersService } from './users.service';

/** ADMIN_USERNAME + ADMIN_PASSWORD: create that national admin at start-up when it does not exist yet. */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async ensureAdmin(): Promise<boolean> {
    const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = this.config;
    if (!username || !password) return false;
    // Checked here so a bad value stops start-up with a clear message instead of a constraint violation.
    if (!USERNAME_PATTERN.test(username)) throw new Error('ADMIN_USERNAME harus 3–64 karakter: huruf, angka, titik, garis bawah atau tanda hubung');
    if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`ADMIN_PASSWORD harus minimal ${MIN_PASSWORD_LENGTH} karakter`);
    // Every restart lands here: skip the deliberately slow hash when the admin is already there.
    if (await this.users.usernameExists(username)) return false;
    try {
      // The same path as POST /api/users, as the system itself, under its own audit action.
      await this.users.create(null, { username, password, fullName: 'Administrator', role: 'admin', regionCode: null }, 'user.bootstrap_admin');
    } catch (e) {
      // Another instance starting at the same moment created it first.
      if (e instanceof AppError && e.code === 'USERNAME_TAKEN') return false;
      throw e;
    }
    this.logger.log(`Admin nasional ${username} dibuat`);
    return true;
  }
}

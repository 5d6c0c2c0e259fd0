import { Injectable, Logger } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from './users.dto';

/** ADMIN_USERNAME + ADMIN_PASSWORD: create that national admin at start-up when it does not exist yet. */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async ensureAdmin(): Promise<boolean> {
    const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = this.config;
    if (!username || !password) return false;
    // Checked here so a bad value stops start-up with a clear message instead of a constraint violation.
    if (!USERNAME_PATTERN.test(username)) throw new Error('ADMIN_USERNAME harus 3–64 karakter: huruf, angka, titik, garis bawah atau tanda hubung');
    if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`ADMIN_PASSWORD harus minimal ${MIN_PASSWORD_LENGTH} karakter`);
    // Every restart lands here: skip the deliberately slow hash when the admin is already there.
    const existing: unknown[] = await this.db.query('SELECT 1 FROM app_user WHERE lower(username) = lower($1)', [username]);
    if (existing.length) return false;
    const hash = await argon2.hash(password, { type: argon2.argon2id });
    return this.db.transaction(async (m) => {
      const rows: Array<{ id: string }> = await m.query(
        `INSERT INTO app_user (username, password_hash, full_name, role, region_code)
         SELECT $1, $2, 'Administrator', 'admin', NULL
         WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE lower(username) = lower($1))
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [username, hash],
      );
      if (!rows.length) return false;
      await this.audit.record(m, {
        actor: null,
        action: 'user.bootstrap_admin',
        entity: 'user',
        entityId: rows[0].id,
        after: { username, role: 'admin', regionCode: null },
      });
      this.logger.log(`Admin nasional ${username} dibuat`);
      return true;
    });
  }
}

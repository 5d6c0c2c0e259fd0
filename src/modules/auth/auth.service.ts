import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { AppConfig } from '../../config/app-config';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { toUserDto } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import type { LoginResponseDto } from './auth.dto';
import { AUTH_ERRORS } from './auth.errors';

// Verifying against a throw-away hash when the user is unknown keeps the timing of both refusals alike.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= argon2.hash('tidak-ada-pengguna-ini', { type: argon2.argon2id }));

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findForLogin(username);
    const ok = await argon2.verify(user?.passwordHash ?? (await getDummyHash()), password).catch(() => false);
    if (!user || !ok || !user.active) throw AUTH_ERRORS.error('INVALID_CREDENTIALS');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, region: user.regionCode });
    return { accessToken, expiresIn: this.config.JWT_TTL_SECONDS, user: toUserDto(user) };
  }

  async me(id: string) {
    // The guard has just read this user; if it vanished since, the session is over (401, never a 500).
    const user = await this.users.findActiveRecord(id);
    if (!user) throw COMMON_ERRORS.error('UNAUTHORIZED');
    return toUserDto(user);
  }
}

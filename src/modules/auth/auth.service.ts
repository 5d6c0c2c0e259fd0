import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../../common/errors/app-error';
import { User } from '../users/user.entity';
import { toUserDto } from '../users/user.mapper';
import type { LoginResponseDto } from './auth.dto';

// Verifying against a throw-away hash when the user is unknown keeps the timing of both refusals alike.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= argon2.hash('tidak-ada-pengguna-ini', { type: argon2.argon2id }));

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResponseDto> {
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
    const ok = await argon2.verify(user?.passwordHash ?? (await getDummyHash()), password).catch(() => false);
    if (!user || !ok || !user.active) {
      throw new AppError(401, 'INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah');
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, region: user.regionCode });
    return { accessToken, expiresIn: this.config.JWT_TTL_SECONDS, user: toUserDto(user) };
  }

  async me(id: string) {
    // The guard has just read this row; if it vanished since, the session is over (401, never a 500).
    const user = await this.db.getRepository(User).findOneBy({ id, active: true });
    if (!user) throw new AppError(401, 'UNAUTHORIZED', 'Sesi tidak valid atau sudah berakhir; silakan masuk kembali');
    return toUserDto(user);
  }
}

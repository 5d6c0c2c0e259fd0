import { KeyObject, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '../../config/app-config';
import { DEFAULT_DATA_DIR } from '../../common/paths';

/** JWT_SECRET when given; otherwise (never in production) a secret generated once and kept in the data folder. */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.NODE_ENV === 'test') return randomBytes(32).toString('hex');
  const file = path.join(config.DATA_DIR ?? DEFAULT_DATA_DIR, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('hex');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The HS256 key for signing and verifying, the same KeyObject every time (JwtModule's secretOrKeyProvider). */
export function secretKeyProvider(key: KeyObject): () => KeyObject {
  if (key.type !== 'secret') throw new Error('JWT key must be a secret key');
  return () => key;
}

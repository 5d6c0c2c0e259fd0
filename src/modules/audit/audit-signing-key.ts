import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_DATA_DIR } from '../../common/paths';
import type { AppConfig } from '../../config/app-config';
import { keyIdOf } from './audit-checkpoint';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

function fromPem(pem: string, where: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem.includes('-----BEGIN') ? pem.replace(/\\n/g, '\n') : Buffer.from(pem, 'base64').toString('utf8'));
  } catch (e) {
    throw new Error(`Kunci penanda tangan checkpoint (${where}) tidak dapat dibaca: ${(e as Error).message}`, { cause: e });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`Kunci penanda tangan checkpoint (${where}) harus Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

const generatePem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * AUDIT_SIGNING_KEY (PEM, or base64 of it), else AUDIT_SIGNING_KEY_FILE, else a key generated once and kept in the
 * data folder (the embedded default); tests without either get a fresh key per app.
 */
export function resolveSigningKey(config: AppConfig): SigningKey {
  if (config.AUDIT_SIGNING_KEY) return fromPem(config.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY');
  if (config.AUDIT_SIGNING_KEY_FILE) return fromPem(fs.readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8'), config.AUDIT_SIGNING_KEY_FILE);
  if (config.NODE_ENV === 'test') return fromPem(generatePem(), 'uji');
  const file = path.join(config.DATA_DIR ?? DEFAULT_DATA_DIR, 'audit-signing-key.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      // 'wx': of two processes starting at once, one writes the key and both use it.
      fs.writeFileSync(file, generatePem(), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return fromPem(fs.readFileSync(file, 'utf8'), file);
}

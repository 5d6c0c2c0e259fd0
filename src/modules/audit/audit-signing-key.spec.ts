import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateConfig } from '../../config/app-config';
import { resolveSigningKey } from './audit-signing-key';

describe('the checkpoint signing key', () => {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-key-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('comes from AUDIT_SIGNING_KEY as PEM, as PEM with \\n escapes, or as base64 of the PEM', () => {
    const ids = [pem, pem.replace(/\n/g, '\\n'), Buffer.from(pem).toString('base64')].map(
      (AUDIT_SIGNING_KEY) => resolveSigningKey(validateConfig({ AUDIT_SIGNING_KEY })).keyId,
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('comes from AUDIT_SIGNING_KEY_FILE', () => {
    const file = path.join(dir, 'key.pem');
    fs.writeFileSync(file, pem);
    expect(resolveSigningKey(validateConfig({ AUDIT_SIGNING_KEY_FILE: file })).keyId).toBe(resolveSigningKey(validateConfig({ AUDIT_SIGNING_KEY: pem })).keyId);
  });

  it('is generated once into DATA_DIR otherwise, and the same key is read back', () => {
    const first = resolveSigningKey(validateConfig({ DATA_DIR: dir }));
    expect(fs.statSync(path.join(dir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(resolveSigningKey(validateConfig({ DATA_DIR: dir })).keyId).toBe(first.keyId);
  });

  it('refuses a key that is not Ed25519, naming where it came from', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => resolveSigningKey(validateConfig({ AUDIT_SIGNING_KEY: rsa }))).toThrow(/AUDIT_SIGNING_KEY.*Ed25519/);
    expect(() => resolveSigningKey(validateConfig({ AUDIT_SIGNING_KEY: 'bukan kunci' }))).toThrow(/AUDIT_SIGNING_KEY/);
  });
});

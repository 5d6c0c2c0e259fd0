import { generateKeyPairSync } from 'node:crypto';
import { checkpointBody, checkpointHash, checkpointProblem, keyIdOf, parseCheckpoints, parsePublicKey, signCheckpoint } from './audit-checkpoint';
import { canonicalJson, GENESIS_HASH } from './audit-hash';

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  const trusted = new Map([[keyId, publicKey]]);
  const base = {
    seq: 1, signedAt: '2026-12-01T10:00:00.000Z', events: 7, prevHash: GENESIS_HASH, keyId,
    partitions: { nasional: { events: 2, head: 'b'.repeat(64) }, '35.73': { events: 5, head: 'a'.repeat(64) } },
  };

  it('signs the canonical body, whatever the key order, and names the key by a 16-hex id', () => {
    const c = signCheckpoint(base, privateKey);
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(checkpointBody(base)).toBe(canonicalJson({ version: 1, ...base }));
    expect(c.hash).toBe(checkpointHash(checkpointBody({ ...base, partitions: { '35.73': base.partitions['35.73'], nasional: base.partitions.nasional } })));
    expect(checkpointProblem(c, trusted)).toBeNull();
  });

  it('tells a changed body, an unknown key and a forged signature apart', () => {
    const c = signCheckpoint(base, privateKey);
    expect(checkpointProblem({ ...c, events: 8 }, trusted)).toBe('CHECKPOINT_HASH_MISMATCH');
    expect(checkpointProblem(c, new Map())).toBe('CHECKPOINT_KEY_UNKNOWN');
    const forged = signCheckpoint(base, generateKeyPairSync('ed25519').privateKey);
    expect(checkpointProblem(forged, trusted)).toBe('CHECKPOINT_SIGNATURE_INVALID');
    expect(checkpointProblem({ ...c, signature: 'bukan-base64' }, trusted)).toBe('CHECKPOINT_SIGNATURE_INVALID');
  });

  it('reads the public key as PEM or as the JSON of GET /api/audit/public-key, and refuses another algorithm', () => {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(keyIdOf(parsePublicKey(pem))).toBe(keyId);
    expect(keyIdOf(parsePublicKey(JSON.stringify({ algorithm: 'Ed25519', keyId, publicKeyPem: pem })))).toBe(keyId);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parsePublicKey(rsa)).toThrow(/Ed25519/);
  });

  it('reads an export ({items}), an array or one checkpoint, and refuses anything else', () => {
    const c = signCheckpoint(base, privateKey);
    expect(parseCheckpoints(JSON.stringify({ items: [c], publicKey: {} }))).toEqual([c]);
    expect(parseCheckpoints(JSON.stringify([c, c]))).toHaveLength(2);
    expect(parseCheckpoints(JSON.stringify(c))).toEqual([c]);
    expect(() => parseCheckpoints('{"seq": 1}')).toThrow(/berkas checkpoint/);
  });
});

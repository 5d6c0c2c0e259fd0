import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './audit-hash';

/** One partition's state in a checkpoint: how many events its chain holds and the hash of the newest. */
export interface PartitionHead {
  events: number;
  head: string;
}

/** A signed checkpoint as stored, listed and exported (GET /api/audit/checkpoints), and as an auditor keeps it. */
export interface SignedCheckpoint {
  seq: number;
  signedAt: string;
  events: number;
  partitions: Record<string, PartitionHead>;
  prevHash: string;
  keyId: string;
  hash: string;
  signature: string;
}

export const CHECKPOINT_VERSION = 1;

/** The exact bytes that are hashed and signed: canonical JSON of everything but the hash and the signature. */
export function checkpointBody(c: Omit<SignedCheckpoint, 'hash' | 'signature'>): string {
  return canonicalJson({
    version: CHECKPOINT_VERSION,
    seq: c.seq,
    signedAt: c.signedAt,
    events: c.events,
    partitions: c.partitions,
    prevHash: c.prevHash,
    keyId: c.keyId,
  });
}

export const checkpointHash = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

/** The key id printed beside a public key: the first 16 hex digits of the SHA-256 of its SPKI DER form. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signCheckpoint(c: Omit<SignedCheckpoint, 'hash' | 'signature'>, privateKey: KeyObject): SignedCheckpoint {
  const body = checkpointBody(c);
  return { ...c, hash: checkpointHash(body), signature: sign(null, Buffer.from(body, 'utf8'), privateKey).toString('base64') };
}

export type CheckpointProblem = 'CHECKPOINT_HASH_MISMATCH' | 'CHECKPOINT_KEY_UNKNOWN' | 'CHECKPOINT_SIGNATURE_INVALID';

/** Whether a checkpoint is what its key signed; null when it is. */
export function checkpointProblem(c: SignedCheckpoint, trusted: Map<string, KeyObject>): CheckpointProblem | null {
  const body = checkpointBody(c);
  if (checkpointHash(body) !== c.hash) return 'CHECKPOINT_HASH_MISMATCH';
  const key = trusted.get(c.keyId);
  if (!key) return 'CHECKPOINT_KEY_UNKNOWN';
  let ok: boolean;
  try {
    ok = verify(null, Buffer.from(body, 'utf8'), key, Buffer.from(c.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? null : 'CHECKPOINT_SIGNATURE_INVALID';
}

/** A public key from PEM text, or from the JSON answer of GET /api/audit/public-key. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  const pem = trimmed.startsWith('{') ? (JSON.parse(trimmed) as { publicKeyPem?: string }).publicKeyPem : trimmed;
  if (!pem) throw new Error('publicKeyPem tidak ditemukan');
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`kunci publik harus Ed25519, bukan ${key.asymmetricKeyType}`);
  return key;
}

/** Checkpoints from an export: GET /api/audit/checkpoints ({items}), an array, or one checkpoint. */
export function parseCheckpoints(text: string): SignedCheckpoint[] {
  const v = JSON.parse(text) as unknown;
  const list = Array.isArray(v) ? v : v && typeof v === 'object' && Array.isArray((v as { items?: unknown }).items) ? (v as { items: unknown[] }).items : [v];
  return list.map((x) => {
    const c = x as SignedCheckpoint;
    if (typeof c?.seq !== 'number' || typeof c.hash !== 'string' || typeof c.signature !== 'string' || typeof c.partitions !== 'object') {
      throw new Error('berkas checkpoint tidak dikenal: setiap checkpoint perlu seq, partitions, hash dan signature');
    }
    return c;
  });
}

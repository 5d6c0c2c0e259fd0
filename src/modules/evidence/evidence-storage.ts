import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** Where evidence bytes live, addressed by content: a key is written once and never changed or removed. */
export interface EvidenceStorage {
  readonly kind: 'folder' | 's3';
  /** Writes the bytes under `key` unless that key already exists (same content address, same bytes). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
}

export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;
function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`);
}

/** `sha256/ab/cd/abcd…` for the file, `thumb/ab/abcd….jpg` for its thumbnail. */
export const contentKey = (sha256: string) => `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
export const thumbnailKey = (sha256: string) => `thumb/${sha256.slice(0, 2)}/${sha256}.jpg`;

/** A folder on local disk (default: DATA_DIR/evidence). Writes go to a temporary name first, then are renamed. */
export class FolderEvidenceStorage implements EvidenceStorage {
  readonly kind = 'folder' as const;
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    assertKey(key);
    const file = path.join(this.root, key);
    try {
      await fs.access(file);
      return;
    } catch {
      // not there yet
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, bytes, { flag: 'wx' });
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Buffer> {
    assertKey(key);
    return fs.readFile(path.join(this.root, key));
  }
}

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  prefix?: string;
}

/** Any S3-compatible store (AWS S3, MinIO, …). */
export class S3EvidenceStorage implements EvidenceStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    });
  }

  private key(key: string): string {
    assertKey(key);
    return `${this.settings.prefix ?? ''}${key}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const Key = this.key(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key }));
      return;
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw e;
    }
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(key) }));
    if (!out.Body) throw new Error(`empty object ${key}`);
    return Buffer.from(await out.Body.transformToByteArray());
  }

  destroy(): void {
    this.client.destroy();
  }
}

import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Where the app keeps files addressed by content (evidence, issued documents): a folder on disk by default, or any
 * S3-compatible bucket. A key is written once and never changed or removed, so a put of an existing key is a no-op.
 * Keys are relative paths of [a-z0-9/._-].
 */
export interface ObjectStorage {
  readonly kind: 'folder' | 's3';
  /** Writes the bytes under `key` unless that key already exists (same content address, same bytes). */
  put(key: string, bytes: Buffer, contentType?: string): Promise<void>;
  /** The bytes under `key`; throws when there are none. */
  get(key: string): Promise<Buffer>;
  /** The bytes under `key`, or null when there are none. */
  find(key: string): Promise<Buffer | null>;
}

const KEY = /^[a-z0-9][a-z0-9/._-]{0,200}$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.includes('..') || key.includes('//')) throw new RangeError(`bad storage key ${key}`);
}

/** A folder on local disk (or a volume the app instances share). Writes go to a temporary name first, then are renamed. */
export class FolderStorage implements ObjectStorage {
  readonly kind = 'folder' as const;
  constructor(private readonly root: string) {}

  private file(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    try {
      await fs.access(file);
      return;
    } catch {
      // not there yet
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed into place, so a reader never sees half a file.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, bytes, { flag: 'wx' });
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Buffer> {
    return fs.readFile(this.file(key));
  }

  async find(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Put before every key, e.g. 'dana-kelurahan/' when the bucket is shared. */
  prefix?: string;
}

const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Any S3-compatible store (AWS S3, MinIO, …). */
export class S3Storage implements ObjectStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    });
  }

  private key(key: string): string {
    assertStorageKey(key);
    return `${this.settings.prefix ?? ''}${key}`;
  }

  async put(key: string, bytes: Buffer, contentType = 'application/octet-stream'): Promise<void> {
    const Key = this.key(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key }));
      return;
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(key) }));
    if (!out.Body) throw new Error(`empty object ${key}`);
    return Buffer.from(await out.Body.transformToByteArray());
  }

  async find(key: string): Promise<Buffer | null> {
    try {
      return await this.get(key);
    } catch (e) {
      if (statusOf(e) === 404 || (e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** Which store, from the configuration: a folder (the default) or an S3-compatible bucket. */
export type StorageChoice = { kind: 'folder'; root: string } | ({ kind: 's3' } & S3Settings);

export function createObjectStorage(choice: StorageChoice): ObjectStorage {
  return choice.kind === 's3' ? new S3Storage(choice) : new FolderStorage(choice.root);
}

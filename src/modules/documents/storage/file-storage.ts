import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Where issued files live: one port, a folder by default. Keys are relative paths of [a-z0-9/._-]; a key is
 * written once and never changed (files are named by their SHA-256), so a put of an existing key is a no-op.
 * TODO(#12): fold into the evidence storage port (modules/evidence) once it lands, with its S3-compatible adapter.
 */
export interface FileStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  /** null when absent. */
  get(key: string): Promise<Buffer | null>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

const KEY = /^[a-z0-9][a-z0-9/._-]{0,199}$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.includes('..') || key.includes('//')) throw new RangeError(`bad storage key ${key}`);
}

/** A folder on the local disk (or a mounted volume shared by the app instances). */
export class FolderStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed into place, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, bytes, { flag: 'wx' });
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}

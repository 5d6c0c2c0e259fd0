import type { ObjectStorage } from '../../common/storage/object-storage';

// Evidence bytes live in the app's one storage port (common/storage): a folder or an S3-compatible bucket.
export { FolderStorage as FolderEvidenceStorage, S3Storage as S3EvidenceStorage, type S3Settings } from '../../common/storage/object-storage';

/** Where evidence bytes live, addressed by content: a key is written once and never changed or removed. */
export type EvidenceStorage = ObjectStorage;

export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

/** `sha256/ab/cd/abcd…` for the file, `thumb/ab/abcd….jpg` for its thumbnail. */
export const contentKey = (sha256: string) => `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
export const thumbnailKey = (sha256: string) => `thumb/${sha256.slice(0, 2)}/${sha256}.jpg`;

import type { ObjectStorage } from '../../../common/storage/object-storage';

/**
 * Where issued files live: the app's one storage port (common/storage), a folder by default or an S3-compatible
 * bucket (DOCUMENT_STORAGE). Files are named by their SHA-256, written once and never changed.
 */
export type FileStorage = ObjectStorage;

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export { assertStorageKey, FolderStorage } from '../../../common/storage/object-storage';

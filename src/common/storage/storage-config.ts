import * as path from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { DEFAULT_DATA_DIR } from '../paths';
import { createObjectStorage, type ObjectStorage, type S3Settings } from './object-storage';

// One S3 connection setting for the app (EVIDENCE_S3_*); issued documents may use a bucket of their own.
function s3Settings(config: AppConfig, bucket: string): S3Settings {
  return {
    endpoint: config.EVIDENCE_S3_ENDPOINT,
    region: config.EVIDENCE_S3_REGION,
    bucket,
    accessKeyId: config.EVIDENCE_S3_ACCESS_KEY_ID,
    secretAccessKey: config.EVIDENCE_S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.EVIDENCE_S3_FORCE_PATH_STYLE,
  };
}

/** EVIDENCE_STORAGE: DATA_DIR/evidence, or the EVIDENCE_S3_BUCKET. */
export function evidenceObjectStorage(config: AppConfig): ObjectStorage {
  if (config.EVIDENCE_STORAGE === 's3') return createObjectStorage({ kind: 's3', ...s3Settings(config, config.EVIDENCE_S3_BUCKET!) });
  return createObjectStorage({ kind: 'folder', root: path.join(config.DATA_DIR ?? DEFAULT_DATA_DIR, 'evidence') });
}

/** DOCUMENT_STORAGE: DOCUMENT_STORAGE_DIR (default DATA_DIR/documents), or DOCUMENT_S3_BUCKET (default EVIDENCE_S3_BUCKET). */
export function documentObjectStorage(config: AppConfig): ObjectStorage {
  if (config.DOCUMENT_STORAGE === 's3') {
    return createObjectStorage({ kind: 's3', ...s3Settings(config, (config.DOCUMENT_S3_BUCKET || config.EVIDENCE_S3_BUCKET)!) });
  }
  return createObjectStorage({ kind: 'folder', root: config.DOCUMENT_STORAGE_DIR ?? path.join(config.DATA_DIR ?? DEFAULT_DATA_DIR, 'documents') });
}

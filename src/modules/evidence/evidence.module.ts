import { Module } from '@nestjs/common';
import * as path from 'node:path';
import { DEFAULT_DATA_DIR } from '../../common/paths';
import { AppConfig } from '../../config/app-config';
import { SpendingModule } from '../spending/spending.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceCoverageQuery } from './evidence-coverage.query';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_STORAGE, FolderEvidenceStorage, S3EvidenceStorage, type EvidenceStorage } from './evidence-storage';

/** The configured store: a folder under DATA_DIR by default, or an S3-compatible bucket. */
export function evidenceStorageFor(config: AppConfig): EvidenceStorage {
  if (config.EVIDENCE_STORAGE === 's3') {
    return new S3EvidenceStorage({
      endpoint: config.EVIDENCE_S3_ENDPOINT,
      region: config.EVIDENCE_S3_REGION,
      bucket: config.EVIDENCE_S3_BUCKET!,
      accessKeyId: config.EVIDENCE_S3_ACCESS_KEY_ID,
      secretAccessKey: config.EVIDENCE_S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.EVIDENCE_S3_FORCE_PATH_STYLE,
    });
  }
  return new FolderEvidenceStorage(path.join(config.DATA_DIR ?? DEFAULT_DATA_DIR, 'evidence'));
}

@Module({
  imports: [SpendingModule],
  controllers: [EvidenceController],
  providers: [EvidenceService, EvidenceCoverageQuery, { provide: EVIDENCE_STORAGE, useFactory: evidenceStorageFor, inject: [AppConfig] }],
  exports: [EvidenceService],
})
export class EvidenceModule {}

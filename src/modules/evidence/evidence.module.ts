import { Module } from '@nestjs/common';
import { evidenceObjectStorage } from '../../common/storage/storage-config';
import { AppConfig } from '../../config/app-config';
import { SpendingModule } from '../spending/spending.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceCoverageQuery } from './evidence-coverage.query';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage';

/** The configured store: a folder under DATA_DIR by default, or an S3-compatible bucket (common/storage). */
export function evidenceStorageFor(config: AppConfig): EvidenceStorage {
  return evidenceObjectStorage(config);
}

@Module({
  imports: [SpendingModule],
  controllers: [EvidenceController],
  providers: [EvidenceService, EvidenceCoverageQuery, { provide: EVIDENCE_STORAGE, useFactory: evidenceStorageFor, inject: [AppConfig] }],
  exports: [EvidenceService],
})
export class EvidenceModule {}

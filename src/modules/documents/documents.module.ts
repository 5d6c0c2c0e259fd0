import { Global, Module } from '@nestjs/common';
import * as path from 'node:path';
import { DEFAULT_DATA_DIR } from '../../common/paths';
import { AppConfig } from '../../config/app-config';
import { DocumentIssuanceService } from './document-issuance.service';
import { DocumentRepository } from './document.repository';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { PublicDocumentsController } from './public-documents.controller';
import { PublicDocumentsThrottlerGuard } from './public-throttler.guard';
import { NoSigner, PDF_SIGNER } from './signing/pdf-signer';
import { FILE_STORAGE, FolderStorage } from './storage/file-storage';
import { VerificationLinkRoute } from './verification-link';

// Global like the audit module: every module that serves a PDF registers it here.
@Global()
@Module({
  controllers: [DocumentsController, PublicDocumentsController],
  providers: [
    DocumentsService,
    DocumentRepository,
    DocumentIssuanceService,
    PublicDocumentsThrottlerGuard,
    VerificationLinkRoute,
    {
      provide: FILE_STORAGE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new FolderStorage(config.DOCUMENT_STORAGE_DIR ?? path.join(config.DATA_DIR ?? DEFAULT_DATA_DIR, 'documents')),
    },
    { provide: PDF_SIGNER, useFactory: () => new NoSigner() },
  ],
  exports: [DocumentsService, DocumentIssuanceService, FILE_STORAGE, PDF_SIGNER],
})
export class DocumentsModule {}

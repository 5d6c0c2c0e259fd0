import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { documentObjectStorage } from '../../common/storage/storage-config';
import { AppConfig } from '../../config/app-config';
import { DocumentIssuanceService } from './document-issuance.service';
import { DocumentRepository } from './document.repository';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { PublicDocumentsController } from './public-documents.controller';
import { PublicDocumentsThrottlerGuard } from './public-throttler.guard';
import * as fs from 'node:fs';
import { NoSigner, PDF_SIGNER, type PdfSigner } from './signing/pdf-signer';
import { Pkcs12Signer } from './signing/pkcs12-signer';
import { FILE_STORAGE } from './storage/file-storage';

// Global like the audit module: every module that serves a PDF registers it here.
@Global()
@Module({
  // The store behind the public verification limit; the guard sets its own window and limit from the config.
  imports: [ThrottlerModule.forRoot([{ name: 'public-documents', ttl: 60_000, limit: 30 }])],
  controllers: [DocumentsController, PublicDocumentsController],
  providers: [
    DocumentsService,
    DocumentRepository,
    DocumentIssuanceService,
    PublicDocumentsThrottlerGuard,
    {
      provide: FILE_STORAGE,
      inject: [AppConfig],
      // DOCUMENT_STORAGE: a folder (default) or an S3-compatible bucket, the same port as evidence files.
      useFactory: (config: AppConfig) => documentObjectStorage(config),
    },
    {
      // SIGN_PKCS12_PATH set: every issued PDF is signed (PAdES); otherwise issued as drawn.
      provide: PDF_SIGNER,
      inject: [AppConfig],
      useFactory: (config: AppConfig): PdfSigner =>
        config.SIGN_PKCS12_PATH
          ? new Pkcs12Signer(fs.readFileSync(config.SIGN_PKCS12_PATH), config.SIGN_PKCS12_PASSWORD ?? '')
          : new NoSigner(),
    },
  ],
  exports: [DocumentsService, DocumentIssuanceService, FILE_STORAGE, PDF_SIGNER, PublicDocumentsThrottlerGuard],
})
export class DocumentsModule {}

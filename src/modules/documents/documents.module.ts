import { Global, Module } from '@nestjs/common';
import { DocumentRepository } from './document.repository';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

// Global like the audit module: every module that serves a PDF registers it here.
@Global()
@Module({ controllers: [DocumentsController], providers: [DocumentsService, DocumentRepository], exports: [DocumentsService] })
export class DocumentsModule {}

import { Global, Module } from '@nestjs/common';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditTrailService, AuditCheckpointService],
  exports: [AuditService, AuditCheckpointService, AuditTrailService],
})
export class AuditModule {}

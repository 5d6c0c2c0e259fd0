import { Module } from '@nestjs/common';
import { BooksModule } from '../books/books.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { FlagsRiskController } from './flags-risk.controller';
import { FlagsRiskService } from './flags-risk.service';
import { FlagsModule } from './flags.module';

/** The risk ranking (GET /api/flags/risk): early warning joined with evidence and month closes. */
@Module({
  imports: [FlagsModule, BooksModule, EvidenceModule],
  controllers: [FlagsRiskController],
  providers: [FlagsRiskService],
  exports: [FlagsRiskService],
})
export class FlagsRiskModule {}

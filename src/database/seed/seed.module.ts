import { Module } from '@nestjs/common';
import { DemoSeedService } from './demo-seed.service';
import { UsersModule } from '../../modules/users/users.module';
import { EvidenceModule } from '../../modules/evidence/evidence.module';

@Module({ imports: [UsersModule, EvidenceModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class SeedModule {}

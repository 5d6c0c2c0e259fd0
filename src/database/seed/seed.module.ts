import { Module } from '@nestjs/common';
import { DemoSeedService } from './demo-seed.service';
import { UsersModule } from '../../modules/users/users.module';

@Module({ imports: [UsersModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class SeedModule {}

import { Global, Module } from '@nestjs/common';
import { RegionScopeService } from './region-scope.service';
import { RegionsController } from './regions.controller';
import { RegionsService } from './regions.service';

@Global()
@Module({
  controllers: [RegionsController],
  providers: [RegionsService, RegionScopeService],
  exports: [RegionsService, RegionScopeService],
})
export class RegionsModule {}

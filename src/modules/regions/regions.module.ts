import { Global, Module } from '@nestjs/common';
import { RegionDirectoryService } from './region-directory.service';
import { RegionScopeService } from './region-scope.service';
import { RegionsController } from './regions.controller';
import { RegionsService } from './regions.service';

@Global()
@Module({
  controllers: [RegionsController],
  providers: [RegionsService, RegionScopeService, RegionDirectoryService],
  exports: [RegionsService, RegionScopeService, RegionDirectoryService],
})
export class RegionsModule {}

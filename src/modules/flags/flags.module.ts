import { Module } from '@nestjs/common';
import { FlagsDetectionQuery } from './flags-detection.query';
import { FlagsController } from './flags.controller';
import { FlagsService } from './flags.service';
import { StandardPricesService } from './standard-prices.service';

/** Early warning. Exports StandardPricesService (the submit-time ceiling check plans calls) and FlagsService. */
@Module({
  controllers: [FlagsController],
  providers: [FlagsService, FlagsDetectionQuery, StandardPricesService],
  exports: [FlagsService, StandardPricesService],
})
export class FlagsModule {}

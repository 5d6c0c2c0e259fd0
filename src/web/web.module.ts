import { Module } from '@nestjs/common';
import { AuthPageController } from './auth/auth.page.controller';
import { HomePageController } from './home/home.page.controller';
import { PageGuard } from './page.guard';
import { RegionNames } from './region-names';

/** The web app: server-rendered pages over the modules' services. It owns no tables. */
@Module({
  controllers: [AuthPageController, HomePageController],
  providers: [PageGuard, RegionNames],
  exports: [RegionNames],
})
export class WebModule {}

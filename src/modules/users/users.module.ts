import { Module } from '@nestjs/common';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [AdminBootstrapService, UsersService],
  exports: [AdminBootstrapService, UsersService],
})
export class UsersModule {}

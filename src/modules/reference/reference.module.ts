import { Module } from '@nestjs/common';
import { ErrorsController } from '../../openapi/errors.controller';
import { ReferenceController } from './reference.controller';

@Module({ controllers: [ReferenceController, ErrorsController] })
export class ReferenceModule {}

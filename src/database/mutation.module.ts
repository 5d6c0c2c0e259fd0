import { Global, Module } from '@nestjs/common';
import { MutationRunner } from './mutation-runner';

/** The mutation runner, for every module that writes. */
@Global()
@Module({ providers: [MutationRunner], exports: [MutationRunner] })
export class MutationModule {}

import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { CurrentUser } from '../../src/common/auth/current-user.decorator';
import { loadConfig } from '../../src/config/app-config';
import { configureApp } from '../../src/configure-app';

class BareInsertDto {
  @Matches(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/)
  kelurahanCode: string;

  @IsInt()
  amount: number;
}

/**
 * The baseline of the spending benchmark, on the same stack as POST /api/spending (Fastify, the global auth guard
 * re-reading the user, the validation pipe, the app's pool and role): one bare INSERT, no transaction, no checks,
 * no audit. It exists only in this bench server, never in the app or its OpenAPI document.
 */
@ApiExcludeController()
@Controller('bench')
class BareInsertController {
  constructor(private readonly db: DataSource) {}

  @Post('bare-insert')
  @HttpCode(201)
  async insert(@Body() dto: BareInsertDto, @CurrentUser() user: AuthUser): Promise<{ ok: true }> {
    await this.db.query('INSERT INTO bench_bare (kelurahan_code, amount, created_by) VALUES ($1, $2, $3)', [dto.kelurahanCode, dto.amount, user.id]);
    return { ok: true };
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  @Module({ imports: [AppModule.forRoot(config)], controllers: [BareInsertController] })
  class BenchAppModule {}
  const app = await NestFactory.create<NestFastifyApplication>(BenchAppModule, new FastifyAdapter(), { logger: false });
  await configureApp(app);
  await app.listen(config.PORT, '127.0.0.1');
  console.log('bench server listening');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

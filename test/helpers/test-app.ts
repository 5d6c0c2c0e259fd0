import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { validateConfig } from '../../src/config/app-config';
import { createHttpAdapter } from '../../src/common/http/http-adapter';
import { configureApp } from '../../src/configure-app';
import { createTestDatabase, TestDatabase } from './test-db';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => TestAgent;
  db: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real AppModule on a database of the suite's own, served through Fastify as in production. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = validateConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATABASE_URL: database.url, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter({ trustProxy: config.TRUST_PROXY }), { logger: false });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    db: app.get(DataSource),
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

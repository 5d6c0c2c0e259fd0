import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { validateConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { configureApp } from '../../src/configure-app';
import { createTestDatabase, TestDatabase } from './test-db';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => TestAgent;
  /** The app's own connection: the restricted role dana_app, as in production. */
  db: DataSource;
  /** The database owner (what the migrations run as): for tests that tamper as an operator could. */
  owner: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real AppModule on a database of the suite's own, served through Fastify as in production. */
export async function createTestApp(
  env: Record<string, string> = {},
  // Another app on the same database (a restart, a second instance): pass the first one's, and keep it on close.
  opts: { database?: TestDatabase; keepDatabase?: boolean } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase());
  const appPassword = process.env.TEST_PG_APP_PASSWORD ? { DATABASE_APP_PASSWORD: process.env.TEST_PG_APP_PASSWORD } : {};
  // Issued documents go to a folder of the suite's own, removed with it.
  const documents = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-documents-'));
  const config = validateConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url, DOCUMENT_STORAGE_DIR: documents, ...appPassword, ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const owner = new DataSource(dataSourceOptions(database.url, { extra: { max: 2 } }));
  await owner.initialize();
  return {
    app,
    http: () => request(server),
    db: app.get(DataSource),
    owner,
    database,
    close: async () => {
      await app.close();
      await owner.destroy();
      if (!opts.keepDatabase) await database.drop();
      fs.rmSync(documents, { recursive: true, force: true });
    },
  };
}

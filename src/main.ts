import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { DEFAULT_DATA_DIR } from './common/paths';
import { loadConfig } from './config/app-config';
import { createHttpAdapter } from './common/http/http-adapter';
import { configureApp } from './configure-app';
import { embeddedAppPassword, migrateAsOwner, setAppRolePassword } from './database/database-roles';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { DemoSeedService } from './database/seed/demo-seed.service';
import { AuditCheckpointService } from './modules/audit/audit-checkpoint.service';
import { AdminBootstrapService } from './modules/users/admin-bootstrap.service';

import { EMBEDDED_PORT } from './database/embedded-port';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) {
    const dataDir = config.DATA_DIR ?? DEFAULT_DATA_DIR;
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: EMBEDDED_PORT, database: 'kelurahan' });
    config.DATABASE_URL = embedded.url;
    console.log(`PostgreSQL tertanam berjalan (data di ${path.join(dataDir, 'pg')}, port ${EMBEDDED_PORT})`);
    // The migrations create the app role; the embedded server's superuser gives it a password kept in the data folder.
    if (!config.DATABASE_APP_URL) {
      await migrateAsOwner(embedded.url);
      config.DATABASE_APP_PASSWORD ??= embeddedAppPassword(dataDir);
      await setAppRolePassword(embedded.url, config.DATABASE_APP_PASSWORD);
    }
  }
  // The demo is on by default only for the embedded database.
  const seedDemo = config.SEED_DEMO ?? embedded !== undefined;

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createHttpAdapter({ trustProxy: config.TRUST_PROXY }), {
    bufferLogs: true,
  });
  await configureApp(app);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: menghentikan layanan…`);
    await app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  // Our own handlers (not enableShutdownHooks, whose handler exits first): close the app, then stop the database.
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.get(AdminBootstrapService).ensureAdmin();
  const seed = seedDemo ? await app.get(DemoSeedService).run() : { seeded: false, logins: [] };

  await app.listen(config.PORT, config.HOST);
  const url = `http://localhost:${config.PORT}`;
  console.log(`\nDana Kelurahan berjalan di ${url}  (API: ${url}/api, dokumentasi: ${url}/api/docs)`);
  const key = app.get(AuditCheckpointService).publicKey();
  console.log(`Kunci publik checkpoint audit (Ed25519, id ${key.keyId}; juga di ${url}/api/audit/public-key):\n${key.publicKeyPem.trim()}`);
  if (seed.seeded) {
    console.log('\nData demo Kota Malang dibuat. Akun demo:');
    for (const l of seed.logins) {
      console.log(`  ${l.role.padEnd(10)} ${l.username.padEnd(24)} ${l.password.padEnd(28)} ${(l.regionCode ?? 'nasional').padEnd(14)} ${l.fullName}`);
    }
  }
}

bootstrap().catch((err) => {
  console.error('Gagal menjalankan layanan:', err instanceof Error ? err.message : err);
  process.exit(1);
});

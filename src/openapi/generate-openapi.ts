import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { PROJECT_ROOT } from '../common/paths';
import { createHttpAdapter } from '../common/http/http-adapter';
import { validateConfig } from '../config/app-config';
import { setApiPrefix } from '../web/web-setup';
import { createOpenApiDocument, documentText } from './openapi-document';

export const OPENAPI_FILE = path.join(PROJECT_ROOT, 'openapi.json');

/**
 * The document built from the code alone: the app module in preview mode (no provider is instantiated, so no
 * database is opened and nothing listens), routes under the same prefix the server uses.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const config = validateConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://openapi@127.0.0.1:1/unused', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createHttpAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    setApiPrefix(app);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

async function main(args: string[]): Promise<void> {
  const text = documentText(await buildOpenApiDocument());
  if (args[0] === '--check') {
    // Regenerate beside the committed file and compare: an API change must arrive with its contract change.
    const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
    if (committed === text) {
      console.log('openapi.json sesuai dengan kode');
      return;
    }
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json');
    fs.writeFileSync(tmp, text);
    try {
      execFileSync('diff', ['-u', OPENAPI_FILE, tmp], { stdio: 'inherit' });
    } catch {
      // diff exits 1 when the files differ; its output is the point.
    }
    console.error('\nopenapi.json tidak sesuai dengan kode: jalankan `npm run openapi` dan commit openapi.json');
    process.exitCode = 1;
    return;
  }
  const out = path.resolve(args[0] ?? OPENAPI_FILE);
  fs.writeFileSync(out, text);
  console.log(`ditulis: ${path.relative(process.cwd(), out)}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

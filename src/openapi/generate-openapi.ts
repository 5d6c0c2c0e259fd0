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
import { WEB_ERRORS } from '../web/web.errors';
import { errorEntries } from './error-entries';
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

/** What the document still lacks (also failed by test/openapi/openapi-document.spec.ts), in words a maintainer acts on. */
export function gaps(doc: OpenAPIObject): string[] {
  const out: string[] = [];
  const used = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, { summary?: string; description?: string; responses?: Record<string, { 'x-error-codes'?: string[] }> }]>) {
      if (!op?.responses) continue;
      if (!op.summary || !op.description) out.push(`${method.toUpperCase()} ${path}: no summary or description, add @ApiEndpoint({ summary, description, errors })`);
      for (const res of Object.values(op.responses)) for (const c of res['x-error-codes'] ?? []) used.add(c);
    }
  }
  for (const c of ((doc.components?.responses?.DefaultError as { 'x-error-codes'?: string[] } | undefined)?.['x-error-codes'] ?? [])) used.add(c);
  const pageOnly = new Set(Object.keys(WEB_ERRORS.catalogue));
  for (const e of errorEntries()) {
    if (!used.has(e.code) && !pageOnly.has(e.code)) out.push(`${e.code} (${e.status}) is listed under no operation: add it to the errors of the endpoints that answer it`);
    if (e.parameterised && e.message === e.code) out.push(`${e.code}: its message names values; add sample values to SAMPLE_ARGS in src/openapi/error-entries.ts`);
  }
  return out;
}

async function main(args: string[]): Promise<void> {
  const doc = await buildOpenApiDocument();
  const text = documentText(doc);
  for (const gap of gaps(doc)) console.warn(`belum lengkap: ${gap}`);
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

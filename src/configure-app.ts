import multipart from '@fastify/multipart';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { ERROR_STATUS } from './error-catalogue';
import { createValidationPipe } from './common/errors/validation';
import { installRequestGuards } from './common/http/request-guards';
import { installRequestLog } from './common/http/request-log';
import { AppConfig } from './config/app-config';
import { createOpenApiDocument } from './openapi/openapi-document';
import { SessionService } from './modules/auth/session.service';
import { RegionNames } from './web/region-names';
import { WebExceptionFilter } from './web/web-exception.filter';
import { setApiPrefix, setupWeb } from './web/web-setup';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Everything main.ts and the e2e tests share: one way to build the HTTP surface. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  await installRequestLog(app);
  setApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  // API requests get the JSON error body, pages an HTML error page.
  app.useGlobalFilters(new WebExceptionFilter(new HttpExceptionFilter(ERROR_STATUS), app.get(SessionService), app.get(RegionNames)));

  // Security headers (a nonce-based CSP for pages), cookies, compression, views and assets of the web app.
  await setupWeb(app);
  await app.register(multipart as never, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  installRequestGuards(app, { corsOrigins: app.get(AppConfig).CORS_ORIGINS });

  // The same document `npm run openapi` writes to openapi.json.
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

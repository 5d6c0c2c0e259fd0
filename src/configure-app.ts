import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { ERROR_STATUS } from './error-catalogue';
import { createValidationPipe } from './common/errors/validation';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Everything main.ts and the e2e tests share: one way to build the HTTP surface. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(ERROR_STATUS));

  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet as never, {
    // Swagger UI needs inline styles and scripts; nothing else is served as HTML.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:', 'validator.swagger.io'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  await app.register(multipart as never, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  fastify.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  const doc = new DocumentBuilder()
    .setTitle('Dana Kelurahan')
    .setDescription('Perencanaan, realisasi dan pertanggungjawaban dana kelurahan')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}

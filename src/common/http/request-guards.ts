import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_ERRORS } from './http.errors';
import { assertCleanStrings, parseJsonBody, REQUEST_LIMITS } from './request-limits';

export const MAX_TEXT_BODY_BYTES = 50 * 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What every request passes before routing reaches a DTO: JSON parsed within the limits of REQUEST_LIMITS, text
 * bodies decoded as strict UTF-8, and query and path strings held to the same text policy as bodies.
 */
export function installRequestGuards(app: NestFastifyApplication, options: { corsOrigins?: string[] } = {}): void {
  const fastify = app.getHttpAdapter().getInstance();

  // A preflight is answered (204) for every route; only the configured origins get the allow headers back.
  app.enableCors({
    origin: options.corsOrigins ?? [],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['X-Document-Number', 'Retry-After', 'Content-Disposition'],
    strictPreflight: false,
    maxAge: 600,
  });

  app.useBodyParser('application/json', { bodyLimit: REQUEST_LIMITS.jsonBodyBytes }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body.toString('utf8')));
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  app.useBodyParser(['text/csv', 'text/plain'], { bodyLimit: MAX_TEXT_BODY_BYTES }, (_req, body, done) => {
    try {
      done(null, strictUtf8.decode(body));
    } catch {
      done(HTTP_ERRORS.error('TEXT_NOT_UTF8').with([
        { field: 'body', message: 'isi berkas bukan UTF-8 yang sah (mis. disimpan sebagai latin1/Windows-1252); simpan ulang sebagai CSV UTF-8' },
      ]), undefined);
    }
  });

  fastify.addHook('preValidation', async (req: FastifyRequest, _reply: FastifyReply) => {
    assertCleanStrings(req.query);
    assertCleanStrings(req.params);
  });
}

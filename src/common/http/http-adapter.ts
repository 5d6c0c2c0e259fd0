import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_ERRORS } from './http.errors';
import { REQUEST_LIMITS } from './request-limits';

// A path segment longer than this is refused (414) before routing; region codes and document numbers are far shorter.
export const MAX_PATH_SEGMENT = 200;

/** Errors the router raises before any handler or Nest filter runs, answered in the contract's shape. */
function frameworkError(error: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const e = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? HTTP_ERRORS.error('URI_TOO_LONG').with([{ message: `satu bagian alamat paling panjang ${MAX_PATH_SEGMENT} karakter` }])
    : HTTP_ERRORS.error('BAD_URL').with([{ message: 'alamat berisi pengodean persen yang rusak' }]);
  const body = { statusCode: e.status, code: e.code, message: e.message, details: e.details };
  void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
}

/** The one Fastify adapter of the app and the tests: body and path limits, proxy trust. */
export function createHttpAdapter(options: { trustProxy?: boolean } = {}): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: options.trustProxy ?? false,
    // Bodies other than JSON (CSV import, PDF upload) set their own larger limit on their parser.
    bodyLimit: REQUEST_LIMITS.jsonBodyBytes,
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    frameworkErrors: frameworkError,
  });
}

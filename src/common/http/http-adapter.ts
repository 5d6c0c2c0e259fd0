import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_LIMITS } from './request-limits';

// A path segment longer than this is refused (414) before routing; region codes and document numbers are far shorter.
export const MAX_PATH_SEGMENT = 200;

/** Errors the router raises before any handler or Nest filter runs, answered in the contract's shape. */
function frameworkError(error: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const body = tooLong
    ? { statusCode: 414, code: 'URI_TOO_LONG', message: 'Alamat terlalu panjang', details: [{ message: `satu bagian alamat paling panjang ${MAX_PATH_SEGMENT} karakter` }] }
    : { statusCode: 400, code: 'BAD_URL', message: 'Alamat tidak sah', details: [{ message: 'alamat berisi pengodean persen yang rusak' }] };
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

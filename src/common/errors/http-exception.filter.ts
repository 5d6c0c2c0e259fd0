import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isTransient } from '../../database/pg-errors';
import { AppError } from './app-error';
import type { ErrorStatus } from './catalogue';
import { COMMON_ERRORS } from './common.errors';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: unknown[];
}

type CommonCode = keyof typeof COMMON_ERRORS.catalogue;

// The framework's own refusals (unknown route, bad JSON, body too large …) by status, answered with a common code.
const FRAMEWORK_CODES: Partial<Record<number, CommonCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'BUSINESS_RULE',
  429: 'TOO_MANY_REQUESTS',
};

const common = (code: CommonCode): [string, string] => {
  const m: unknown = COMMON_ERRORS.catalogue[code].message;
  return [code, typeof m === 'string' ? m : code];
};

/**
 * Turns every error into the contract's body; anything unexpected is logged and answered as a plain 500.
 * The status of a coded refusal comes from the one code → status table (src/error-catalogue.ts).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly statusOf: Readonly<Record<string, ErrorStatus>> = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      const status = this.statusOf[exception.code] ?? exception.status;
      return { statusCode: status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = FRAMEWORK_CODES[status];
      const [code, message] = known ? common(known) : ['HTTP_ERROR', exception.message];
      const response = exception.getResponse();
      const raw = typeof response === 'object' && response ? (response as Record<string, unknown>) : {};
      return {
        statusCode: status,
        code: typeof raw.code === 'string' ? raw.code : code,
        message: status === 404 && typeof raw.message === 'string' && raw.message.startsWith('Cannot') ? 'Alamat tidak ditemukan' : message,
        details: [],
      };
    }
    // Fastify's own errors (bad JSON, wrong content type, body too large) carry a statusCode below 500.
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const [code, message] = common(FRAMEWORK_CODES[fastifyStatus] ?? 'BAD_REQUEST');
      return { statusCode: fastifyStatus, code, message, details: [{ message: (exception as Error).message }] };
    }
    if (isTransient(exception)) {
      // Serialisation failures and deadlocks that outlived the runner's retries: tell the client to retry.
      const [code, message] = common('CONCURRENT_UPDATE');
      return { statusCode: 409, code, message, details: [] };
    }
    const [code, message] = common('INTERNAL_ERROR');
    return { statusCode: 500, code, message, details: [] };
  }
}

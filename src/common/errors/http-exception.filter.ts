import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: unknown[];
}

const STATUS_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Permintaan tidak valid'],
  401: ['UNAUTHORIZED', 'Silakan masuk terlebih dahulu'],
  403: ['FORBIDDEN', 'Peran Anda tidak diizinkan melakukan tindakan ini'],
  404: ['NOT_FOUND', 'Data tidak ditemukan'],
  405: ['METHOD_NOT_ALLOWED', 'Metode tidak diizinkan'],
  409: ['CONFLICT', 'Tindakan tidak sesuai dengan keadaan data saat ini'],
  413: ['PAYLOAD_TOO_LARGE', 'Berkas atau isi permintaan terlalu besar'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Jenis isi permintaan tidak didukung'],
  422: ['BUSINESS_RULE', 'Ditolak oleh aturan anggaran'],
  429: ['TOO_MANY_REQUESTS', 'Terlalu banyak percobaan; coba lagi nanti'],
};

/** Turns every error into the contract's body; anything unexpected is logged and answered as a plain 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && body.code === 'INTERNAL_ERROR') this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (exception instanceof AppError && exception.retryAfter) void reply.header('Retry-After', String(exception.retryAfter));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, message] = STATUS_CODES[status] ?? ['HTTP_ERROR', exception.message];
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
      const [code, message] = STATUS_CODES[fastifyStatus] ?? ['BAD_REQUEST', 'Permintaan tidak valid'];
      return { statusCode: fastifyStatus, code, message, details: [{ message: (exception as Error).message }] };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as unknown as { code?: string }).code;
      // Serialisation failures and deadlocks are transient: tell the client to retry instead of blaming it.
      if (pgCode === '40001' || pgCode === '40P01') {
        return { statusCode: 409, code: 'CONCURRENT_UPDATE', message: 'Data sedang diubah pengguna lain; ulangi permintaan', details: [] };
      }
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Terjadi kesalahan pada server', details: [] };
  }
}

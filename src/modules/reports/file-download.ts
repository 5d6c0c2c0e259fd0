import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** A file a service hands back: bytes, type, name and extra headers; the interceptor below puts it on the wire. */
export class FileDownload {
  constructor(
    readonly body: Buffer,
    readonly contentType: string,
    readonly filename: string,
    readonly headers: Record<string, string> = {},
    /** Shown in the browser (a photo of a receipt) rather than saved. */
    readonly inline = false,
  ) {}
}

/** A report that renders as a job: 202 with where to ask for it (Location and the body's jobUrl). */
export class JobAccepted {
  constructor(
    readonly body: { jobId: string; jobUrl: string; state: string; number?: string | null },
  ) {}
}

// The filename is built from codes and periods only, but quote-escape anyway so a header can never be split.
function disposition(filename: string, inline: boolean): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"`;
}

/** Keeps controllers free of reply handling: a FileDownload becomes headers plus the Buffer (Fastify sends it raw). */
@Injectable()
export class FileDownloadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (result instanceof JobAccepted) {
          const reply = context.switchToHttp().getResponse<FastifyReply>();
          reply.status(202);
          reply.header('Location', result.body.jobUrl);
          reply.header('Cache-Control', 'no-store');
          return result.body;
        }
        if (!(result instanceof FileDownload)) return result;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        reply.header('Content-Type', result.contentType);
        reply.header('Content-Disposition', disposition(result.filename, result.inline));
        reply.header('Content-Length', String(result.body.length));
        reply.header('Cache-Control', 'no-store');
        for (const [k, v] of Object.entries(result.headers)) reply.header(k, v);
        return result.body;
      }),
    );
  }
}

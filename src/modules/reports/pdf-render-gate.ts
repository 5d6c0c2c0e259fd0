import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, Observable, switchMap, finalize } from 'rxjs';
import { RenderGate } from '../../common/http/render-gate';
import { AppConfig } from '../../config/app-config';

/** The app's one gate in front of PDF building (PDF_RENDER_CONCURRENCY at once, the rest queued). */
@Injectable()
export class PdfRenderGate extends RenderGate {
  constructor(config: AppConfig) {
    super({ concurrency: config.PDF_RENDER_CONCURRENCY, maxQueue: config.PDF_RENDER_QUEUE, maxWaitMs: config.PDF_RENDER_WAIT_MS });
  }
}

/** On a PDF route: the handler runs only once the gate lets it in; a client that leaves while queued gives its place up. */
@Injectable()
export class PdfRenderGateInterceptor implements NestInterceptor {
  constructor(private readonly gate: PdfRenderGate) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    let release: (() => void) | undefined;
    let finished = false;
    // The gate's work is "until this request is answered": it resolves when the observable below ends.
    const entered = new Promise<void>((resolve, reject) => {
      this.gate
        .run(
          () =>
            new Promise<void>((done) => {
              release = done;
              if (finished) done();
              else resolve();
            }),
          gone.signal,
        )
        .catch(reject);
    });
    return from(entered).pipe(
      switchMap(() => next.handle()),
      finalize(() => {
        finished = true;
        release?.();
      }),
    );
  }
}

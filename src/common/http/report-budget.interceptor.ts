import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config';
import { runWithBudget } from '../../database/statement-budget';

/**
 * Gives a report or export request its statement budget (REPORT_STATEMENT_TIMEOUT_MS) and an abort signal that
 * fires when the client disconnects before the answer is written; withStatementBudget applies both to the SQL.
 */
@Injectable()
export class ReportBudgetInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const gone = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) gone.abort();
    };
    reply.raw.once('close', onClose);
    const budget = { timeoutMs: this.config.REPORT_STATEMENT_TIMEOUT_MS, signal: gone.signal };
    // Subscribing inside the context is what runs the handler inside it (next.handle() is deferred).
    return new Observable((subscriber) => runWithBudget(budget, () => next.handle().subscribe(subscriber)));
  }
}

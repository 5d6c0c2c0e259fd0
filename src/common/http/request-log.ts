import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import pinoHttp, { type HttpLogger } from 'pino-http';

/** What each request's log line adds: the signed-in user, once the guard has found them. */
const requestProps = (req: IncomingMessage) => ({ user: (req as { user?: { username: string } }).user?.username });

/**
 * One log line per request, for every request (API, pages, assets, 404s), from a Fastify hook. Nest's middleware table
 * ran the logger twice for each API request: the web app's `/` page route, excluded from the API prefix and so added
 * back for the logger, is mounted with use(), which matches every path. Each request's logger is also the context of
 * the app's own logs made while it is handled (PinoLogger.runInContext), as the middleware's was.
 */
export async function installRequestLog(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const context = await app.resolve(PinoLogger);
  // The root logger exists once the app's modules are configured (LoggerModule), after this runs.
  let http: HttpLogger | undefined;
  fastify.addHook('onRequest', (req, reply, done) => {
    http ??= pinoHttp({ logger: PinoLogger.root, customProps: requestProps });
    http(req.raw, reply.raw, () => context.runInContext(done, { bindings: { reqId: req.raw.id } }));
  });
}

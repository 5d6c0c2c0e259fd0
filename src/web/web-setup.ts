import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmetHeaders from 'helmet';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Eta } from 'eta';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../common/paths';
import { AppConfig } from '../config/app-config';
import { webRouteExcludes } from './page.decorators';

/** Templates and the app's own CSS/JS live beside the page controllers; run from src/ or dist/ alike. */
export const WEB_DIR = path.join(PROJECT_ROOT, 'src', 'web');

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Files the pages load, each from its package in node_modules: nothing comes from another origin. */
export const ASSET_ROOTS: Array<{ prefix: string; root: string }> = [
  { prefix: '/assets/bootstrap/', root: path.join(packageDir('bootstrap'), 'dist') },
  { prefix: '/assets/htmx/', root: path.join(packageDir('htmx.org'), 'dist') },
  { prefix: '/assets/app/', root: path.join(WEB_DIR, 'assets') },
  // chart.js exports no package.json; its main file sits in dist/ beside the UMD build the pages load.
  { prefix: '/assets/chartjs/', root: path.dirname(require.resolve('chart.js')) },
];

/**
 * Pages: scripts and styles only from this origin or carrying the response's nonce. The Swagger UI at /api/docs
 * needs inline styles and keeps its own, looser policy.
 */
const PAGE_CSP = {
  directives: {
    defaultSrc: [`'self'`],
    scriptSrc: [`'self'`],
    styleSrc: [`'self'`],
    imgSrc: [`'self'`, 'data:'],
    fontSrc: [`'self'`],
    connectSrc: [`'self'`],
    formAction: [`'self'`],
    frameAncestors: [`'none'`],
    baseUri: [`'self'`],
    objectSrc: [`'none'`],
    // An office intranet may serve plain HTTP: upgrading the page's own assets to HTTPS would break it.
    upgradeInsecureRequests: null,
  },
};
const DOCS_CSP = {
  directives: {
    defaultSrc: [`'self'`],
    styleSrc: [`'self'`, `'unsafe-inline'`],
    imgSrc: [`'self'`, 'data:', 'validator.swagger.io'],
    scriptSrc: [`'self'`, `'unsafe-inline'`],
  },
};

export const API_PREFIX = 'api';

/**
 * The API answers JSON, never a page: it needs no nonce, so its security headers (the page policy without nonces) are
 * built once. The plugin would build helmet's middleware, and draw two nonces, on every request.
 */
const API_HEADERS = helmetHeaders({ contentSecurityPolicy: PAGE_CSP });
function apiSecurityHeaders(req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void {
  API_HEADERS(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
}

/** The global prefix, without the web app's pages. Call after the app module is created (controllers imported). */
export function setApiPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: webRouteExcludes() });
}

/** Registers what the web app needs on Fastify: security headers, cookies, compression, views, static assets. */
export async function setupWeb(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Runs before the plugins below see a route: the API keeps its uncompressed answers, the docs their own CSP.
  fastify.addHook('onRoute', (route) => {
    if (!route.url.startsWith(`/${API_PREFIX}`)) return;
    const r = route as typeof route & { compress?: unknown; decompress?: unknown };
    r.compress = false;
    r.decompress = false;
    if (route.url.startsWith(`/${API_PREFIX}/docs`)) {
      route.config = { ...(route.config as object), helmet: { contentSecurityPolicy: DOCS_CSP, enableCSPNonces: false } } as never;
    } else {
      route.config = { ...(route.config as object), helmet: { skipRoute: true } } as never;
      const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [apiSecurityHeaders as never, ...own];
    }
  });
  await app.register(helmet as never, { contentSecurityPolicy: PAGE_CSP, enableCSPNonces: true });
  await app.register(cookie as never, {});
  await app.register(compress as never, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  const production = app.get(AppConfig).NODE_ENV === 'production';
  await app.register(view as never, {
    engine: { eta: new Eta({ views: WEB_DIR, cache: production, autoEscape: true }) },
    root: WEB_DIR,
    viewExt: 'eta',
    production,
  });
  for (const a of ASSET_ROOTS) {
    await app.register(fastifyStatic as never, { root: a.root, prefix: a.prefix, decorateReply: false, maxAge: '1h', index: false });
  }
}

import { applyDecorators, Controller, RequestMethod, SetMetadata, UseGuards } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/internal';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { PageGuard } from './page.guard';

export const IS_PUBLIC_PAGE = 'web:publicPage';

/** Every page controller class; configure-app keeps their routes out of the `/api` prefix. */
export const WEB_CONTROLLERS = new Set<Function>();

/**
 * A controller of web pages at `/<prefix>` (outside `/api`): signed in through the browser session (not a Bearer
 * token), CSRF-checked on every state-changing request, hidden from the OpenAPI document, errors as HTML pages.
 * Restrict roles with `@Roles(...)` as on the API.
 */
export function PageController(prefix = ''): ClassDecorator {
  const decorate = applyDecorators(Controller(prefix), Public(), ApiExcludeController(), UseGuards(PageGuard));
  return (target) => {
    WEB_CONTROLLERS.add(target);
    decorate(target);
  };
}

/** A page anyone may open without signing in (the login page); its forms are still CSRF-checked. */
export const PublicPage = () => SetMetadata(IS_PUBLIC_PAGE, true);

const join = (...parts: string[]) => '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');

/** The `exclude` list for `setGlobalPrefix('api', …)`: every route of every page controller, exactly. */
export function webRouteExcludes(): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const cls of WEB_CONTROLLERS) {
    const prefixes = [Reflect.getMetadata(PATH_METADATA, cls) ?? ''].flat() as string[];
    const proto = cls.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (paths === undefined || method === undefined) continue;
      for (const prefix of prefixes) for (const p of [paths].flat()) out.push({ path: join(prefix, p), method });
    }
  }
  return out;
}

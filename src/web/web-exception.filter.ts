import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HttpExceptionFilter } from '../common/errors/http-exception.filter';
import { SessionService } from '../modules/auth/session.service';
import { buildContext, isHtmx, PageRequest, render, SESSION_COOKIE } from './page-context';
import { LoginRequired } from './page.guard';
import { RegionNames } from './region-names';

/** The one text of a 404 page: a missing row and a row out of the user's scope must look exactly alike. */
const NOT_FOUND = {
  title: 'Halaman tidak ditemukan',
  message: 'Halaman atau data yang Anda cari tidak ada, atau tidak termasuk wilayah Anda.',
};

const TITLES: Record<number, string> = {
  400: 'Permintaan tidak valid',
  403: 'Akses ditolak',
  409: 'Tindakan tidak dapat dilakukan',
  413: 'Berkas terlalu besar',
  422: 'Ditolak oleh aturan anggaran',
  429: 'Terlalu banyak percobaan',
  500: 'Terjadi kesalahan',
};

/** Requests the API's JSON filter answers; everything else is a browser asking for a page. */
export function isPageUrl(url: string): boolean {
  return !/^\/(api|assets)(\/|$|\?)/.test(url);
}

/**
 * The app's error filter: API requests get the contract's JSON body (HttpExceptionFilter); pages get an HTML page
 * with a way back (404, 403, 500, …), and a page that needs a login sends the browser to /masuk.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly json: HttpExceptionFilter,
    private readonly sessions: SessionService,
    private readonly regionNames: RegionNames,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<PageRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (!isPageUrl(req.url)) return this.json.catch(exception, host);
    void this.page(exception, req, reply).catch((err) => {
      this.logger.error(err instanceof Error ? err.stack : String(err));
      if (!reply.sent) void reply.status(500).header('content-type', 'text/plain; charset=utf-8').send('Terjadi kesalahan pada server');
    });
  }

  private async page(exception: unknown, req: PageRequest, reply: FastifyReply): Promise<void> {
    if (exception instanceof LoginRequired) {
      const back = req.method === 'GET' && req.url !== '/' ? `&lanjut=${encodeURIComponent(req.url)}` : '';
      const url = `/masuk?${exception.expired ? 'sesi=berakhir' : 'perlu=masuk'}${back}`;
      if (exception.expired) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (isHtmx(req)) {
        await reply.status(401).header('hx-redirect', url).send('');
      } else {
        await reply.redirect(url, 303);
      }
      return;
    }
    const body = this.json.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (!req.page) {
      // An unknown URL never went through the page guard: still show who is signed in.
      const found = await this.sessions.lookup(req.cookies?.[SESSION_COOKIE]).catch(() => ({ state: 'none' as const }));
      const user = found.state === 'valid' ? found.session.user : null;
      req.page = buildContext(req, reply, user, user ? await this.regionNames.nameOf(user.regionCode) : null, found.state === 'valid' ? found.session.csrfToken : '');
    }
    const status = body.statusCode;
    const shown =
      status === 404
        ? NOT_FOUND
        : { title: TITLES[status] ?? TITLES[status >= 500 ? 500 : 400], message: status >= 500 ? 'Maaf, terjadi kesalahan pada server. Coba lagi sebentar lagi.' : body.message };
    if (status === 429) {
      const retry = reply.getHeader('retry-after');
      if (retry) reply.header('retry-after', retry);
    }
    await render(req, reply, 'errors/error', { status, ...shown, title: shown.title }, status);
  }
}

import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { LoginDto } from '../../modules/auth/auth.dto';
import { AuthService } from '../../modules/auth/auth.service';
import { SessionService } from '../../modules/auth/session.service';
import { cookieOptions, ensureAnonCsrf } from '../anon-csrf';
import { parseForm } from '../form';
import { ANON_CSRF_COOKIE, PageRequest, redirect, render, SESSION_COOKIE } from '../page-context';
import { PageController, PublicPage } from '../page.decorators';

const LABELS = { username: 'Nama pengguna', password: 'Kata sandi' };

/** Only a path of this app, never another origin (`//evil`, `/\evil`). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && !next.startsWith('/masuk') && !next.startsWith('/keluar') ? next : '/';
}

@PageController()
export class AuthPageController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
  ) {}

  @PublicPage()
  @Get('masuk')
  async form(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, string>): Promise<void> {
    if (req.user) return redirect(req, reply, safeNext(q.lanjut));
    ensureAnonCsrf(req, reply);
    const notice =
      q.sesi === 'berakhir' ? 'Sesi berakhir, silakan masuk lagi.' : q.keluar ? 'Anda sudah keluar.' : q.perlu ? 'Silakan masuk terlebih dahulu.' : null;
    return render(req, reply, 'auth/masuk', { notice, next: safeNext(q.lanjut), values: {}, errors: {} });
  }

  /** The same login as POST /api/auth/login: same credential check, same throttling windows. */
  @PublicPage()
  @Post('masuk')
  async login(@Req() req: PageRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const next = safeNext(body.lanjut);
    delete body.lanjut;
    const values = { username: typeof body.username === 'string' ? body.username : '' };
    const form = await parseForm(LoginDto, body, { labels: LABELS });
    if (!form.ok) return this.again(req, reply, values, next, form.errors, 400);
    let signedIn: { user: { id: string }; epoch: number };
    try {
      signedIn = await this.auth.authenticate(form.value.username, form.value.password, { ip: req.ip });
    } catch (e) {
      // Wrong credentials are said on the form; too many attempts get the 429 page with its Retry-After.
      if (e instanceof AppError && e.status === 401) return this.again(req, reply, values, next, { _form: e.message }, 401);
      throw e;
    }
    const { token } = await this.sessions.create(signedIn.user.id, signedIn.epoch, req.headers['user-agent']);
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(req));
    reply.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
    return redirect(req, reply, next);
  }

  @Get('keluar')
  async confirmLogout(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    return render(req, reply, 'auth/keluar');
  }

  @Post('keluar')
  async logout(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.sessions.revoke(req.cookies?.[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirect(req, reply, '/masuk?keluar=1');
  }

  private async again(req: PageRequest, reply: FastifyReply, values: object, next: string, errors: Record<string, string>, status: number) {
    ensureAnonCsrf(req, reply);
    return render(req, reply, 'auth/masuk', { notice: null, next, values, errors }, status);
  }
}

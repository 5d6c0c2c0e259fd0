import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

export const VERIFY_PATH = '/verifikasi';

/** PUBLIC_URL + /verifikasi/ + the URL-encoded number: what the QR code of every document opens. */
export function verificationUrl(publicUrl: string, number: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${VERIFY_PATH}/${encodeURIComponent(number)}`;
}

/**
 * Until the web app serves the verification page at /verifikasi/:number, that address redirects to the public
 * JSON (GET /api/public/documents/:number, rate-limited there). Registered only when no page has claimed the path,
 * so the page, once it exists, simply takes over. TODO(#13): remove when the verification page lands.
 */
@Injectable()
export class VerificationLinkRoute implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.get || !fastify.hasRoute) return;
    const url = `${VERIFY_PATH}/:number`;
    if (fastify.hasRoute({ method: 'GET', url })) return;
    fastify.get(url, (req, reply) => {
      const number = (req.params as { number: string }).number;
      void reply.redirect(`/api/public/documents/${encodeURIComponent(number)}`, 302);
    });
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** A request whose urlencoded body was kept as received (Slack signs these exact bytes). */
export interface RequestWithRawBody {
  rawBody?: Buffer;
}

/** A urlencoded body as a prototype-less record; the first of repeated fields wins. */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === '__proto__' || Object.hasOwn(out, key)) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Replaces Nest's urlencoded parser with one that also keeps the raw bytes on `request.rawBody`, so that
 * the Slack endpoint can verify the signature over exactly what Slack sent. Runs in `onModuleInit`, i.e.
 * during `app.init()`, after Nest registered its own parsers and before createApp calls `fastify.ready()`.
 */
@Injectable()
export class FormBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return;
    registerFormParser(adapter.getInstance<FastifyInstance>());
  }
}

export function registerFormParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser(FORM_CONTENT_TYPE)) fastify.removeContentTypeParser(FORM_CONTENT_TYPE);
  fastify.addContentTypeParser(FORM_CONTENT_TYPE, { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    (req as RequestWithRawBody).rawBody = raw;
    done(null, parseForm(raw.toString('utf8')));
  });
}

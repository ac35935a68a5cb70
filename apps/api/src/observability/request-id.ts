import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's id may look like to be kept: short, and nothing that could break a log line or a header. */
const SANE = /^[A-Za-z0-9._-]{1,128}$/;

/** Fastify's genReqId: the caller's `X-Request-Id` when sane (a proxy's or a client's), else a new UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID();
}

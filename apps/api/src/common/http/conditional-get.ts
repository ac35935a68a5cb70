import type { FastifyInstance } from 'fastify';
import { ifNoneMatchMatches } from './etag.js';

/**
 * A GET (or HEAD) with an If-None-Match that matches the ETag the answer carries is a 304 without a body
 * (RFC 9110 §13.1.2, §15.4.5), so a client can keep a cached copy and revalidate cheaply. Decided when the
 * answer is sent, so every route that sets an ETag takes part.
 */
export function registerConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return payload;
    const condition = req.headers['if-none-match'];
    const etag = reply.getHeader('etag');
    if (reply.statusCode !== 200 || typeof condition !== 'string' || typeof etag !== 'string') return payload;
    if (!ifNoneMatchMatches(condition, etag)) return payload;
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return null;
  });
}

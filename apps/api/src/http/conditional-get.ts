import type { FastifyInstance } from 'fastify';
import { ifNoneMatchMatches } from './etag.js';

/**
 * A GET (or HEAD) with an If-None-Match that matches the ETag the answer carries is a 304 without a body
 * (RFC 9110 §13.1.2, §15.4.5), so a client can keep a cached copy and revalidate cheaply. Decided when the
 * answer is sent, so every route that sets an ETag takes part.
 */
export function registerConditionalGet(fastify: FastifyInstance): void {
  // Callback style: this runs for every answer, and an async hook would allocate a promise for each.
  fastify.addHook('onSend', (req, reply, payload, done) => {
    const condition = req.headers['if-none-match'];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || typeof condition !== 'string') return done(null, payload);
    const etag = reply.getHeader('etag');
    if (reply.statusCode !== 200 || typeof etag !== 'string' || !ifNoneMatchMatches(condition, etag))
      return done(null, payload);
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    done(null, null);
  });
}

import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers on every response. `helmet(options)` is built once here; @fastify/helmet calls `helmet()` again
 * for every request (re-reading the options and the CSP directives), which was about 10% of the CPU of a request
 * that does nothing else (bench:profile on GET /healthz).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const apply = helmet(options);
  fastify.addHook('onRequest', (req, reply, done) => {
    apply(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
}

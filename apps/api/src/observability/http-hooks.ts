import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';
import { isWarmUp } from '../health/warm-up.js';
import { DATABASE_UNAVAILABLE, type DatabaseMetrics } from './database-metrics.js';
import { enterRequestScope } from '../http/request-scope.js';
import { sourceOf } from './evaluation-source.js';
import { type HttpMetrics, routeOf } from './http-metrics.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Probes and scrapes come every few seconds: their access lines are debug, so they do not drown the rest. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The per-request part of observability, as three Fastify hooks (cheaper than Nest interceptors, and they see
 * every answer: 404s, guard refusals, body-parser errors, GraphQL):
 * - preValidation (after the body is read, so the context holds into the handler): the request scope
 *   (http/request-scope.ts) with the evaluation source;
 * - onSend: the `X-Request-Id` header, and a REST 503 "unavailable" counted as a database error;
 * - onResponse: the duration histogram and one access line.
 * Register before any other hook so that even a request refused by the first one is measured.
 */
export function registerHttpObservability(
  fastify: FastifyInstance,
  { http, database }: { http: HttpMetrics; database: DatabaseMetrics },
): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    enterRequestScope(req, isWarmUp(req) ? 'warm-up' : sourceOf(req.method, req.routeOptions.url), done);
  });
  fastify.addHook('onSend', (req, reply, payload, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    // Only the database-unavailable problem is a 503 with this type (a timeout is a 503 of another type).
    if (reply.statusCode === 503 && typeof payload === 'string' && payload.includes(DATABASE_UNAVAILABLE))
      database.requestFailed();
    done(null, payload);
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    record(req, reply, http);
    done();
  });
}

/**
 * For Fastify's `frameworkErrors` (a malformed URL, an over-long path parameter): those answers are sent before
 * any hook runs, so the request id header, the duration and the access line are added here.
 */
export function observeRoutingError(req: FastifyRequest, reply: FastifyReply, http: HttpMetrics | undefined): void {
  reply.header(REQUEST_ID_HEADER, req.id);
  // After Fastify's own 'finish' listener: should onResponse have run after all, it recorded the request.
  if (http) reply.raw.once('finish', () => record(req, reply, http));
}

const RECORDED = Symbol('pullwise.recorded');

/** The duration histogram and the access line of one answered request (once). */
function record(req: FastifyRequest, reply: FastifyReply, http: HttpMetrics): void {
  const marked = req as unknown as Record<symbol, boolean>;
  // The replica's own warm-up is not traffic: no access line, no sample (health/warm-up.ts).
  if (marked[RECORDED] || isWarmUp(req)) return;
  marked[RECORDED] = true;
  const route = routeOf(req);
  const status = reply.statusCode;
  const ms = reply.elapsedTime;
  http.observe(req.method, route, status, ms / 1000);
  const level: Level = QUIET_ROUTES.has(route) ? 'debug' : status >= 500 ? 'error' : 'info';
  const log = req.log as Logger;
  if (!log.isLevelEnabled(level)) return;
  const url = req.url.split('?', 1)[0]!.slice(0, 256);
  log[level]({ method: req.method, route, url, status, durationMs: Math.round(ms * 100) / 100 }, 'request completed');
}

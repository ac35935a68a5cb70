import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import type { EvaluationSource } from '../observability/evaluation-source.js';

/**
 * What the code handling one request notes for the hooks that answer it. One store for everything, entered
 * once per request by a Fastify hook: every AsyncLocalStorage in use adds its own cost to each promise, and a
 * Nest interceptor would add an rxjs pipeline to every handler.
 */
export interface RequestScope {
  /** Which interface asked for evaluations (a metrics label); undefined: the route never evaluates. */
  source: EvaluationSource | undefined;
  /** The policy version of the snapshot the request read last; undefined while it read none. */
  snapshotVersion: number | undefined;
}

const scopes = new AsyncLocalStorage<RequestScope>();
const SCOPE = Symbol('pullwise.requestScope');

/** Runs `next` (and so the rest of the request: hooks, handler, resolvers) inside a fresh scope kept on `req`. */
export function enterRequestScope(req: FastifyRequest, source: EvaluationSource | undefined, next: () => void): void {
  const scope: RequestScope = { source, snapshotVersion: undefined };
  (req as unknown as Record<symbol, RequestScope>)[SCOPE] = scope;
  scopes.run(scope, next);
}

/** The scope of `req`, for hooks that run outside its async context (onSend, onResponse). */
export function scopeOf(req: FastifyRequest): RequestScope | undefined {
  return (req as unknown as Record<symbol, RequestScope | undefined>)[SCOPE];
}

/** The scope of the request being handled; undefined outside one (a script, a test, start-up). */
export function currentScope(): RequestScope | undefined {
  return scopes.getStore();
}

/** Runs `fn` as if handling a request from `source` (tests and tools outside HTTP). */
export function runInScope<T>(source: EvaluationSource, fn: () => T): T {
  return scopes.run({ source, snapshotVersion: undefined }, fn);
}

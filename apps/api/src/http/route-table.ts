import type { FastifyInstance, FastifyRequest } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

const TABLE = Symbol('pullwise.routeTable');
type WithTable = { [TABLE]?: Map<string, KnownRoute> };

/**
 * Remembers every route's path and methods as Nest registers them, so that a request the router cannot match
 * can be told apart: a known path with another method is a 405 with `Allow`, anything else a 404.
 * Call before `app.init()`. Wildcard routes (static assets, CORS preflight) are not tracked.
 */
export function trackRoutes(fastify: FastifyInstance): void {
  const routes = new Map<string, KnownRoute>();
  (fastify as unknown as WithTable)[TABLE] = routes;
  fastify.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (typeof url !== 'string' || url.includes('*')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let known = routes.get(url);
    if (!known) {
      known = { pattern: patternOf(url), methods: new Set() };
      routes.set(url, known);
    }
    for (const m of methods) known.methods.add(String(m).toUpperCase());
  });
}

/** Methods the path of this (unrouted) request answers to; empty when the path is unknown. */
export function allowedMethods(req: FastifyRequest): string[] {
  const routes = (req.server as unknown as WithTable)[TABLE];
  if (!routes) return [];
  const path = req.url.split('?', 1)[0]!;
  const allowed = new Set<string>();
  for (const route of routes.values()) {
    if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
  }
  return [...allowed].sort();
}

/** `/v1/rules/:id` -> /^\/v1\/rules\/[^/]+$/ */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

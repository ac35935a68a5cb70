import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Histogram } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/** The route label of every request no route matched, so unknown URLs cannot grow the label set. */
const UNMATCHED_ROUTE = 'unmatched';

/** Sub-millisecond to the 30 s request deadline; evaluations of small bundles answer in a few ms. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The route pattern that served `req` (`/v1/rules/:id`, `/graphql`), never the URL itself. */
export function routeOf(req: FastifyRequest): string {
  return req.is404 ? UNMATCHED_ROUTE : (req.routeOptions.url ?? UNMATCHED_ROUTE);
}

/** `pullwise_http_request_duration_seconds{method,route,status}`, from the request's arrival to the response's end. */
@Injectable()
export class HttpMetrics {
  private readonly durations: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: MetricsRegistry) {
    this.durations = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Time to answer HTTP requests (REST and GraphQL), by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [metrics.registry],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.durations.observe({ method, route, status }, seconds);
  }
}

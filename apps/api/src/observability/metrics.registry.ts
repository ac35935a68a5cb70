import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric name starts with this. */
export const METRIC_PREFIX = 'pullwise_';

let processMetrics: Registry | undefined;

/**
 * Process metrics (CPU, memory, heap, event-loop lag, GC, handles) describe the process, not an application
 * instance, and prom-client's collectors cannot be stopped: one registry per process, made on first use.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: METRIC_PREFIX });
  }
  return processMetrics;
}

/**
 * The application's metrics: one registry per application instance (tests run several in one process), served
 * together with the process metrics at `GET /metrics` in Prometheus' text format 0.0.4.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;

  async text(): Promise<string> {
    const [process, app] = await Promise.all([processRegistry().metrics(), this.registry.metrics()]);
    return process + app;
  }
}

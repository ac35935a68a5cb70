import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, type Counter, Registry } from 'prom-client';

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
    const cpuAtStart = process.cpuUsage();
    collectDefaultMetrics({ register: processMetrics, prefix: METRIC_PREFIX });
    // prom-client counts CPU from when its collector is made; the process's CPU time is since it started (a first
    // scrape right after the collector is made would say 0), so the counters start at what was spent before.
    for (const [name, micros] of [
      ['process_cpu_user_seconds_total', cpuAtStart.user],
      ['process_cpu_system_seconds_total', cpuAtStart.system],
      ['process_cpu_seconds_total', cpuAtStart.user + cpuAtStart.system],
    ] as const)
      (processMetrics.getSingleMetric(`${METRIC_PREFIX}${name}`) as Counter | undefined)?.inc(micros / 1e6);
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

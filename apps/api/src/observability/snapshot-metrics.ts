import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/**
 * Rebuilds of the policy snapshot, counted by PolicySnapshotService through `rebuilt()` and `rebuildFailed()`.
 * Imports nothing of the snapshot's, so that service can inject it (the gauges, which read the service, are in
 * snapshot-gauges.ts: a module cycle would break decorator metadata).
 */
@Injectable()
export class SnapshotMetrics {
  private readonly rebuilds: Counter<'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.rebuilds = new Counter({
      name: `${METRIC_PREFIX}policy_snapshot_rebuilds_total`,
      help: 'Rebuilds of the in-memory policy snapshot; outcome "failure" kept the previous snapshot.',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    // Both outcomes exist from the start, so rate() and absence alerts work before the first failure.
    this.rebuilds.inc({ outcome: 'success' }, 0);
    this.rebuilds.inc({ outcome: 'failure' }, 0);
  }

  /** A rebuild produced a new snapshot. */
  rebuilt(): void {
    this.rebuilds.inc({ outcome: 'success' });
  }

  /** A rebuild failed; the previous snapshot (if any) stays in use. */
  rebuildFailed(): void {
    this.rebuilds.inc({ outcome: 'failure' });
  }
}

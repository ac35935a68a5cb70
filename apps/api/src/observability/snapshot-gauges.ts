import { AsyncResource } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/** The snapshot's age, version and staleness, read from PolicySnapshotService when scraped. */
@Injectable()
export class SnapshotGauges {
  /**
   * An async context made outside any request: the snapshot service notes each read of `current` for the
   * request in progress (its answer then names the policy version it used), and a scrape is not such a read.
   */
  private readonly outsideRequests = new AsyncResource('pullwise.snapshot-gauges');

  constructor(metrics: MetricsRegistry, snapshot: PolicySnapshotService) {
    const registers = [metrics.registry];
    const builtAt = () =>
      snapshot.policyVersion === null ? null : this.outsideRequests.runInAsyncScope(() => snapshot.current.builtAt);
    new Gauge({
      name: `${METRIC_PREFIX}policy_snapshot_age_seconds`,
      help: 'Seconds since the policy snapshot in memory was built.',
      registers,
      collect() {
        const at = builtAt();
        if (at) this.set((Date.now() - at.getTime()) / 1000);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}policy_version`,
      help: 'Policy version (PolicyVersion row) the snapshot in memory was built from.',
      registers,
      collect() {
        if (snapshot.policyVersion !== null) this.set(snapshot.policyVersion);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}policy_snapshot_stale`,
      help: '1 while the snapshot may miss a change (database unavailable or a reload pending), else 0.',
      registers,
      collect() {
        this.set(snapshot.staleness() === null ? 0 : 1);
      },
    });
  }
}

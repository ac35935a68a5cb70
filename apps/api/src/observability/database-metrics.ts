import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import type { Database } from '#db';
import { problemType } from '../common/errors/problem-details.js';
import { DatabaseMonitor } from '../database/database-monitor.service.js';
import { DATABASE } from '../database/database.token.js';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/** `type` of the problem (REST) or `extensions.code` (GraphQL) of an answer refused for want of the database. */
export const DATABASE_UNAVAILABLE = problemType('unavailable');

/**
 * Whether the database answers (DatabaseMonitor's view), the connection pool's occupancy (PostgreSQL; the
 * embedded PGlite has one connection and no pool), and errors: requests answered "unavailable" and pooled
 * connections lost while idle.
 */
@Injectable()
export class DatabaseMetrics implements OnModuleInit {
  private readonly errors: Counter<'origin'>;

  constructor(
    metrics: MetricsRegistry,
    health: DatabaseMonitor,
    @Inject(DATABASE) private readonly db: Database,
  ) {
    const registers = [metrics.registry];
    this.errors = new Counter({
      name: `${METRIC_PREFIX}database_errors_total`,
      help: 'Database failures: requests answered 503 unavailable (origin "request"), idle pooled connections lost ("pool").',
      labelNames: ['origin'],
      registers,
    });
    this.errors.inc({ origin: 'request' }, 0);
    new Gauge({
      name: `${METRIC_PREFIX}database_up`,
      help: '1 while the database is reachable, 0 during an outage.',
      registers,
      collect() {
        this.set(health.available ? 1 : 0);
      },
    });
    const target = db.target;
    if (target.kind !== 'postgres') return;
    this.errors.inc({ origin: 'pool' }, 0);
    new Gauge({
      name: `${METRIC_PREFIX}database_pool_connections`,
      help: 'Connections of the pool: open (total), idle, and requests waiting for one (waiting).',
      labelNames: ['state'],
      registers,
      collect() {
        const { pool } = target;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}database_pool_max`,
      help: 'Largest number of connections the pool opens.',
      registers,
      collect() {
        this.set(target.pool.options.max);
      },
    });
  }

  onModuleInit(): void {
    // pg emits 'error' on the pool for an idle client whose server went away (a busy one fails its query).
    if (this.db.target.kind === 'postgres') this.db.target.pool.on('error', () => this.errors.inc({ origin: 'pool' }));
  }

  /** A request was refused because the database could not be reached. */
  requestFailed(): void {
    this.errors.inc({ origin: 'request' });
  }
}

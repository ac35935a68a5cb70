import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import pg from 'pg';
import type { Database } from '#db';
import { isDatabaseUnavailable } from '../common/persistence/prisma-errors.js';
import { DATABASE } from './database.token.js';

/** While the database answers: how often the monitor connection checks it (a dead server is noticed at once). */
export const PROBE_INTERVAL_MS = 5000;
/** While it does not: how often the monitor tries to connect again. */
export const RECONNECT_INTERVAL_MS = 1000;
const PROBE_TIMEOUT_MS = 2000;

export type DatabaseState = { available: true } | { available: false; since: Date; reason: string };

/** Runs SQL on the monitor connection (never the pool); resolves with the rows. */
export type MonitorQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Something that follows the database through the monitor connection: it hears NOTIFY on `channel`, and
 * `check` runs after every (re)connect, once the LISTEN is in place (notifications sent while the connection
 * was away are lost), and after every probe.
 */
export interface MonitorWatch {
  channel: string;
  notified(payload: string): void;
  check(query: MonitorQuery): Promise<void>;
}

/**
 * Knows whether PostgreSQL is reachable, without waiting for a request to find out: one monitor connection
 * (outside the pool, so it never competes with requests) hears the server's shutdown notice (57P01) or a
 * broken socket at once, and reconnects every second until the server is back. Failures seen by requests,
 * the readiness check and the pool feed the same state. The embedded PGlite is always available.
 *
 * Listeners hear every change (the policy snapshot reloads when the database comes back).
 *
 * The same connection carries `LISTEN` for watchers (`watch()`: the policy snapshot hears every change of the
 * policy, made by any replica). A lost monitor connection is reconnected at once; the database is only
 * reported unavailable when that fails, so a killed or recycled connection is not an outage.
 */
@Injectable()
export class DatabaseMonitor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private down: { since: Date; reason: string } | null = null;
  private readonly listeners = new Set<(state: DatabaseState) => void>();
  private monitor: pg.Client | null = null;
  private connecting = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly watches = new Set<MonitorWatch>();
  /** Server process id of the monitor connection while it is up (pg_stat_activity.pid). */
  private backendPid: number | null = null;
  private connectedAt = 0;

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  get state(): DatabaseState {
    return this.down ? { available: false, ...this.down } : { available: true };
  }

  get available(): boolean {
    return this.down === null;
  }

  /** The monitor connection's server process id, null while it is not connected (tests terminate it). */
  get monitorPid(): number | null {
    return this.monitor ? this.backendPid : null;
  }

  /**
   * Follows `w.channel` on the monitor connection from now on (PostgreSQL only; a no-op on PGlite, where one
   * process owns the database). Returns the function that stops it.
   */
  watch(w: MonitorWatch): () => void {
    this.watches.add(w);
    const client = this.monitor;
    if (client) void this.follow(client, [w]);
    return () => {
      this.watches.delete(w);
      if (this.monitor && ![...this.watches].some((o) => o.channel === w.channel))
        this.monitor.query(`UNLISTEN ${quoteIdent(w.channel)}`).catch(() => undefined);
    };
  }

  /** Calls `fn` on every change of availability; returns the unsubscribe function. */
  onChange(fn: (state: DatabaseState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * A request, the readiness check or the pool met `err`. Connection-level failures mark the database
   * unavailable (the monitor then decides when it is back); anything else is the statement's problem.
   */
  reportFailure(err: unknown): void {
    if (!isDatabaseUnavailable(err)) return;
    this.markDown(err);
    // The monitor may still hold a connection that has not noticed yet: check it now.
    if (!this.stopped && this.db.target.kind === 'postgres') this.schedule(0);
  }

  /** A query just succeeded. */
  reportSuccess(): void {
    this.markUp();
  }

  onModuleInit(): void {
    if (this.db.target.kind !== 'postgres') return;
    const pool = this.db.target.pool;
    // pg emits 'error' on a pooled client whose server goes away; an 'error' event without a listener
    // would throw and end the process. Idle clients are covered by the pool's own listener (libs/db).
    pool.on('connect', (client) => client.on('error', (err) => this.reportFailure(err)));
    pool.on('error', (err) => this.reportFailure(err));
  }

  onApplicationBootstrap(): void {
    if (this.db.target.kind === 'postgres') void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.monitor;
    this.monitor = null;
    await client?.end().catch(() => undefined);
    this.listeners.clear();
    this.watches.clear();
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connecting || this.monitor || this.db.location.kind !== 'postgres') return;
    this.connecting = true;
    const client = new pg.Client({
      connectionString: this.db.location.url,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'pullwise-monitor',
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the monitor connection was closed by the server')));
    client.on('notification', (msg) => {
      if (this.monitor !== client) return;
      for (const w of this.watches) if (w.channel === msg.channel) notify(w, msg.payload ?? '', this.logger);
    });
    try {
      await client.connect();
      const res = await withTimeout(client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'), PROBE_TIMEOUT_MS);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.monitor = client;
      this.backendPid = res.rows[0]?.pid ?? null;
      this.connectedAt = Date.now();
      this.markUp();
      this.schedule(PROBE_INTERVAL_MS);
      await this.follow(client, [...this.watches]);
    } catch (err) {
      client.end().catch(() => undefined);
      this.markDown(err);
      this.schedule(RECONNECT_INTERVAL_MS);
    } finally {
      this.connecting = false;
    }
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.monitor !== client) return; // a client being set up (its connect() rejects) or one we closed
    this.monitor = null;
    this.backendPid = null;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    // Only this connection may be gone (terminated, recycled by a proxy): reconnect at once; the database
    // is reported unavailable if that fails (connect()).
    const message = err instanceof Error ? err.message.split('\n').filter(Boolean).at(-1) : String(err);
    this.logger.warn(`monitor connection lost (${message}): reconnecting`);
    // A connection that keeps being dropped right after it was made is retried at the reconnect pace.
    this.schedule(Date.now() - this.connectedAt < RECONNECT_INTERVAL_MS ? RECONNECT_INTERVAL_MS : 0);
  }

  /** LISTENs for `watches` on `client`, then runs their checks (what was announced before is covered). */
  private async follow(client: pg.Client, watches: MonitorWatch[]): Promise<void> {
    try {
      for (const channel of new Set(watches.map((w) => w.channel)))
        await withTimeout(client.query(`LISTEN ${quoteIdent(channel)}`), PROBE_TIMEOUT_MS);
    } catch (err) {
      if (this.monitor === client) this.lost(client, err);
      return;
    }
    await this.runChecks(client, watches);
  }

  private async runChecks(client: pg.Client, watches: Iterable<MonitorWatch>): Promise<void> {
    const query: MonitorQuery = async (sql) => (await withTimeout(client.query(sql), PROBE_TIMEOUT_MS)).rows;
    for (const w of watches) {
      if (this.monitor !== client || this.stopped) return;
      try {
        await w.check(query);
      } catch (err) {
        if (this.monitor !== client) return;
        if (isDatabaseUnavailable(err) || /no answer within/.test(String(err))) return this.lost(client, err);
        this.logger.warn(`check of ${w.channel} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const client = this.monitor;
    if (!client) return this.connect();
    try {
      await withTimeout(client.query('SELECT 1'), PROBE_TIMEOUT_MS);
      if (this.monitor !== client) return;
      this.markUp();
      this.schedule(PROBE_INTERVAL_MS);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    await this.runChecks(client, this.watches);
  }

  private markDown(err: unknown): void {
    if (this.down || this.stopped) return;
    const reason = err instanceof Error ? err.message.split('\n').filter(Boolean).at(-1)! : String(err);
    this.down = { since: new Date(), reason };
    this.logger.warn(`unavailable: ${reason}; evaluations are answered from the loaded policy, writes get 503`);
    this.emit();
  }

  private markUp(): void {
    if (!this.down || this.stopped) return;
    const seconds = ((Date.now() - this.down.since.getTime()) / 1000).toFixed(1);
    this.down = null;
    this.logger.log(`available again after ${seconds} s`);
    this.emit();
  }

  private emit(): void {
    const state = this.state;
    for (const fn of this.listeners) {
      try {
        fn(state);
      } catch (err) {
        this.logger.error(`listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

function notify(w: MonitorWatch, payload: string, logger: Logger): void {
  try {
    w.notified(payload);
  } catch (err) {
    logger.error(`notification on ${w.channel} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

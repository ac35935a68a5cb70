import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import type { Database } from '#db';
import { prepareInventory, type PreparedInventory } from '#k8s';
import { compileRuleSet } from '#policy';
import { isDatabaseUnavailable } from '../common/persistence/prisma-errors.js';
import { DatabaseMonitor, type DatabaseState, type MonitorQuery } from '../database/database-monitor.service.js';
import { DATABASE } from '../database/database.token.js';
import { toClusterDefinition } from '../clusters/cluster.mapper.js';
import { readClusterNodes } from '../clusters/cluster-nodes.mapper.js';
import { EXCEPTION_INCLUDE, toExceptionDefinition } from '../exceptions/exception.mapper.js';
import { SnapshotMetrics } from '../observability/snapshot-metrics.js';
import type { PolicySnapshot } from './policy-snapshot.js';
import { readRules, type RuleRows } from './rule-rows.js';
import { noteSnapshotRead } from './snapshot-reads.js';

/** Response header set when an answer came from a snapshot that may be out of date. */
export const SNAPSHOT_HEADER = 'pullwise-snapshot';
/** Response header naming the policy version the answer was computed from. */
export const POLICY_VERSION_HEADER = 'pullwise-policy-version';
/** How often a failed reload is retried while the database answers. */
const RELOAD_RETRY_MS = 2000;
/** The channel the policy triggers announce changes on (migration `policy_change_notify`). */
const POLICY_CHANNEL = 'pullwise_policy';

/**
 * Holds the compiled rules, exceptions and cluster profiles in memory. Evaluations read `current`
 * only; writes call `refresh()` after they commit.
 *
 * Replicas stay coherent on PostgreSQL: a trigger bumps the `PolicyVersion` row and sends
 * `NOTIFY pullwise_policy` with the new version on every statement that changes the policy tables (whoever
 * writes: another replica, a migration, raw SQL), delivered when the transaction commits. The database
 * monitor connection LISTENs; a notification of a version newer than the snapshot's reloads it. After every
 * (re)connect of that connection and every 5 s probe, the version row is compared with the snapshot's, which
 * covers notifications missed while the connection was away. On PGlite one process owns the database and
 * refresh-after-write is enough.
 *
 * When the database is unavailable the last snapshot keeps serving (marked stale, see `staleness()`);
 * a reload that fails keeps the old snapshot and is retried, and the snapshot is reloaded as soon as the
 * database is back (another replica may have written meanwhile).
 */
@Injectable()
export class PolicySnapshotService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PolicySnapshot');
  private snapshot: PolicySnapshot | undefined;
  private inflight: Promise<PolicySnapshot> | undefined;
  private next: Promise<PolicySnapshot> | undefined;
  /** Set while the snapshot may miss a change: since when. Cleared by the next successful load. */
  private pendingSince: Date | null = null;
  private retry: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private unwatch: (() => void) | undefined;
  private stopped = false;
  /** The rules of the last load with their row digests: the next load reads only what changed. */
  private ruleRows: RuleRows | undefined;
  /** The node inventories of the last load by profile id, with their versions: the next load reads only what changed. */
  private inventories: Inventories = new Map();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Optional() private readonly health?: DatabaseMonitor,
    @Optional() private readonly metrics?: SnapshotMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.unsubscribe = this.health?.onChange((state) => this.databaseChanged(state));
    this.unwatch = this.health?.watch({
      channel: POLICY_CHANNEL,
      notified: (payload) => void this.announced(payload),
      check: (query) => this.checkVersion(query),
    });
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.unsubscribe?.();
    this.unwatch?.();
  }

  /** The policy version the current snapshot was built from (null before the first load). */
  get policyVersion(): number | null {
    return this.snapshot?.policyVersion ?? null;
  }

  get current(): PolicySnapshot {
    if (!this.snapshot) throw new Error('policy snapshot used before it was loaded');
    noteSnapshotRead(this.snapshot.policyVersion);
    return this.snapshot;
  }

  /**
   * Null while the snapshot is known to match the database; otherwise the `Pullwise-Snapshot` header value:
   * `stale; reason="…"; age=<seconds since it was last known to match>`.
   */
  staleness(now = Date.now()): string | null {
    const db = this.health?.state ?? { available: true as const };
    if (db.available && !this.pendingSince) return null;
    const since = Math.min(
      db.available ? Infinity : db.since.getTime(),
      this.pendingSince ? this.pendingSince.getTime() : Infinity,
    );
    const reason = db.available ? 'reload pending' : 'database unavailable';
    return `stale; reason="${reason}"; age=${Math.max(0, Math.floor((now - since) / 1000))}`;
  }

  /**
   * Reloads from the database. A call while a load runs may follow a write that load did not see, so it
   * gets one more load that starts afterwards; all such callers share it.
   *
   * Once a snapshot exists this never rejects: when the database cannot be read the current snapshot is
   * kept (and returned), marked stale, and the reload is retried. A write that committed is therefore
   * acknowledged even if the database goes away before the snapshot caught up.
   */
  refresh(): Promise<PolicySnapshot> {
    if (!this.inflight) {
      this.inflight = this.loadOrKeep().finally(() => (this.inflight = undefined));
      return this.inflight;
    }
    this.next ??= this.inflight
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.refresh();
      });
    return this.next;
  }

  private async loadOrKeep(): Promise<PolicySnapshot> {
    // Marked before the load starts: a change committed meanwhile is only covered by a later load.
    const attempt = new Date();
    try {
      const snapshot = await this.load();
      this.metrics?.rebuilt();
      if (this.pendingSince && this.pendingSince <= attempt) this.pendingSince = null;
      return snapshot;
    } catch (err) {
      this.metrics?.rebuildFailed();
      if (!this.snapshot) throw err;
      const first = !this.pendingSince;
      this.pendingSince ??= attempt;
      this.health?.reportFailure(err);
      const message = err instanceof Error ? err.message.split('\n').filter(Boolean).at(-1) : String(err);
      if (first)
        this.logger.warn(
          `reload failed, serving the snapshot built ${this.snapshot.builtAt.toISOString()}: ${message}`,
        );
      if (!isDatabaseUnavailable(err) && first)
        this.logger.error(err instanceof Error ? (err.stack ?? message) : message);
      this.scheduleRetry();
      return this.snapshot;
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      // While the database is down the reload waits for it to come back (databaseChanged).
      if (!this.stopped && this.pendingSince && (this.health?.available ?? true)) void this.refresh();
      else if (!this.stopped && this.pendingSince) this.scheduleRetry();
    }, RELOAD_RETRY_MS);
    this.retry.unref();
  }

  private databaseChanged(state: DatabaseState): void {
    if (this.stopped) return;
    if (!state.available) {
      // Changes made meanwhile (by another replica that still reaches the database) are not seen.
      this.pendingSince ??= state.since;
      return;
    }
    this.logger.log('database available again: reloading');
    void this.refresh();
  }

  /** A `NOTIFY pullwise_policy` arrived: reload unless the snapshot (or the load under way) has it already. */
  private async announced(payload: string): Promise<void> {
    const version = parseVersion(payload);
    if (this.stopped || (version !== null && (this.snapshot?.policyVersion ?? -1) >= version)) return;
    // A load under way (a local write's refresh, say) may include it already: it reads the version first.
    await this.inflight?.catch(() => undefined);
    if (this.stopped || (version !== null && (this.snapshot?.policyVersion ?? -1) >= version)) return;
    this.logger.debug(`policy version ${version ?? payload} announced: reloading`);
    await this.refresh();
  }

  /** After a (re)connect and every probe of the monitor connection: the version row, against the snapshot's. */
  private async checkVersion(query: MonitorQuery): Promise<void> {
    const rows = await query(`SELECT "version"::text AS "version" FROM "PolicyVersion" WHERE "id" = 1`);
    const version = rows.length ? Number(rows[0]!.version) : 0;
    if (this.stopped || !this.snapshot || this.snapshot.policyVersion === version) return;
    // A load under way may have started before the version was read: judge by its result.
    await this.inflight?.catch(() => undefined);
    if (this.stopped || this.snapshot.policyVersion === version) return;
    this.logger.log(`policy version ${version} differs from the snapshot's ${this.snapshot.policyVersion}: reloading`);
    await this.refresh();
  }

  private async load(): Promise<PolicySnapshot> {
    const started = Date.now();
    // Read first: the data read afterwards includes at least every change up to this version.
    const version = await this.db.prisma.policyVersion.findUnique({ where: { id: 1 }, select: { version: true } });
    const [rules, exceptions, clusters, inventories] = await Promise.all([
      readRules(this.db, this.ruleRows),
      this.db.prisma.ruleException.findMany({ orderBy: { name: 'asc' }, include: EXCEPTION_INCLUDE }),
      this.db.prisma.clusterProfile.findMany({ orderBy: { name: 'asc' } }),
      readInventories(this.db, this.inventories),
    ]);
    this.ruleRows = rules;
    this.inventories = inventories;
    const ruleDefs = rules.definitions;
    const exceptionDefs = exceptions.map(toExceptionDefinition);
    this.snapshot = {
      rules: ruleDefs,
      exceptions: exceptionDefs,
      clusters: new Map(
        clusters.map((c) => [
          c.name,
          { ...toClusterDefinition(c), inventory: inventories.get(c.id)?.prepared ?? null },
        ]),
      ),
      // Unchanged rules keep their compiled form: one write to 10,000 rules recompiles one.
      compiled: compileRuleSet(ruleDefs, exceptionDefs, this.snapshot?.compiled),
      builtAt: new Date(),
      policyVersion: Number(version?.version ?? 0),
    };
    this.logger.debug(
      `rebuilt at policy version ${this.snapshot.policyVersion}: ${ruleDefs.length} rules, ${exceptions.length} exceptions, ${clusters.length} clusters (${inventories.size} with nodes) in ${Date.now() - started} ms`,
    );
    return this.snapshot;
  }
}

/** Prepared node inventories by profile id, with the version (ClusterNodeInventory.version) each was read at. */
type Inventories = ReadonlyMap<string, { version: bigint; prepared: PreparedInventory }>;

/**
 * Every stored node inventory, prepared for predictions (prepareInventory indexes each node's images). Only an
 * inventory whose version differs from `previous` is read and prepared: versions come from a sequence and are
 * never reused, so an equal version is the same inventory, and a reload after a rule change reads one short row
 * per inventory. Nodes replaced between the two queries are read as they are by then, under the older version:
 * the replacement's notification reloads, and that version differs.
 */
async function readInventories(db: Database, previous: Inventories): Promise<Inventories> {
  const listed = await db.prisma.clusterNodeInventory.findMany({
    select: { clusterId: true, version: true, observedAt: true },
  });
  const inventories = new Map<string, { version: bigint; prepared: PreparedInventory }>();
  // One at a time: a first load may find many large inventories, and only one is held as rows at once.
  for (const { clusterId, version, observedAt } of listed) {
    const known = previous.get(clusterId);
    const prepared =
      known?.version === version
        ? known.prepared
        : prepareInventory(await readClusterNodes(db.prisma, clusterId), { observedAt });
    inventories.set(clusterId, { version, prepared });
  }
  return inventories;
}

/** The version in a `pullwise_policy` payload (`{"version":"42","table":"Rule"}`), or null if unreadable. */
function parseVersion(payload: string): number | null {
  try {
    const v = Number((JSON.parse(payload) as { version?: unknown }).version);
    return Number.isSafeInteger(v) ? v : null;
  } catch {
    return null;
  }
}

import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Database } from '#db';
import { compileRuleSet } from '#policy';
import { DATABASE } from '../database/database.service.js';
import { toClusterDefinition } from '../clusters/cluster.mapper.js';
import { toExceptionDefinition } from '../exceptions/exception.mapper.js';
import { toRuleDefinition } from '../rules/rule.mapper.js';
import type { PolicySnapshot } from './policy-snapshot.js';

/**
 * Holds the compiled rules, exceptions and cluster profiles in memory. Evaluations read `current`
 * only; writes call `refresh()` after they commit.
 */
@Injectable()
export class PolicySnapshotService implements OnModuleInit {
  private readonly logger = new Logger('PolicySnapshot');
  private snapshot: PolicySnapshot | undefined;
  private inflight: Promise<PolicySnapshot> | undefined;
  private next: Promise<PolicySnapshot> | undefined;

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
  }

  get current(): PolicySnapshot {
    if (!this.snapshot) throw new Error('policy snapshot used before it was loaded');
    return this.snapshot;
  }

  /**
   * Reloads from the database. A call while a load runs may follow a write that load did not see, so it
   * gets one more load that starts afterwards; all such callers share it.
   */
  refresh(): Promise<PolicySnapshot> {
    if (!this.inflight) {
      this.inflight = this.load().finally(() => (this.inflight = undefined));
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

  private async load(): Promise<PolicySnapshot> {
    const started = Date.now();
    const [rules, exceptions, clusters] = await Promise.all([
      this.db.prisma.rule.findMany({ orderBy: { name: 'asc' } }),
      this.db.prisma.ruleException.findMany({ orderBy: { name: 'asc' } }),
      this.db.prisma.clusterProfile.findMany({ orderBy: { name: 'asc' } }),
    ]);
    const ruleDefs = rules.map(toRuleDefinition);
    const exceptionDefs = exceptions.map(toExceptionDefinition);
    this.snapshot = {
      rules: ruleDefs,
      exceptions: exceptionDefs,
      clusters: new Map(clusters.map((c) => [c.name, toClusterDefinition(c)])),
      compiled: compileRuleSet(ruleDefs, exceptionDefs),
      builtAt: new Date(),
    };
    this.logger.debug(
      `rebuilt: ${rules.length} rules, ${exceptions.length} exceptions, ${clusters.length} clusters in ${Date.now() - started} ms`,
    );
    return this.snapshot;
  }
}

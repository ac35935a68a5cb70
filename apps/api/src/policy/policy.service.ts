import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '#db';
import {
  clusterEntry,
  compileAdmissionPolicies,
  exceptionEntry,
  locateProblems,
  planBundle,
  planChangesSomething,
  policyBundle,
  readBundleText,
  ruleEntry,
  validateBundle,
  type AdmissionPolicyList,
  type NotExported,
  type BundleEntries,
  type BundleText,
  type PolicyBundle,
  type ValidBundle,
} from '#policy';
import { grants, type Scope } from '../auth/scopes.js';
import { AppError } from '../common/errors/app-error.js';
import { lockPolicy } from '../common/persistence/policy-transaction.js';
import { translatePrismaError } from '../common/persistence/prisma-errors.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { DATABASE } from '../database/database.service.js';
import { ExceptionsService } from '../exceptions/exceptions.service.js';
import { ImpactService } from '../impact/impact.service.js';
import { RulesService } from '../rules/rules.service.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { applyPlan } from './apply-plan.js';
import type { PlanOptions, PlanRequest, PolicyApplyResult, PolicyPlanResult } from './policy-results.js';
import { readPolicyVersion, readStoredPolicy, type StoredPolicy } from './stored-policy.js';

/** How long an apply may hold its transaction (Prisma's default of 5 s is too short for thousands of objects). */
const APPLY_TIMEOUT_MS = 120_000;
/** Reads of the whole policy retried when a write lands between their statements. */
const CONSISTENT_READ_ATTEMPTS = 5;

/**
 * Policy as code: the whole policy exported as a bundle, a bundle planned against the store, and applied in one
 * transaction. REST and GraphQL both call this; every write goes through the rules', exceptions' and cluster
 * profiles' own services, so versions and audit events are those of single API calls.
 */
@Injectable()
export class PolicyService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshot: PolicySnapshotService,
    private readonly rules: RulesService,
    private readonly exceptions: ExceptionsService,
    private readonly clusters: ClustersService,
    private readonly impact: ImpactService,
  ) {}

  /** The stored policy as a bundle, with the policy version it was read at. */
  async export(): Promise<PolicyBundle> {
    const { stored, version } = await this.consistentRead();
    return policyBundle(stored.entries, version);
  }

  /**
   * The stored rules and exceptions as native Kubernetes admission policies for one cluster profile (its
   * preloaded images; a node inventory makes never-requires-preloaded unexportable), from the snapshot evaluations
   * use, so the policies say what the webhook would.
   */
  admissionPolicies(cluster: string): { list: AdmissionPolicyList; notExported: NotExported[] } {
    const snap = this.snapshot.current;
    const profile = snap.clusters.get(cluster);
    if (!profile)
      throw new AppError('not-found', `cluster profile "${cluster}" does not exist (GET /v1/clusters lists them)`, [
        { path: 'cluster', message: `unknown cluster profile "${cluster}"` },
      ]);
    return compileAdmissionPolicies({
      rules: snap.rules,
      exceptions: snap.exceptions,
      cluster: {
        name: profile.name,
        preloadedImages: profile.preloadedImages ?? null,
        hasNodeInventory: profile.inventory !== null,
      },
      now: new Date(),
    });
  }

  /** What applying `body` would change; writes nothing. */
  async plan(body: unknown, opts: PlanRequest): Promise<PolicyPlanResult> {
    if (opts.impact !== undefined) checkImpact(opts.impact, opts.scopes);
    const text = readBody(body);
    const { stored, version } = await this.consistentRead();
    const bundle = this.validate(text, stored, opts.prune);
    const wanted = entriesOf(bundle);
    const plan = planBundle(stored.entries, wanted, { prune: opts.prune });
    const result: PolicyPlanResult = {
      policyVersion: version,
      bundleDigest: digestOf(wanted),
      prune: opts.prune,
      ...plan,
    };
    if (opts.impact !== undefined) await this.addImpact(result, opts.impact);
    return result;
  }

  /**
   * Carries out the plan in one transaction: all or nothing, one policy version. The PolicyVersion row is locked
   * first, so the plan is computed against a store no other writer can move until the commit; `ifMatch` is
   * compared with it (412 when the store moved since the caller's plan or export).
   */
  async apply(body: unknown, opts: PlanOptions & { ifMatch?: number }, actor: string): Promise<PolicyApplyResult> {
    const text = readBody(body);
    const result = await this.db.prisma
      .$transaction(
        async (tx) => {
          await lockPolicy(tx);
          const locked = await tx.$queryRaw<{ version: string; content: string }[]>`
            SELECT "version"::text AS "version", "contentVersion"::text AS "content"
            FROM "PolicyVersion" WHERE "id" = 1`;
          const before = Number(locked[0]?.version ?? 0);
          if (opts.ifMatch !== undefined) checkIfMatch(opts.ifMatch, before, Number(locked[0]?.content ?? 0));
          const stored = await readStoredPolicy(tx);
          const bundle = this.validate(text, stored, opts.prune);
          const wanted = entriesOf(bundle);
          const plan = planBundle(stored.entries, wanted, opts);
          const bundleDigest = digestOf(wanted);
          if (!planChangesSomething(plan))
            return {
              policyVersion: before,
              previousPolicyVersion: before,
              applied: false,
              bundleDigest,
              prune: opts.prune,
              ...plan,
            };
          const writers = { rules: this.rules, exceptions: this.exceptions, clusters: this.clusters };
          await applyPlan(tx, plan, bundle, stored, writers, actor, { bundle: bundleDigest });
          const after = await readPolicyVersion(tx);
          return {
            policyVersion: after,
            previousPolicyVersion: before,
            applied: true,
            bundleDigest,
            prune: opts.prune,
            ...plan,
          };
        },
        { timeout: APPLY_TIMEOUT_MS, maxWait: APPLY_TIMEOUT_MS },
      )
      .catch((e: unknown) => translatePrismaError(e, 'an object with that name'));
    if (result.applied) await this.snapshot.refresh();
    return result;
  }

  private validate(text: BundleText, stored: StoredPolicy, prune: boolean): ValidBundle {
    const v = validateBundle(text.raw, {
      maxWildcardDays: this.config.maxWildcardExceptionDays,
      keptRules: prune ? [] : [...stored.rules.keys()],
    });
    if (v.ok) return v.value;
    const n = v.problems.length;
    throw AppError.invalid(
      `The policy bundle has ${n} problem${n === 1 ? '' : 's'}; nothing was changed.`,
      locateProblems(v.problems, text),
    );
  }

  /** Reads the policy and its version with no write in between (a write moves the version: read again). */
  private async consistentRead(): Promise<{ stored: StoredPolicy; version: number }> {
    for (let attempt = 1; ; attempt++) {
      const version = await readPolicyVersion(this.db.prisma);
      const stored = await readStoredPolicy(this.db.prisma);
      if ((await readPolicyVersion(this.db.prisma)) === version || attempt === CONSISTENT_READ_ATTEMPTS)
        return { stored, version };
    }
  }

  /** The impact preview of each created or updated rule: how many of the last `last` evaluations it flips. */
  private async addImpact(result: PolicyPlanResult, last: number): Promise<void> {
    for (const change of result.changes) {
      if (change.type !== 'rule' || (change.action !== 'create' && change.action !== 'update')) continue;
      change.impact = await this.impact.preview({ rule: change.after, last });
    }
  }
}

/**
 * If-Match N holds while no rule, exception or profile changed after version N. Node inventory uploads move the
 * policy version too (evaluations depend on them) but are not in bundles, so they do not make a plan stale.
 */
function checkIfMatch(ifMatch: number, version: number, contentVersion: number): void {
  if (contentVersion <= ifMatch && ifMatch <= version) return;
  const why =
    ifMatch > version
      ? `the policy has never been at version ${ifMatch} (it is at ${version})`
      : `rules, exceptions or cluster profiles changed at version ${contentVersion}, after version ${ifMatch}`;
  throw new AppError('precondition-failed', `${why}: plan again and review the changes`, [
    { path: 'If-Match', message: `the current policy version is ${version}` },
  ]);
}

/** At most 1000 evaluations per rule, as POST /v1/rules/impact; and only for keys that may read the history. */
function checkImpact(n: number, scopes: readonly Scope[]): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > 1000)
    throw AppError.invalid('impact must be between 1 and 1000 (recorded evaluations replayed per rule)', [
      { path: 'impact', message: 'must be between 1 and 1000' },
    ]);
  if (!grants(scopes, 'rules:read'))
    throw new AppError(
      'forbidden',
      `An impact preview shows recorded evaluations, which needs the scope "rules:read" (this key has ${scopes.join(', ') || 'none'}); plan without impact, or use a key with rules:read.`,
      [{ path: 'impact', message: 'needs the scope rules:read' }],
    );
}

function entriesOf(b: ValidBundle): BundleEntries {
  return {
    rules: b.rules.map(ruleEntry),
    exceptions: b.exceptions.map(exceptionEntry),
    clusters: b.clusters.map(clusterEntry),
  };
}

/** The bundle's digest: of its meaning (the canonical entries), so the YAML and JSON of one bundle share it. */
function digestOf(entries: BundleEntries): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(policyBundle(entries, null)))
    .digest('hex');
  return `sha256:${hash}`;
}

/** A body is a JSON object (parsed by the JSON parser) or YAML text (handed over as text by the YAML parser). */
function readBody(body: unknown): BundleText {
  if (body === undefined || body === null || body === '')
    throw AppError.invalid(
      'The request body is empty; send a policy bundle (apiVersion: pullwise.io/v1, kind: PolicyBundle).',
    );
  if (typeof body !== 'string') return { raw: body, lineOf: () => null };
  const r = readBundleText(body);
  if (!r.ok) throw AppError.invalid('The policy bundle is not valid YAML; nothing was changed.', r.problems);
  return r.value;
}

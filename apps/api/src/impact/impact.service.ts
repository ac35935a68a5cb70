import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { engineLimits } from '../evaluations/engine-limits.js';
import { z } from 'zod';
import type { Database } from '#db';
import { evaluateManifests, KubeletVersionError, type ClusterContext } from '#k8s';
import { compileRuleSet, judge, validateRuleInput, type CompiledRuleSet, type RuleDefinition } from '#policy';
import { invalidDefinition } from '../common/errors/definition-problems.js';
import { DATABASE } from '../database/database.service.js';
import { parseOrThrow } from '../evaluations/dto/evaluate-request.js';
import { resolveContext, type PolicySnapshot } from '../snapshot/policy-snapshot.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';

export const requestSchema = z
  .object({
    rule: z.record(z.string(), z.unknown(), { error: 'must be a rule definition (as POST /v1/rules takes it)' }),
    /** Id or name of the stored rule the proposal replaces; by default a rule with the same name. */
    replaces: z.string().min(1).max(253).optional(),
    /** How many of the most recent recorded evaluations to replay. */
    last: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

export interface ImpactedEvaluation {
  id: string;
  createdAt: string;
  source: { repository: string | null; commit: string | null; pipeline: string | null };
  cluster: string | null;
  before: string;
  after: string;
  /** Findings of the proposed rule that the current rules do not produce, and the reverse. */
  addedFindings: number;
  removedFindings: number;
}

export interface ImpactReport {
  rule: string;
  replaces: { id: string; name: string; version: number } | null;
  evaluated: number;
  flipped: number;
  /** "this change flips N of the last M evaluations" */
  summary: string;
  byTransition: Record<string, number>;
  evaluations: ImpactedEvaluation[];
  /** Recorded evaluations that could not be replayed (e.g. a cluster profile deleted since). */
  skipped: { id: string; reason: string }[];
}

/** Replays recorded evaluations under the current rules and under a proposed change, before it is enforced. */
@Injectable()
export class ImpactService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly snapshot: PolicySnapshotService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(raw: unknown): Promise<ImpactReport> {
    const req = parseOrThrow(requestSchema, raw, 'impact request');
    const v = validateRuleInput(req.rule);
    if (!v.ok)
      throw invalidDefinition(
        'proposed rule',
        v.problems.map((p) => ({ ...p, path: `rule.${p.path}` })),
      );
    const snap = this.snapshot.current;
    const target = req.replaces ?? v.value.name;
    const replaced = snap.rules.find((r) => r.id === target || r.name === target) ?? null;
    const proposed: RuleDefinition = {
      ...v.value,
      id: replaced?.id ?? 'proposed',
      version: (replaced?.version ?? 0) + 1,
    };
    const others = snap.rules.filter((r) => r !== replaced && r.name !== proposed.name);
    const current = snap.compiled;
    const next = compileRuleSet([...others, proposed], snap.exceptions);

    const rows = await this.db.prisma.evaluation.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: req.last,
      select: {
        id: true,
        createdAt: true,
        repository: true,
        commit: true,
        pipeline: true,
        cluster: true,
        context: true,
        manifests: true,
      },
    });
    const evaluations: ImpactedEvaluation[] = [];
    const skipped: ImpactReport['skipped'] = [];
    const byTransition: Record<string, number> = {};
    for (const row of rows) {
      const replay = this.replay(row, snap, current, next);
      if ('reason' in replay) {
        skipped.push({ id: row.id, reason: replay.reason });
        continue;
      }
      const item: ImpactedEvaluation = {
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        source: { repository: row.repository, commit: row.commit, pipeline: row.pipeline },
        cluster: row.cluster,
        ...replay,
      };
      if (item.before !== item.after)
        byTransition[`${item.before}->${item.after}`] = (byTransition[`${item.before}->${item.after}`] ?? 0) + 1;
      if (item.before !== item.after || item.addedFindings || item.removedFindings) evaluations.push(item);
    }
    const evaluated = rows.length - skipped.length;
    const flipped = evaluations.filter((e) => e.before !== e.after).length;
    return {
      rule: proposed.name,
      replaces: replaced ? { id: replaced.id, name: replaced.name, version: replaced.version } : null,
      evaluated,
      flipped,
      summary: `this change flips ${flipped} of the last ${evaluated} evaluations`,
      byTransition,
      evaluations,
      skipped,
    };
  }

  private replay(
    row: { cluster: string | null; context: unknown; manifests: string },
    snap: PolicySnapshot,
    current: CompiledRuleSet,
    next: CompiledRuleSet,
  ): Pick<ImpactedEvaluation, 'before' | 'after' | 'addedFindings' | 'removedFindings'> | { reason: string } {
    const context = resolveContext(snap, row.cluster, row.context as ClusterContext);
    if (!context) return { reason: `cluster profile "${row.cluster}" no longer exists` };
    try {
      // The input is read once and judged under both rule sets (#policy judge, the second half of evaluate).
      const k8s = evaluateManifests(row.manifests, context, engineLimits(this.config.limits));
      const settings = { context, cluster: row.cluster, now: new Date() };
      // An input with errors stays `error` under any rules: no rule change can make it pass or fail.
      const before = judge(k8s, { ...settings, ruleSet: current });
      const after = judge(k8s, { ...settings, ruleSet: next });
      const key = (f: { rule: string; document: number; slot: string; waived: boolean }) =>
        `${f.rule}|${f.document}|${f.slot}|${f.waived}`;
      const had = new Set(before.findings.map(key));
      const has = new Set(after.findings.map(key));
      return {
        before: before.verdict,
        after: after.verdict,
        addedFindings: [...has].filter((k) => !had.has(k)).length,
        removedFindings: [...had].filter((k) => !has.has(k)).length,
      };
    } catch (err) {
      if (err instanceof KubeletVersionError) return { reason: err.message };
      throw err;
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { engineLimits } from '../evaluations/engine-limits.js';
import { z } from 'zod';
import type { Database } from '#db';
import { evaluateManifests, KubeletVersionError, type ClusterContext } from '#k8s';
import { compileRuleSet, validateRuleInput, type CompiledRuleSet, type RuleDefinition } from '#policy';
import { invalidDefinition } from '../common/errors/definition-problems.js';
import { DATABASE } from '../database/database.service.js';
import { parseOrThrow } from '../evaluations/dto/evaluate-request.js';
import { resolveContext, type PolicySnapshot } from '../snapshot/policy-snapshot.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { impactReport, replayUnder, type ImpactedEvaluation, type ImpactReport } from './impact-report.js';

export const requestSchema = z
  .object({
    rule: z.record(z.string(), z.unknown(), { error: 'must be a rule definition (as POST /v1/rules takes it)' }),
    /** Id or name of the stored rule the proposal replaces; by default a rule with the same name. */
    replaces: z.string().min(1).max(253).optional(),
    /** How many of the most recent recorded evaluations to replay. */
    last: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

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
    const replayed: ImpactedEvaluation[] = [];
    const skipped: ImpactReport['skipped'] = [];
    for (const row of rows) {
      const replay = this.replay(row, snap, current, next);
      if ('reason' in replay) skipped.push({ id: row.id, reason: replay.reason });
      else
        replayed.push({
          id: row.id,
          createdAt: row.createdAt.toISOString(),
          source: { repository: row.repository, commit: row.commit, pipeline: row.pipeline },
          cluster: row.cluster,
          ...replay,
        });
    }
    const replaces = replaced ? { id: replaced.id, name: replaced.name, version: replaced.version } : null;
    return impactReport(proposed.name, replaces, replayed, skipped);
  }

  private replay(
    row: { cluster: string | null; context: unknown; manifests: string },
    snap: PolicySnapshot,
    current: CompiledRuleSet,
    next: CompiledRuleSet,
  ): ReturnType<typeof replayUnder> | { reason: string } {
    const context = resolveContext(snap, row.cluster, row.context as ClusterContext);
    if (!context) return { reason: `cluster profile "${row.cluster}" no longer exists` };
    try {
      const k8s = evaluateManifests(row.manifests, context, engineLimits(this.config.limits));
      return replayUnder(k8s, { context, cluster: row.cluster, now: new Date() }, current, next);
    } catch (err) {
      if (err instanceof KubeletVersionError) return { reason: err.message };
      throw err;
    }
  }
}

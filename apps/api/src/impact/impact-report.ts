// What an impact preview reports, from replays: one definition for ImpactService and the OpenAPI example
// (apps/api/src/openapi/examples/impact.ts).
import type { K8sEvaluation } from '#k8s';
import { judge, type CompiledRuleSet, type EvaluationSettings, type LocatedFinding, type Verdict } from '#policy';

export interface ImpactedEvaluation {
  id: string;
  createdAt: string;
  source: { repository: string | null; commit: string | null; pipeline: string | null };
  cluster: string | null;
  before: Verdict;
  after: Verdict;
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

type Replay = Pick<ImpactedEvaluation, 'before' | 'after' | 'addedFindings' | 'removedFindings'>;

/**
 * One recorded input, read once, judged under the current rules and under the proposal (#policy judge, the
 * second half of evaluate). An input with errors stays `error` under any rules.
 */
export function replayUnder(
  k8s: K8sEvaluation,
  settings: Omit<EvaluationSettings, 'ruleSet' | 'limits'>,
  current: CompiledRuleSet,
  next: CompiledRuleSet,
): Replay {
  const before = judge(k8s, { ...settings, ruleSet: current });
  const after = judge(k8s, { ...settings, ruleSet: next });
  const key = (f: LocatedFinding) => `${f.rule}|${f.document}|${f.slot}|${f.waived}`;
  const had = new Set(before.findings.map(key));
  const has = new Set(after.findings.map(key));
  return {
    before: before.verdict,
    after: after.verdict,
    addedFindings: [...has].filter((k) => !had.has(k)).length,
    removedFindings: [...had].filter((k) => !has.has(k)).length,
  };
}

/** The report over the replayed evaluations: only those that change are listed; all are counted. */
export function impactReport(
  rule: string,
  replaces: ImpactReport['replaces'],
  replayed: readonly ImpactedEvaluation[],
  skipped: ImpactReport['skipped'],
): ImpactReport {
  const byTransition: Record<string, number> = {};
  for (const e of replayed)
    if (e.before !== e.after)
      byTransition[`${e.before}->${e.after}`] = (byTransition[`${e.before}->${e.after}`] ?? 0) + 1;
  const evaluations = replayed.filter((e) => e.before !== e.after || e.addedFindings || e.removedFindings);
  const flipped = evaluations.filter((e) => e.before !== e.after).length;
  return {
    rule,
    replaces,
    evaluated: replayed.length,
    flipped,
    summary: `this change flips ${flipped} of the last ${replayed.length} evaluations`,
    byTransition,
    evaluations,
    skipped,
  };
}

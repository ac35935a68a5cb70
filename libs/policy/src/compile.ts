import { evaluatedRule, type EvaluatedRule } from './evaluation-result.js';
import { ExceptionIndex } from './exceptions.js';
import { ruleKindHandler } from './kinds/registry.js';
import type { SlotCheck } from './kinds/types.js';
import { Scope, type WorkloadSubject } from './match-spec.js';
import { SlotRuleIndex, WorkloadRules } from './slot-rule-index.js';
import { validateParams, type RuleParams } from './rule-params.js';
import type { DefinitionProblem, ExceptionDefinition, RuleDefinition, RuleKind } from './rule-types.js';
import { isRuleKind } from './validate-rule.js';
import { validateMatchSpec } from './validate-match.js';

/**
 * A rule set compiled once (globs to RegExps, selectors to closures, params to checks) and indexed so that an
 * evaluation only visits rules that can apply:
 * 1. by cluster: rules whose `match.clusters` do not match the evaluation's cluster are dropped once per
 *    cluster name (memoised);
 * 2. by namespace: rules that list literal namespaces sit in a map keyed by namespace, the others (globs or no
 *    namespace constraint) in one list; then `kinds` are checked; the result is memoised per
 *    (cluster, namespace, kind);
 * 3. by image: rules whose image patterns all start with a literal `registry/…/` are filed under it
 *    (slot-rule-index.ts), so a slot meets only those its image can match;
 * 4. per workload: labels and a workload-level `exclude` are decided once for all its slots (memoised per
 *    cluster, namespace, kind and labels: a stream's workloads mostly share them);
 * 5. per slot: only slot types and image patterns remain.
 * Disabled rules are left out. Rules are visited in name order, so findings come out sorted by rule name.
 */

export interface CompiledRule {
  definition: RuleDefinition;
  scope: Scope;
  check: SlotCheck;
  /** Position in name order. */
  order: number;
}

/** A stored rule that cannot be compiled (invalid params or match, unknown kind); it never produces findings. */
export interface SkippedRule {
  id: string;
  name: string;
  problems: DefinitionProblem[];
}

interface NamespaceBucket {
  byNamespace: Map<string, CompiledRule[]>;
  anyNamespace: CompiledRule[];
}

const MEMO_LIMIT = 4096;

type Compiled = { check: SlotCheck; scope: Scope } | DefinitionProblem[];

export class CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly skipped: readonly SkippedRule[];
  readonly exceptions: ExceptionIndex;
  /** Compiled checks and scopes by what they are compiled from (compileKey), for the next set to reuse. */
  readonly byContent: ReadonlyMap<string, Compiled>;
  private readonly clusterBuckets = new Map<string, NamespaceBucket>();
  private readonly workloadMemo = new Map<string, CompiledRule[]>();
  private readonly indexMemo = new Map<string, SlotRuleIndex<CompiledRule>>();
  private readonly labelsMemo = new Map<string, WorkloadRules<CompiledRule>>();
  private evaluatedMemo: readonly EvaluatedRule[] | undefined;

  constructor(
    rules: CompiledRule[],
    skipped: SkippedRule[],
    exceptions: ExceptionIndex,
    byContent: ReadonlyMap<string, Compiled> = new Map(),
  ) {
    this.rules = rules;
    this.skipped = skipped;
    this.exceptions = exceptions;
    this.byContent = byContent;
  }

  /** Every rule of the set as a result lists one (`rules`), in name order, mapped once per set. */
  get evaluatedRules(): readonly EvaluatedRule[] {
    this.evaluatedMemo ??= Object.freeze(this.rules.map((r) => evaluatedRule(r.definition)));
    return this.evaluatedMemo;
  }

  /**
   * The result's `rules` for the rules that ran (applyRules' `ran`), in name order. Only those: an answer's size
   * follows its input, not the catalogue (at 10,000 rules, listing them all made every answer about 1.5 MB).
   */
  evaluatedRulesOf(ran: ReadonlySet<CompiledRule>): readonly EvaluatedRule[] {
    const all = this.evaluatedRules;
    // `order` is a rule's index in `rules` (compileRuleSet), so its entry in `all`.
    return [...ran].sort((a, b) => a.order - b.order).map((r) => all[r.order]!);
  }

  private bucketFor(cluster: string | null): NamespaceBucket {
    const key = cluster === null ? '\u0000' : `=${cluster}`;
    let bucket = this.clusterBuckets.get(key);
    if (bucket) return bucket;
    bucket = { byNamespace: new Map(), anyNamespace: [] };
    for (const rule of this.rules) {
      if (!rule.scope.match.matchesCluster(cluster)) continue;
      const namespaces = rule.scope.match.namespaces;
      if (namespaces === null || namespaces.hasWildcards()) {
        bucket.anyNamespace.push(rule);
        continue;
      }
      for (const ns of namespaces.literalPatterns()) {
        const list = bucket.byNamespace.get(ns) ?? [];
        list.push(rule);
        bucket.byNamespace.set(ns, list);
      }
    }
    if (this.clusterBuckets.size >= MEMO_LIMIT) this.clusterBuckets.clear();
    this.clusterBuckets.set(key, bucket);
    return bucket;
  }

  /** Rules whose cluster, namespace and kind constraints match (labels and exclude not yet decided). */
  candidates(cluster: string | null, namespace: string, kind: string): readonly CompiledRule[] {
    const key = scopeKey(cluster, namespace, kind);
    const memo = this.workloadMemo.get(key);
    if (memo) return memo;
    const bucket = this.bucketFor(cluster);
    const literal = bucket.byNamespace.get(namespace) ?? [];
    const merged =
      literal.length === 0
        ? bucket.anyNamespace
        : [...literal, ...bucket.anyNamespace].sort((a, b) => a.order - b.order);
    const result = merged.filter((r) => {
      const m = r.scope.match;
      return (m.namespaces === null || m.namespaces.matches(namespace)) && (m.kinds === null || m.kinds.matches(kind));
    });
    if (this.workloadMemo.size >= MEMO_LIMIT) this.workloadMemo.clear();
    this.workloadMemo.set(key, result);
    return result;
  }

  /** Rules that can apply to some slot of this workload. */
  rulesForWorkload(w: WorkloadSubject): CompiledRule[] {
    return this.candidates(w.cluster, w.namespace, w.kind).filter((r) => r.scope.appliesToWorkload(w));
  }

  /** The workload's rules, indexed by image for its slots (what applyRules walks). */
  workloadRules(w: WorkloadSubject): WorkloadRules<CompiledRule> {
    const base = scopeKey(w.cluster, w.namespace, w.kind);
    const key = `${base}\u0001${JSON.stringify(w.labels)}`;
    const memo = this.labelsMemo.get(key);
    if (memo) return memo;
    let index = this.indexMemo.get(base);
    if (!index) {
      index = new SlotRuleIndex(this.candidates(w.cluster, w.namespace, w.kind));
      if (this.indexMemo.size >= MEMO_LIMIT) this.indexMemo.clear();
      this.indexMemo.set(base, index);
    }
    const rules = new WorkloadRules(
      w,
      index.general.filter((r) => r.scope.appliesToWorkload(w)),
      index,
    );
    if (this.labelsMemo.size >= MEMO_LIMIT) this.labelsMemo.clear();
    this.labelsMemo.set(key, rules);
    return rules;
  }
}

/** What a rule's check and scope depend on (not its name, enforcement or severity). */
function compileKey(d: RuleDefinition): string {
  return JSON.stringify([d.kind, d.params ?? {}, d.match ?? null, d.exclude ?? null]);
}

function compileOne(definition: RuleDefinition): Compiled {
  if (!isRuleKind(definition.kind))
    return [{ path: 'kind', message: `"${String(definition.kind)}" is not a rule kind` }];
  const params = validateParams(definition.kind, definition.params ?? {});
  const match = validateMatchSpec(definition.match, 'match');
  const exclude = validateMatchSpec(definition.exclude, 'exclude');
  const problems = [params, match, exclude].flatMap((r) => (r.ok ? [] : r.problems));
  if (problems.length > 0 || !params.ok || !match.ok || !exclude.ok) return problems;
  const handler = ruleKindHandler(definition.kind as RuleKind);
  const check = (handler.compile as (p: RuleParams<RuleKind>) => SlotCheck)(params.value);
  return { check, scope: new Scope(match.value, exclude.value) };
}

/** Memo key of a (cluster, namespace, kind); no cluster differs from every named one. */
function scopeKey(cluster: string | null, namespace: string, kind: string): string {
  return `${cluster ?? '\u0000'}\u0001${namespace}\u0001${kind}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compiles rules and exceptions once. Disabled rules are excluded; a stored rule that no longer validates is
 * listed in `skipped` instead of failing the whole set. With `previous`, a rule whose kind, params, match and
 * exclude are unchanged reuses its compiled check and scope (checks are pure functions of those), so one change
 * to a large rule set does not recompile all of it.
 */
export function compileRuleSet(
  rules: readonly RuleDefinition[],
  exceptions: readonly ExceptionDefinition[] = [],
  previous?: CompiledRuleSet,
): CompiledRuleSet {
  const compiled: CompiledRule[] = [];
  const skipped: SkippedRule[] = [];
  const byContent = new Map<string, Compiled>();
  const sorted = rules.filter((r) => r.enabled !== false).sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  for (const definition of sorted) {
    const key = compileKey(definition);
    const result = byContent.get(key) ?? previous?.byContent.get(key) ?? compileOne(definition);
    byContent.set(key, result);
    if (Array.isArray(result)) skipped.push({ id: definition.id, name: definition.name, problems: result });
    else compiled.push({ definition, ...result, order: compiled.length });
  }
  return new CompiledRuleSet(compiled, skipped, new ExceptionIndex(exceptions), byContent);
}

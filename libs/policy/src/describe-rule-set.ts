import type { CompiledRuleSet } from './compile.js';
import { ruleKindHandler } from './kinds/registry.js';
import type { RuleDefinition } from './rule-types.js';

/** A question such as "what applies in namespace X?" (chat-ops, dashboards: docs/design.md D6). */
export interface ScopeQuery {
  cluster?: string | null;
  namespace: string;
  /** Workload kind; when absent, rules limited to some kinds are reported as conditional. */
  kind?: string;
  /** Pod labels; when absent, rules with a label selector are reported as conditional. */
  labels?: Record<string, string>;
}

export interface ApplicableRule {
  rule: RuleDefinition;
  summary: string;
  /** True when the rule applies only to some workloads or slots here (kinds, labels, images, slot types, exclude). */
  conditional: boolean;
  conditions: string[];
}

/** The enabled rules that apply (or may apply) to workloads in a namespace, in name order. */
export function describeRuleSet(set: CompiledRuleSet, q: ScopeQuery): ApplicableRule[] {
  const cluster = q.cluster ?? null;
  const out: ApplicableRule[] = [];
  for (const r of set.rules) {
    const m = r.scope.match;
    if (!m.matchesCluster(cluster)) continue;
    if (m.namespaces !== null && !m.namespaces.matches(q.namespace)) continue;
    const conditions: string[] = [];
    const spec = r.definition.match ?? {};
    if (m.kinds !== null) {
      if (q.kind === undefined) conditions.push(`only kinds ${spec.kinds?.join(', ')}`);
      else if (!m.kinds.matches(q.kind)) continue;
    }
    if (spec.labels) {
      if (q.labels === undefined) conditions.push('only workloads whose labels match its selector');
      else if (!m.matchesLabels(q.labels)) continue;
    }
    if (spec.images) conditions.push(`only images ${spec.images.join(', ')}`);
    if (spec.slots) conditions.push(`only ${spec.slots.join(', ')} slots`);
    const ex = r.definition.exclude;
    if (ex) {
      const complete = q.kind !== undefined && q.labels !== undefined;
      const excludedWholly =
        complete &&
        r.scope.exclude !== null &&
        !r.scope.exclude.hasSlotFields &&
        r.scope.exclude.matchesCluster(cluster) &&
        r.scope.exclude.matchesWorkload({ cluster, namespace: q.namespace, kind: q.kind!, labels: q.labels! });
      if (excludedWholly) continue;
      conditions.push('except what its exclude names');
    }
    out.push({
      rule: r.definition,
      summary: ruleKindHandler(r.definition.kind).summary,
      conditional: conditions.length > 0,
      conditions,
    });
  }
  return out;
}

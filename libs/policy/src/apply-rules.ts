import { preloadedMatcher, type K8sEvaluation, type SlotEvaluation, type WorkloadEvaluation } from '#k8s';
import type { CompiledRule, CompiledRuleSet } from './compile.js';
import { slotKey, type FindingsBySlot } from './evaluation-result.js';
import type { PolicyFinding } from './exceptions.js';
import { resolveFixConflicts } from './fix-conflicts.js';
import type { RuleEnv } from './kinds/types.js';
import type { SlotSubject, WorkloadSubject } from './match-spec.js';
import type { RuleContext } from './rule-types.js';

/** What the checks need from the evaluation, computed once. */
export function ruleEnv(k8s: K8sEvaluation, ctx: RuleContext): RuleEnv {
  const preloaded = preloadedMatcher(ctx.preloadedImages);
  // Policy fields written with an invalid value: libs/k8s reports them as errors at the field's path and
  // treats the field as unset; for a fix the field is nevertheless present (replace, not add).
  const invalidPolicyFields = new Set(
    k8s.errors
      .filter((e) => e.code === 'invalid-pull-policy' && e.document !== null && e.path !== null)
      .map((e) => slotKey(e.document!, e.path!)),
  );
  return {
    ctx,
    isPreloaded: (image) => image.error === null && preloaded({ ...image, runtimeImage: null }),
    policyFieldPresent: (w, s) =>
      s.pullPolicy.declared !== null ||
      invalidPolicyFields.has(
        slotKey(w.document, `${s.path}.${s.type === 'imageVolume' ? 'pullPolicy' : 'imagePullPolicy'}`),
      ),
  };
}

function workloadSubject(w: WorkloadEvaluation, ctx: RuleContext): WorkloadSubject {
  return { cluster: ctx.cluster, namespace: w.namespace, kind: w.kind, labels: w.labels };
}

function slotSubject(s: SlotEvaluation): SlotSubject {
  return { image: s.image, type: s.type };
}

/**
 * Applies a compiled rule set to what Kubernetes decided (libs/k8s evaluateManifests): for every slot, the
 * findings of the rules that apply to it, in rule-name order, with exceptions decided at `ctx.now`.
 * Slots without findings have no entry. Keys: `slotKey(document, slot path)`. `ran`, when given, receives every
 * rule that applied to at least one slot, with or without a finding (the result's `rules`).
 */
export function applyRules(
  k8s: K8sEvaluation,
  set: CompiledRuleSet,
  ctx: RuleContext,
  ran?: Set<CompiledRule>,
): FindingsBySlot {
  const out: FindingsBySlot = new Map();
  if (set.rules.length === 0) return out;
  const env = ruleEnv(k8s, ctx);
  for (const workload of k8s.workloads) {
    const subject = workloadSubject(workload, ctx);
    const rules = set.workloadRules(subject);
    if (rules.isEmpty) continue;
    for (const slot of workload.slots) {
      const slotSubj = slotSubject(slot);
      const findings: PolicyFinding[] = [];
      for (const rule of rules.forImage(slot.image)) {
        if (!rule.scope.appliesToSlot(subject, slotSubj)) continue;
        ran?.add(rule);
        const result = rule.check({ slot, workload, env });
        if (result === null) continue;
        const def = rule.definition;
        const waiver = set.exceptions.concerns(def.name)
          ? set.exceptions.decide(def.name, subject, slotSubj, ctx.now)
          : null;
        const finding: PolicyFinding = {
          rule: def.name,
          ruleId: def.id,
          ruleVersion: def.version,
          kind: def.kind,
          enforcement: def.enforcement,
          severity: def.severity,
          message: result.message,
          waived: waiver?.waivedBy != null,
          waivedBy: waiver?.waivedBy ?? null,
          fix: result.fix,
        };
        if (waiver?.expiredWaiver) finding.expiredWaiver = waiver.expiredWaiver;
        findings.push(finding);
      }
      if (findings.length > 0) out.set(slotKey(workload.document, slot.path), resolveFixConflicts(findings));
    }
  }
  return out;
}

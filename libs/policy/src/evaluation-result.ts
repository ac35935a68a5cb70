import type {
  EvaluationError,
  K8sEvaluation,
  KubeletEvent,
  NodeBehaviour,
  NodeOutcome,
  PullPolicyResolution,
  SkippedResource,
  SlotEvaluation,
  SlotImage,
} from '#k8s';
import type { z } from 'zod';
import type { RuleDefinition } from './rule-types.js';
import {
  VERDICTS,
  type enforcementSchema,
  type evaluatedRuleSchema,
  type effectivePolicySchema,
  type evaluationAnswerSchema,
  type evaluationResultSchema,
  type evaluationSummarySchema,
  type findingSchema,
  type fixSchema,
  type engineErrorSchema,
  type inputErrorSchema,
  type jsonPatchOperationSchema,
  type kubeletEventSchema,
  type locatedFindingSchema,
  type nodeBehaviourSchema,
  type nodeOutcomeSchema,
  type pullPolicyResolutionSchema,
  type severitySchema,
  type skippedResourceSchema,
  type slotEvaluationShape,
  type slotImageSchema,
  type slotSchema,
  type verdictSchema,
  type workloadSchema,
} from './result-schema/index.js';

// The result's types are what its schema infers (docs/design.md "The result schema"): a field is added to the
// schema in libs/policy/src/result-schema/, not here.
export type Enforcement = z.output<typeof enforcementSchema>;
export type Severity = z.output<typeof severitySchema>;
/** `error`: part of the input could not be judged, so no other verdict may stand (a gate never passes it). */
export type Verdict = z.output<typeof verdictSchema>;
/** RFC 6902 operation against the submitted manifest. */
export type JsonPatchOperation = z.output<typeof jsonPatchOperationSchema>;
/** How to fix a finding: a patch at the exact path, or a concrete instruction. */
export type Fix = z.output<typeof fixSchema>;
export type Finding = z.output<typeof findingSchema>;
/** A slot as libs/k8s evaluates it, with the organizational findings on top. */
export type SlotResult = z.output<typeof slotSchema>;
export type WorkloadResult = z.output<typeof workloadSchema>;
export type LocatedFinding = z.output<typeof locatedFindingSchema>;
export type EvaluationSummary = z.output<typeof evaluationSummarySchema>;
/** An input error as results publish it (`code` may be absent in results recorded before errors had one). */
export type InputError = z.output<typeof inputErrorSchema>;
/**
 * A rule the evaluation ran (enabled, valid, applying to at least one slot), with or without findings. Reports
 * make one test case per workload and rule of this list, so every rendering of one result counts the same checks
 * wherever it is made.
 */
export type EvaluatedRule = z.output<typeof evaluatedRuleSchema>;
export type EvaluationResult = z.output<typeof evaluationResultSchema>;
/** The result as the API answers it: `id` is set when it was recorded. */
export type EvaluationAnswer = z.output<typeof evaluationAnswerSchema>;
/** One image in one namespace (GET /v1/effective-policy, GraphQL `effectivePolicy`, chat-ops `check`). */
export type EffectivePolicyAnswer = z.output<typeof effectivePolicySchema>;

/**
 * The question "what happens to this image in this namespace" as the manifest it stands for: a Pod `query` with
 * one container `main`, the pull policy as given.
 */
export function effectivePolicyPod(image: string, namespace: string, policy?: string): Record<string, unknown> {
  const container: Record<string, string> = { name: 'main', image };
  if (policy) container.imagePullPolicy = policy;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'query', namespace }, spec: { containers: [container] } };
}

/** The answer from the evaluation of effectivePolicyPod: its one slot, with the namespace and assumptions. */
export function effectivePolicyAnswer(result: EvaluationResult): EffectivePolicyAnswer {
  const workload = result.workloads[0]!;
  const slot = workload.slots[0]!;
  return {
    image: slot.image,
    pullPolicy: slot.pullPolicy,
    node: slot.node,
    fleet: slot.fleet,
    findings: slot.findings,
    namespace: workload.namespace,
    assumptions: result.assumptions,
  };
}

export { VERDICTS };

/** True when A and B are assignable to each other and have the same keys (optional ones included). */
type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;
type Assert<T extends true> = T;

/**
 * libs/k8s has no zod, so its part of the result stays written by hand there; this proves each of those types
 * equals what the schema infers, so a field added to one and not the other breaks the typecheck.
 */
type _K8sTypesFollowTheSchema = [
  Assert<Same<SlotImage, z.output<typeof slotImageSchema>>>,
  Assert<Same<PullPolicyResolution, z.output<typeof pullPolicyResolutionSchema>>>,
  Assert<Same<KubeletEvent, z.output<typeof kubeletEventSchema>>>,
  Assert<Same<NodeOutcome, z.output<typeof nodeOutcomeSchema>>>,
  Assert<Same<NodeBehaviour, z.output<typeof nodeBehaviourSchema>>>,
  Assert<Same<SlotEvaluation, z.output<z.ZodObject<typeof slotEvaluationShape>>>>,
  Assert<Same<EvaluationError, z.output<typeof engineErrorSchema>>>,
  Assert<Same<SkippedResource, z.output<typeof skippedResourceSchema>>>,
];

/** Findings for one slot, keyed by `${document}:${slot path}`. */
export type FindingsBySlot = Map<string, Finding[]>;

export function slotKey(document: number, path: string): string {
  return `${document}:${path}`;
}

/** The worse of two verdicts: error > fail > warn > pass. */
export function worseVerdict(a: Verdict, b: Verdict): Verdict {
  return VERDICTS.indexOf(b) > VERDICTS.indexOf(a) ? b : a;
}

/** A rule definition as results list it (`rules`) and reports catalogue it. */
export function evaluatedRule(r: RuleDefinition): EvaluatedRule {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    version: r.version,
    enforcement: r.enforcement,
    severity: r.severity,
    description: r.description ?? null,
  };
}

/**
 * Assembles the API result: verdict `error` when any input error exists (whatever the findings), else `fail`
 * if an unwaived deny finding exists, else `warn` if an unwaived warn finding exists, else `pass`.
 * `rules` are the rules that were applied (CompiledRuleSet.evaluatedRules: mapped once per rule set, not per
 * evaluation).
 */
export function assembleResult(
  k8s: K8sEvaluation,
  findingsBySlot: FindingsBySlot = new Map(),
  rules: readonly EvaluatedRule[] = [],
): EvaluationResult {
  const counts = { deny: 0, warn: 0, audit: 0, waived: 0 };
  const located: LocatedFinding[] = [];
  const workloads = k8s.workloads.map((w) => ({
    document: w.document,
    kind: w.kind,
    name: w.name,
    namespace: w.namespace,
    line: w.line,
    slots: w.slots.map((s) => {
      const findings = findingsBySlot.get(slotKey(w.document, s.path)) ?? [];
      for (const f of findings) {
        if (f.waived) counts.waived++;
        else counts[f.enforcement]++;
        located.push({
          ...f,
          document: w.document,
          workload: `${w.kind}/${w.name}`,
          slot: s.path,
          namespace: w.namespace,
          line: s.line,
        });
      }
      return { ...s, findings };
    }),
  }));
  const verdict: Verdict =
    k8s.errors.length > 0 ? 'error' : counts.deny > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'pass';
  return {
    verdict,
    summary: { ...k8s.summary, findings: counts },
    workloads,
    findings: located,
    errors: k8s.errors,
    skipped: k8s.skipped,
    rules,
    assumptions: k8s.assumptions,
  };
}

/** The answer to an input with nothing in it (the engine's `no-objects` error), worded once for the API and the CLI. */
export function noObjectsDetail(e: EvaluationError): string {
  return `${e.message}: send at least one manifest (YAML or JSON text, one object, or a list).`;
}

/** What decides whether anything in an input was read (libs/k8s counts, workloads, errors and skipped objects). */
export interface ReadOutcome {
  summary: { documents: number };
  workloads: readonly unknown[];
  errors: readonly EvaluationError[];
  skipped?: readonly unknown[];
}

/**
 * Null when at least one object of the input was read; otherwise why nothing at all can be judged (every
 * document is an error). The service answers that with a 422 and the CLI with exit 2, instead of a result.
 * A blank input (the engine's `no-objects` error) is not this: it has nothing to read.
 */
export function nothingReadDetail(e: ReadOutcome): string | null {
  if (e.errors.length === 0 || e.workloads.length > 0 || (e.skipped?.length ?? 0) > 0) return null;
  if (e.errors.some((x) => x.code === 'no-objects')) return null;
  const n = e.summary.documents;
  const failed = new Set(e.errors.map((x) => x.document));
  for (let d = 0; d < n; d++) if (!failed.has(d)) return null;
  const which =
    n === 0 ? 'no document could be parsed' : n === 1 ? 'its document has errors' : `all ${n} documents have errors`;
  return `No Kubernetes object could be read from the input: ${which} (listed in errors).`;
}

import type { EvaluationError, K8sEvaluation, SkippedResource, SlotEvaluation } from '#k8s';
import type { RuleDefinition } from './rule-types.js';

export type Enforcement = 'deny' | 'warn' | 'audit';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
/** `error`: part of the input could not be judged, so no other verdict may stand (a gate never passes it). */
export type Verdict = 'pass' | 'warn' | 'fail' | 'error';
export const VERDICTS: readonly Verdict[] = Object.freeze(['pass', 'warn', 'fail', 'error']);

/** RFC 6902 operation against the submitted manifest. */
export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

/** How to fix a finding: a patch at the exact path, or a concrete instruction. */
export interface Fix {
  description: string;
  /** Document index the patch applies to. */
  document: number;
  patch: JsonPatchOperation[];
  /** A rewritten image reference, when the fix is an image change (e.g. pin a digest). */
  image: string | null;
}

export interface Finding {
  rule: string;
  ruleId: string;
  ruleVersion: number;
  kind: string;
  enforcement: Enforcement;
  severity: Severity;
  message: string;
  waived: boolean;
  /** Name of the exception that waives it, or null. */
  waivedBy: string | null;
  /** An exception that would have waived it but has expired (it waives nothing). */
  expiredWaiver?: string | null;
  fix: Fix | null;
  /** Set when another rule's fix patches the same path differently: this fix is withheld (fix-conflicts.ts). */
  fixConflict?: { rule: string; path: string } | null;
}

/** A slot as libs/k8s evaluates it, with the organizational findings on top. */
export interface SlotResult extends SlotEvaluation {
  findings: Finding[];
}

export interface WorkloadResult {
  document: number;
  kind: string;
  name: string;
  namespace: string;
  line: number;
  slots: SlotResult[];
}

export interface LocatedFinding extends Finding {
  document: number;
  /** `Kind/name` of the workload. */
  workload: string;
  /** Slot path within the document. */
  slot: string;
  namespace: string;
  line: number;
}

export interface EvaluationSummary {
  documents: number;
  workloads: number;
  slots: number;
  findings: { deny: number; warn: number; audit: number; waived: number };
}

/**
 * A rule the evaluation ran (enabled and valid), with or without findings. Reports make one test case per
 * workload and rule of this list, so every rendering of one result counts the same checks wherever it is made.
 */
export interface EvaluatedRule {
  id: string;
  name: string;
  kind: string;
  version: number;
  enforcement: Enforcement;
  severity: Severity;
  description: string | null;
}

export interface EvaluationResult {
  verdict: Verdict;
  summary: EvaluationSummary;
  workloads: WorkloadResult[];
  findings: LocatedFinding[];
  errors: EvaluationError[];
  /** Objects with image-like fields that were read but not evaluated; they do not change the verdict. */
  skipped: SkippedResource[];
  rules: readonly EvaluatedRule[];
  assumptions: string[];
}

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

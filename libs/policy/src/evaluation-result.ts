import type { EvaluationError, K8sEvaluation, SlotEvaluation } from '#k8s';

export type Enforcement = 'deny' | 'warn' | 'audit';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Verdict = 'pass' | 'warn' | 'fail';

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

export interface EvaluationResult {
  verdict: Verdict;
  summary: EvaluationSummary;
  workloads: WorkloadResult[];
  findings: LocatedFinding[];
  errors: EvaluationError[];
  assumptions: string[];
}

/** Findings for one slot, keyed by `${document}:${slot path}`. */
export type FindingsBySlot = Map<string, Finding[]>;

export function slotKey(document: number, path: string): string {
  return `${document}:${path}`;
}

/**
 * Assembles the API result: verdict `fail` if an unwaived deny finding exists, else `warn` if an
 * unwaived warn finding exists, else `pass` (docs/architecture.md "Domain words").
 */
export function assembleResult(k8s: K8sEvaluation, findingsBySlot: FindingsBySlot = new Map()): EvaluationResult {
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
  const verdict: Verdict = counts.deny > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'pass';
  return {
    verdict,
    summary: { ...k8s.summary, findings: counts },
    workloads,
    findings: located,
    errors: k8s.errors,
    assumptions: k8s.assumptions,
  };
}

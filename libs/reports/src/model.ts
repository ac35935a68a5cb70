import {
  enforcementRank,
  severityRank,
  slotKey,
  type EvaluationResult,
  type LocatedFinding,
  type SlotResult,
  type WorkloadResult,
} from '#policy';
import type { ReportRule } from './types.js';

/** Unwaived first, then by enforcement, severity, and the order of the result. */
export function byImportance(a: LocatedFinding, b: LocatedFinding): number {
  return (
    Number(a.waived) - Number(b.waived) ||
    enforcementRank(a.enforcement) - enforcementRank(b.enforcement) ||
    severityRank(a.severity) - severityRank(b.severity)
  );
}

/**
 * The rules a report speaks about: the rules the evaluation ran (`result.rules`; the given catalogue only for a
 * result recorded before results carried them), then every rule that appears in a finding but not there, in
 * order of appearance, so that every finding has its rule. Names are unique. Taking the list from the result
 * is what makes a report made by the service and one made by the CLI from the same result count the same.
 */
export function ruleCatalogue(result: EvaluationResult, catalogue: readonly ReportRule[] | null): ReportRule[] {
  const out: ReportRule[] = [];
  const seen = new Set<string>();
  const add = (r: ReportRule) => {
    if (seen.has(r.name)) return;
    seen.add(r.name);
    out.push(r);
  };
  const ran: readonly ReportRule[] | undefined = (result as Partial<EvaluationResult>).rules;
  for (const r of ran ?? catalogue ?? []) add(r);
  for (const f of result.findings) {
    add({
      id: f.ruleId,
      name: f.rule,
      kind: f.kind,
      description: null,
      enforcement: f.enforcement,
      severity: f.severity,
      version: f.ruleVersion,
    });
  }
  return out;
}

export interface SlotRef {
  workload: WorkloadResult;
  slot: SlotResult;
}

/** Slots by slotKey(document, path), the key findings carry. */
export function slotIndex(result: EvaluationResult): Map<string, SlotRef> {
  const map = new Map<string, SlotRef>();
  for (const workload of result.workloads) {
    for (const slot of workload.slots) map.set(slotKey(workload.document, slot.path), { workload, slot });
  }
  return map;
}

export function slotOf(index: Map<string, SlotRef>, f: LocatedFinding): SlotRef | undefined {
  return index.get(slotKey(f.document, f.slot));
}

/** `Kind/name (namespace)`: unique within one evaluation's namespaces. */
export function workloadTitle(w: Pick<WorkloadResult, 'kind' | 'name' | 'namespace'>): string {
  return `${w.kind}/${w.name} (${w.namespace})`;
}

/** Findings of one workload (by document: a document holds at most one workload, or a List of them). */
export function findingsOf(result: EvaluationResult, w: WorkloadResult): LocatedFinding[] {
  const paths = new Set(w.slots.map((s) => s.path));
  return result.findings.filter((f) => f.document === w.document && paths.has(f.slot));
}

/** The image as written, or a placeholder when the slot has none. */
export function imageText(slot: SlotResult | undefined): string {
  if (!slot) return '';
  return slot.image.reference === '' ? '(none)' : slot.image.reference;
}

export function fixText(f: Pick<LocatedFinding, 'fix'>): string {
  if (!f.fix) return '';
  return f.fix.image ? `${f.fix.description} (image: ${f.fix.image})` : f.fix.description;
}

/** Ends a text with a full stop unless it already ends with punctuation, to append another sentence. */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed === '' || /[.!?:;]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

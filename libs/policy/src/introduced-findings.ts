import { slotKey, type EvaluationResult, type LocatedFinding, type SlotResult } from './evaluation-result.js';

/**
 * What an update introduces: the findings of the new object that the old one did not have. A finding is the
 * same when the rule, the slot (type and name: a container keeps its name when others are added before it,
 * its index does not) and the message (which names the image and the pull policy that broke the rule) are.
 *
 * This is the AlwaysPullImages plugin's update short-circuit (plugin/pkg/admission/alwayspullimages/admission.go,
 * isUpdateWithNoNewImages: an update that brings no new image is neither mutated nor validated), applied per
 * finding rather than per object, and Kyverno's `allowExistingViolations` (on by default) with the finer key
 * that a changed image, a reverted pull policy or a new container is judged even when the rule already failed.
 * Both results must come from the same rules, exceptions and moment. Without a previous result (create), every
 * finding is introduced.
 */
export function introducedFindings(current: EvaluationResult, previous: EvaluationResult | null): LocatedFinding[] {
  if (previous === null) return current.findings;
  const before = new Set(previous.findings.map((f) => fingerprint(previous, f)));
  return current.findings.filter((f) => !before.has(fingerprint(current, f)));
}

function fingerprint(result: EvaluationResult, f: LocatedFinding): string {
  const slot = slotOf(result, f);
  return JSON.stringify([f.ruleId, slot?.type ?? null, slot?.name ?? f.slot, f.message]);
}

/** The slot a located finding belongs to. */
export function slotOf(result: EvaluationResult, f: Pick<LocatedFinding, 'document' | 'slot'>): SlotResult | null {
  const key = slotKey(f.document, f.slot);
  for (const w of result.workloads) {
    if (w.document !== f.document) continue;
    for (const s of w.slots) if (slotKey(w.document, s.path) === key) return s;
  }
  return null;
}

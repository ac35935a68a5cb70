import type { Enforcement, JsonPatchOperation } from './evaluation-result.js';
import type { PolicyFinding } from './exceptions.js';
import { MUTATING_KIND } from './mutation-patch.js';

/** Another rule's fix sets `path` differently, so this finding's fix is withheld. */
export interface FixConflict {
  /** The rule whose fix stays. */
  rule: string;
  /** RFC 6901 pointer both fixes patch. */
  path: string;
}

const RANK: Record<Enforcement, number> = { deny: 0, warn: 1, audit: 2 };

function samePatch(a: JsonPatchOperation, b: JsonPatchOperation): boolean {
  // add and replace of one value at one member end the same (RFC 6902 §4.1).
  if (a.op === 'remove' || b.op === 'remove') return a.op === b.op;
  return JSON.stringify(a.value) === JSON.stringify(b.value);
}

/** The fix the mutating admission webhook would apply: it applies no other kind's fix. */
function mutates(finding: PolicyFinding): boolean {
  return finding.kind === MUTATING_KIND && !finding.waived;
}

/**
 * One slot's findings with at most one patch per path, so applying every fix of a result is well defined
 * (`add …/imagePullPolicy Always` and `add … IfNotPresent` cannot both be applied). Fixes are claimed in order of
 * weight: unwaived before waived, then deny, warn, audit, then rule-name order. A fix that sets a claimed path
 * to another value is withheld (`fix: null`) and the finding names the rule whose fix stays (`fixConflict`).
 * When fixes agree on a path, one keeps the operation and the others drop it and say which rule's fix makes it:
 * the heaviest, unless an unwaived set-pull-policy fix agrees. That one keeps it, because the mutating webhook
 * applies only set-pull-policy fixes (mutationPatch): were the operation left with a warn `mutable-tag-requires-
 * always` fix, the webhook would patch nothing and the very warning the mutation resolves would stay. Finding
 * order is unchanged.
 */
export function resolveFixConflicts(findings: readonly PolicyFinding[]): PolicyFinding[] {
  const out = [...findings];
  const order = findings
    .map((finding, index) => ({ finding, index }))
    .filter(({ finding }) => finding.fix !== null && finding.fix.patch.length > 0)
    .sort(
      (a, b) =>
        Number(a.finding.waived) - Number(b.finding.waived) ||
        RANK[a.finding.enforcement] - RANK[b.finding.enforcement] ||
        a.index - b.index,
    );
  /** Per path: the heaviest fix (it decides conflicts) and the fix that keeps the operation. */
  const claimed = new Map<string, { rule: string; op: JsonPatchOperation; madeBy: PolicyFinding }>();
  const kept: { finding: PolicyFinding; index: number }[] = [];
  for (const { finding, index } of order) {
    const fix = finding.fix!;
    const clash = fix.patch.find((op) => {
      const owner = claimed.get(op.path);
      return owner !== undefined && !samePatch(owner.op, op);
    });
    if (clash) {
      out[index] = { ...finding, fix: null, fixConflict: { rule: claimed.get(clash.path)!.rule, path: clash.path } };
      continue;
    }
    kept.push({ finding, index });
    for (const op of fix.patch) {
      const owner = claimed.get(op.path);
      if (owner === undefined) claimed.set(op.path, { rule: finding.rule, op, madeBy: finding });
      else if (mutates(finding) && !mutates(owner.madeBy)) owner.madeBy = finding;
    }
  }
  for (const { finding, index } of kept) {
    const fix = finding.fix!;
    const shared = fix.patch.filter((op) => claimed.get(op.path)!.madeBy !== finding);
    if (shared.length === 0) continue;
    const by = shared.map((op) => `${op.path} by the fix of rule "${claimed.get(op.path)!.madeBy.rule}"`).join(', ');
    out[index] = {
      ...finding,
      fix: {
        ...fix,
        patch: fix.patch.filter((op) => !shared.includes(op)),
        description: `${fix.description} (already made: ${by})`,
      },
    };
  }
  return out;
}

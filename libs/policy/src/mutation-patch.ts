import type { JsonPatchOperation, LocatedFinding } from './evaluation-result.js';

/** The rule kind whose fixes the mutating admission webhook applies (kinds/set-pull-policy.ts). */
export const MUTATING_KIND = 'set-pull-policy';

export interface MutationPatch {
  /** RFC 6902 operations against the submitted object, in slot order; empty when nothing changes. */
  operations: JsonPatchOperation[];
  /** The findings whose fix the operations apply, one per operation. */
  applied: LocatedFinding[];
}

/**
 * The JSON patch the mutating webhook answers with: the fix of every unwaived set-pull-policy finding among
 * `findings` (exceptions waive a mutation as they waive any finding). When several such rules set one field,
 * the first by rule name wins (findings come in rule-name order per slot); the others stay findings. A fix
 * without a patch (AlwaysPullImages decides the field) changes nothing.
 *
 * Idempotent: a field already at its target produces no finding, so re-invoking the webhook on its own output
 * (reinvocationPolicy: IfNeeded) answers no patch.
 */
export function mutationPatch(findings: readonly LocatedFinding[]): MutationPatch {
  const operations: JsonPatchOperation[] = [];
  const applied: LocatedFinding[] = [];
  const paths = new Set<string>();
  for (const f of findings) {
    if (f.kind !== MUTATING_KIND || f.waived || f.fix === null) continue;
    for (const op of f.fix.patch) {
      if (paths.has(op.path)) continue;
      paths.add(op.path);
      operations.push(op);
      applied.push(f);
    }
  }
  return { operations, applied };
}

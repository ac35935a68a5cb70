import type { PullPolicy } from '#k8s';
import { instructionFix, patchFix, setPolicyPatch } from '../fixes.js';
import { admissionForcesAlways, imageText, policyField, policySource } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/** The policy a set-pull-policy rule sets when `policy` is not given: what AlwaysPullImages sets. */
const SET_PULL_POLICY_DEFAULT: PullPolicy = 'Always';

/**
 * A scoped AlwaysPullImages (plugin/pkg/admission/alwayspullimages/admission.go sets Always on every container
 * of every Pod, cluster-wide): pullwise's mutating webhook (POST /admission/mutate) applies the fix of this
 * rule's findings, so the finding is what the webhook changes. Where the webhook is not in the path (CI, the
 * effective-policy question) the same finding tells what admission will change; its enforcement decides how it
 * counts there, and in the validating webhook, which runs after every mutation, it remains only when the
 * mutation did not happen (the plugin's own Admit/Validate pair, docs/kubernetes-semantics.md R3.4/R3.5).
 *
 * Unlike the plugin it also covers workload templates and, through the pods/ephemeralcontainers subresource,
 * ephemeral containers (the plugin ignores every subresource); `match.slots` or `exclude.slots` narrow it.
 */
export const setPullPolicyKind: RuleKindHandler<'set-pull-policy'> = {
  kind: 'set-pull-policy',
  summary: "pullwise's mutating admission webhook sets the pull policy (a scoped AlwaysPullImages)",
  compile({ policy, when }) {
    const target = policy ?? SET_PULL_POLICY_DEFAULT;
    const digestOnly = when?.digest;
    return ({ slot, workload, env }: CheckInput): CheckResult | null => {
      if (digestOnly !== undefined && (slot.image.digest !== null) !== digestOnly) return null;
      const effective = slot.pullPolicy.effective;
      if (effective === target) return null;
      const field = policyField(slot.type);
      const message = `${imageText(slot)} has effective ${field} ${effective} (${policySource(slot)}); this rule has pullwise's admission webhook set it to ${target}`;
      // AlwaysPullImages rewrites the Pod's containers to Always before any webhook runs and its Validate phase
      // rejects any other value set afterwards (B25), so a patch could only get the Pod rejected.
      if (admissionForcesAlways(slot)) {
        return {
          message,
          fix: instructionFix(
            workload.document,
            `the cluster's AlwaysPullImages admission plugin forces ${field} Always and rejects any other value set after it, so the webhook leaves it alone; disable the plugin for this cluster or scope the rule away from it`,
          ),
        };
      }
      return {
        message,
        fix: patchFix(
          workload.document,
          `set ${field}: ${target} (the mutating webhook applies this at admission)`,
          setPolicyPatch(slot, target, env.policyFieldPresent(workload, slot)),
        ),
      };
    };
  },
};

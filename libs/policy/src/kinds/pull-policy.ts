import type { PullPolicy, SlotEvaluation } from '#k8s';
import { instructionFix, patchFix, setPolicyPatch } from '../fixes.js';
import { admissionForcesAlways, imageText, policyField, policySource } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/** Preferred replacement: Always for images without digest, IfNotPresent for digest-pinned ones; Never last. */
function target(slot: SlotEvaluation, allowed: readonly PullPolicy[]): PullPolicy {
  const order: PullPolicy[] =
    slot.image.digest === null ? ['Always', 'IfNotPresent', 'Never'] : ['IfNotPresent', 'Always', 'Never'];
  return order.find((p) => allowed.includes(p)) ?? allowed[0]!;
}

export const pullPolicyKind: RuleKindHandler<'pull-policy'> = {
  kind: 'pull-policy',
  summary: 'the effective pull policy is one of `allowed` (optionally only for images with, or without, a digest)',
  compile({ allowed, when }) {
    const allowedSet = new Set(allowed);
    const digestOnly = when?.digest;
    const scope =
      digestOnly === true ? ' for images pinned by digest' : digestOnly === false ? ' for images without a digest' : '';
    return ({ slot, workload, env }: CheckInput): CheckResult | null => {
      if (digestOnly !== undefined && (slot.image.digest !== null) !== digestOnly) return null;
      const effective = slot.pullPolicy.effective;
      if (allowedSet.has(effective)) return null;
      const field = policyField(slot.type);
      const pinned = slot.image.digest !== null ? ' is pinned by digest and' : '';
      const message = `${imageText(slot)}${pinned} has effective ${field} ${effective} (${policySource(slot)}); this rule allows only ${allowed.join(' or ')}${scope}`;
      const value = target(slot, allowed);
      if (admissionForcesAlways(slot) && value !== 'Always') {
        return {
          message,
          fix: instructionFix(
            workload.document,
            `the cluster's AlwaysPullImages admission plugin rewrites every container's ${field} to Always, so no change to the manifest can give ${allowed.join(' or ')}; disable the plugin for this cluster or scope the rule away from it`,
          ),
        };
      }
      const present = env.policyFieldPresent(workload, slot);
      return {
        message,
        fix: patchFix(workload.document, `set ${field}: ${value}`, setPolicyPatch(slot, value, present)),
      };
    };
  },
};

import { patchFix, setPolicyPatch } from '../fixes.js';
import { defaultBecause, imageText, policyField } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

export const explicitPullPolicyKind: RuleKindHandler<'explicit-pull-policy'> = {
  kind: 'explicit-pull-policy',
  summary: 'the manifest sets the pull policy instead of relying on API-server defaulting',
  compile() {
    return ({ slot, workload, env }: CheckInput): CheckResult | null => {
      if (slot.pullPolicy.declared !== null) return null;
      // An invalid value is written (and reported as an evaluation error): the field is not left to defaulting.
      if (env.policyFieldPresent(workload, slot)) return null;
      const field = policyField(slot.type);
      const { default: defaulted, effective } = slot.pullPolicy;
      const after =
        effective !== defaulted ? `, and the AlwaysPullImages admission plugin then rewrites it to ${effective}` : '';
      const message = `${imageText(slot)} does not set ${field}, so the API server defaults it to ${defaulted} ${defaultBecause(slot)}${after}; set it explicitly`;
      return {
        message,
        fix: patchFix(
          workload.document,
          `set ${field}: ${defaulted} (what defaulting gives today), or the policy you intend`,
          setPolicyPatch(slot, defaulted, false),
        ),
      };
    };
  },
};

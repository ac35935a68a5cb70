import { GlobList } from '../glob.js';
import { patchFix, setPolicyPatch } from '../fixes.js';
import { digestTemplate, effectivePhrase, policyField, tagPhrase } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/**
 * An image referenced by tag without a digest must be pulled with Always: every tag is mutable unless it
 * matches `immutableTags` (explicit configuration, not a heuristic: docs/design.md D2).
 * Digest-pinned images never fire (docs/design.md D1); an image that does not parse has no tag to judge.
 */
export const mutableTagRequiresAlwaysKind: RuleKindHandler<'mutable-tag-requires-always'> = {
  kind: 'mutable-tag-requires-always',
  summary: 'an image referenced by a mutable tag without digest has effective pull policy Always',
  compile({ immutableTags }) {
    const immutable = new GlobList(immutableTags ?? []);
    return ({ slot, workload, env }: CheckInput): CheckResult | null => {
      const { image } = slot;
      if (image.error !== null || image.digest !== null || image.tag === null) return null;
      if (immutable.matches(image.tag)) return null;
      if (slot.pullPolicy.effective === 'Always') return null;
      const field = policyField(slot.type);
      const message = `${tagPhrase(slot)} and ${effectivePhrase(slot)}; mutable tags must be pulled with Always`;
      const pin = digestTemplate(slot);
      return {
        message,
        fix: patchFix(
          workload.document,
          `set ${field}: Always${pin ? `, or pin the image by digest (${pin})` : ''}`,
          setPolicyPatch(slot, 'Always', env.policyFieldPresent(workload, slot)),
        ),
      };
    };
  },
};

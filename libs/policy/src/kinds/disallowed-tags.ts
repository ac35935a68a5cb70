import { GlobList } from '../glob.js';
import { instructionFix } from '../fixes.js';
import { digestTemplate, imageText, tagImplied } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/**
 * The tag must not match one of `tags`. An untagged image counts as `latest` (docs/design.md D3). An image
 * with a digest is judged by its digest, not its tag: digest-only images have no tag, and a tag written
 * beside a digest is informational (the kubelet pulls the digest), so both pass (docs/design.md D1).
 * An image that does not parse has no tag to judge.
 */
export const disallowedTagsKind: RuleKindHandler<'disallowed-tags'> = {
  kind: 'disallowed-tags',
  summary: 'the tag is not one of the disallowed tags or patterns; an untagged image counts as latest',
  compile({ tags }) {
    const disallowed = new GlobList(tags);
    return ({ slot, workload }: CheckInput): CheckResult | null => {
      const { image } = slot;
      if (image.error !== null || image.digest !== null || image.tag === null) return null;
      const hit = disallowed.firstMatch(image.tag);
      if (hit === null) return null;
      const img = imageText(slot);
      const verdict = hit === image.tag ? 'is disallowed' : `matches the disallowed pattern "${hit}"`;
      const message = tagImplied(slot)
        ? `${img} has no tag and no digest, which means tag "latest", and "latest" ${verdict}`
        : `${img} uses tag "${image.tag}", which ${verdict}`;
      const pin = digestTemplate(slot);
      return {
        message,
        fix: instructionFix(
          workload.document,
          `use a specific version tag that this rule allows${pin ? `, or pin the image by digest (${pin})` : ''}`,
        ),
      };
    };
  },
};

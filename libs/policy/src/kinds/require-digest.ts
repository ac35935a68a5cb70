import { instructionFix } from '../fixes.js';
import { digestTemplate, imageText, nameText, tagImplied } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/**
 * The image is pinned by digest. An image that does not parse (e.g. `nginx@sha256:abc`, a digest of the
 * wrong length or an unknown algorithm) is not pinned either: it fires. An empty image (an image volume
 * template whose reference a controller fills in) has nothing to judge and passes.
 * We cannot know the digest, so the fix is an instruction with the exact form to write (`image` stays null).
 */
export const requireDigestKind: RuleKindHandler<'require-digest'> = {
  kind: 'require-digest',
  summary: 'the image is pinned by digest',
  compile() {
    return ({ slot, workload }: CheckInput): CheckResult | null => {
      const { image } = slot;
      if (image.reference === '' || image.digest !== null) return null;
      const img = imageText(slot);
      if (image.error !== null) {
        return {
          message: `${img} does not parse (${image.error}), so it is not pinned to a valid digest; the kubelet refuses it with InvalidImageName`,
          fix: instructionFix(
            workload.document,
            `write a valid reference pinned by digest, e.g. <registry>/<repository>[:<tag>]@sha256:<64 lowercase hex digits>`,
          ),
        };
      }
      const pin = digestTemplate(slot)!;
      const tagWords = tagImplied(slot)
        ? 'has no tag and no digest (tag "latest" is implied)'
        : `uses tag "${image.tag}" without a digest`;
      const lookup = `${nameText(slot)}:${image.tag}`;
      return {
        message: `${img} ${tagWords}; the registry can point the tag at different content, so the image must be pinned by digest`,
        fix: instructionFix(
          workload.document,
          `pin the digest: replace "${img}" with "${pin}", where <digest> is the manifest digest "${lookup}" points to now (e.g. \`crane digest ${lookup}\` or \`docker buildx imagetools inspect ${lookup}\`)`,
        ),
      };
    };
  },
};

import { patchFix, setPolicyPatch } from '../fixes.js';
import { imageText, policyField, policySource } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/**
 * Effective `Never` only for images the cluster profile lists as preloaded (compared like libs/k8s
 * preloadedMatcher: canonical name, so any spelling of the registry host, then digest, else tag). A node without
 * the image fails the container with ErrImageNeverPull. An image that does not parse fails earlier with InvalidImageName and is not judged here.
 */
export const neverRequiresPreloadedKind: RuleKindHandler<'never-requires-preloaded'> = {
  kind: 'never-requires-preloaded',
  summary: 'effective Never only for images the cluster profile lists as preloaded',
  compile() {
    return ({ slot, workload, env }: CheckInput): CheckResult | null => {
      if (slot.pullPolicy.effective !== 'Never') return null;
      if (slot.image.error !== null || slot.image.reference === '') return null;
      if (env.isPreloaded(slot.image)) return null;
      const where = env.ctx.cluster !== null ? `the cluster profile "${env.ctx.cluster}"` : 'the evaluation context';
      const listed =
        env.ctx.preloadedImages.length === 0
          ? `${where} lists no preloaded images`
          : `${where} does not list it among its preloaded images`;
      const field = policyField(slot.type);
      const message = `${imageText(slot)} has effective ${field} Never (${policySource(slot)}), but ${listed}; on a node without the image the container fails with ErrImageNeverPull`;
      return {
        message,
        fix: patchFix(
          workload.document,
          `set ${field}: IfNotPresent so a node without the image pulls it, or add ${imageText(slot)} to the cluster profile's preloadedImages`,
          setPolicyPatch(slot, 'IfNotPresent', env.policyFieldPresent(workload, slot)),
        ),
      };
    };
  },
};

import { patchFix, setPolicyPatch } from '../fixes.js';
import { imageText, policyField, policySource } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/** Nodes named in a message before the rest are counted. */
const NAMED_NODES = 10;

/**
 * Effective `Never` only for images every node holds. With a node inventory (the slot's `fleet`): fires when an
 * eligible node does not list the image, or its list cannot tell (README.md "Fleet: your cluster's own
 * nodes"). Without one: only for images the cluster profile lists as preloaded (compared like libs/k8s
 * preloadedMatcher: canonical name, so any spelling of the registry host, then digest, else tag). A node without
 * the image fails the container with ErrImageNeverPull. An image that does not parse fails earlier with
 * InvalidImageName and is not judged here.
 */
export const neverRequiresPreloadedKind: RuleKindHandler<'never-requires-preloaded'> = {
  kind: 'never-requires-preloaded',
  summary: 'effective Never only for images the cluster profile lists as preloaded',
  compile() {
    return ({ slot, workload, env }: CheckInput): CheckResult | null => {
      if (slot.pullPolicy.effective !== 'Never') return null;
      if (slot.image.error !== null || slot.image.reference === '') return null;
      const field = policyField(slot.type);
      const fix = (orElse: string) =>
        patchFix(
          workload.document,
          `set ${field}: IfNotPresent so a node without the image pulls it, or ${orElse}`,
          setPolicyPatch(slot, 'IfNotPresent', env.policyFieldPresent(workload, slot)),
        );
      if (slot.fleet) {
        const missing = slot.fleet.nodes.filter((n) => n.image !== 'present');
        if (missing.length === 0) return null;
        const absent = missing.filter((n) => n.image === 'absent').length;
        const counts = [
          absent ? `${absent} do not list it` : '',
          missing.length - absent ? `${missing.length - absent} cannot tell (status.images is capped)` : '',
        ].filter(Boolean);
        const names = missing.slice(0, NAMED_NODES).map((n) => n.node);
        const more = missing.length > NAMED_NODES ? ` and ${missing.length - NAMED_NODES} more` : '';
        return {
          message:
            `${imageText(slot)} has effective ${field} Never (${policySource(slot)}), but of the ` +
            `${slot.fleet.eligibleNodes} nodes the pod can land on, ${counts.join(' and ')}: ${names.join(', ')}${more}; ` +
            'on a node without the image the container fails with ErrImageNeverPull',
          fix: fix(`put ${imageText(slot)} on those nodes before the pod lands (a pre-pull DaemonSet, the node image)`),
        };
      }
      if (env.isPreloaded(slot.image)) return null;
      const where = env.ctx.cluster !== null ? `the cluster profile "${env.ctx.cluster}"` : 'the evaluation context';
      const listed =
        env.ctx.preloadedImages.length === 0
          ? `${where} lists no preloaded images`
          : `${where} does not list it among its preloaded images`;
      const message = `${imageText(slot)} has effective ${field} Never (${policySource(slot)}), but ${listed}; on a node without the image the container fails with ErrImageNeverPull`;
      return { message, fix: fix(`add ${imageText(slot)} to the cluster profile's preloadedImages`) };
    };
  },
};

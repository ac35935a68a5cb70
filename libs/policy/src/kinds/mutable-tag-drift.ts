import { instructionFix } from '../fixes.js';
import { imageText, policyField, policySource } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/** Digests (and nodes per digest) named in a message before the rest are counted. */
const NAMED = 3;

/**
 * A tag the nodes a pod can land on hold at different digests, with an effective policy that reuses the cached
 * copy (`IfNotPresent`, `Never`): the workload's pods run different contents depending on their node. Seen only
 * in a node inventory (the slot's `fleet`: each node's status.images lists an image's digest beside its tags).
 * `Always` resolves the tag at every start, so every pod gets the registry's current digest and is not judged.
 * A multi-architecture image is one digest (its index) on containerd and Docker; a runtime that lists per-platform
 * digests could make nodes of different architectures differ, so the message names the nodes per digest.
 */
export const mutableTagDriftKind: RuleKindHandler<'mutable-tag-drift'> = {
  kind: 'mutable-tag-drift',
  summary: "a tag that the cluster's nodes hold at different digests, with a policy that reuses the cached copy",
  compile() {
    return ({ slot, workload }: CheckInput): CheckResult | null => {
      const fleet = slot.fleet;
      if (!fleet || slot.pullPolicy.effective === 'Always') return null;
      if (slot.image.error !== null || slot.image.digest !== null) return null;
      const byDigest = new Map<string, string[]>();
      for (const n of fleet.nodes) if (n.digest) byDigest.set(n.digest, [...(byDigest.get(n.digest) ?? []), n.node]);
      if (byDigest.size < 2) return null;
      const groups = [...byDigest].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
      const shown = groups.slice(0, NAMED).map(([digest, nodes]) => {
        const names =
          nodes.slice(0, NAMED).join(', ') + (nodes.length > NAMED ? ` and ${nodes.length - NAMED} more` : '');
        return `${digest.slice(0, 19)}… on ${names}`;
      });
      const more = groups.length > NAMED ? `; and ${groups.length - NAMED} more digests` : '';
      const field = policyField(slot.type);
      const [newest] = groups[0]!;
      return {
        message:
          `${imageText(slot)} means ${byDigest.size} different images on the nodes the pod can land on ` +
          `(${shown.join('; ')}${more}), and effective ${field} ${slot.pullPolicy.effective} (${policySource(slot)}) ` +
          'reuses whatever each node holds, so its pods run different contents',
        // Which digest is right is the owner's call (the most common one may be the stale one): an instruction.
        fix: instructionFix(
          workload.document,
          `pin the image by digest ("${imageText(slot)}@<digest>"; the one most of these nodes hold is ${newest}, ` +
            `check it is the content you mean), or set ${field}: Always so every start resolves the tag`,
        ),
      };
    };
  },
};

import { instructionFix } from '../fixes.js';
import { RegistryPatternList, canonicalName } from '../image-pattern.js';
import { imageText, quoteList } from '../slot-text.js';
import { acceptedRewriteFix } from './registry-rewrite.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/**
 * `registry/repository` of the normalised reference, its host in the runtime's spelling, must match one of
 * `registries` (image-pattern.ts).
 * An image that does not parse cannot be shown to come from an allowed registry, so it fires (fail closed);
 * an empty image has nothing to judge.
 */
export const allowedRegistriesKind: RuleKindHandler<'allowed-registries'> = {
  kind: 'allowed-registries',
  summary: 'registry/repository of the normalised reference matches one of the allowed patterns',
  compile({ registries, rewrites }) {
    const allowed = new RegistryPatternList(registries);
    const list = quoteList(registries);
    return ({ slot, workload }: CheckInput): CheckResult | null => {
      if (slot.image.reference === '') return null;
      const img = imageText(slot);
      // Compared (and named) in the runtime's spelling of the host, so `GHCR.IO/…` is `ghcr.io/…`.
      const name = canonicalName(slot.image);
      if (name === null) {
        return {
          message: `${img} does not parse (${slot.image.error ?? 'invalid reference'}), so it cannot be shown to come from an allowed registry (${list})`,
          fix: instructionFix(workload.document, `write a valid reference to an image from ${list}`),
        };
      }
      if (allowed.matches(name)) return null;
      const message = `${img} comes from ${name}, which matches none of the allowed registries ${list}`;
      const rewrite = acceptedRewriteFix(
        workload.document,
        slot,
        rewrites ?? [],
        (n) => allowed.matches(n),
        'from an allowed registry',
      );
      if (rewrite !== null) return { message, fix: rewrite };
      return { message, fix: instructionFix(workload.document, `use an image from an allowed registry: ${list}`) };
    };
  },
};

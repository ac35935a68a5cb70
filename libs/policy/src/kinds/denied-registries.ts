import { instructionFix } from '../fixes.js';
import { RegistryPatternList, canonicalName, readAsNote } from '../image-pattern.js';
import { imageText } from '../slot-text.js';
import { acceptedRewriteFix } from './registry-rewrite.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/**
 * `registry/repository` of the normalised reference, its host in the runtime's spelling, must match none of
 * `registries`. An image that does not parse cannot be shown to come from a denied registry and passes here (the
 * kubelet refuses it anyway with InvalidImageName; require-digest or allowed-registries catch it when configured).
 */
export const deniedRegistriesKind: RuleKindHandler<'denied-registries'> = {
  kind: 'denied-registries',
  summary: 'registry/repository of the normalised reference matches none of the denied patterns',
  compile({ registries, rewrites }) {
    const denied = new RegistryPatternList(registries);
    return ({ slot, workload }: CheckInput): CheckResult | null => {
      // Compared (and named) in the runtime's spelling of the host: `GHCR.IO/…` and `ghcr.io:443/…` are `ghcr.io/…`.
      const name = canonicalName(slot.image);
      if (name === null) return null;
      const hit = denied.match(name);
      if (hit === null) return null;
      const img = imageText(slot);
      const message = `${img} comes from ${name}, which matches the denied pattern "${hit}"${readAsNote(hit)}`;
      const rewrite = acceptedRewriteFix(
        workload.document,
        slot,
        rewrites ?? [],
        (n) => !denied.matches(n),
        'from a registry that is not denied',
      );
      if (rewrite !== null) return { message, fix: rewrite };
      return {
        message,
        fix: instructionFix(workload.document, `use an image from a registry that does not match "${hit}"`),
      };
    };
  },
};

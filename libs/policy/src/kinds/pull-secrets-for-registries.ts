import { instructionFix, patchFix, podSpecPointer } from '../fixes.js';
import { RegistryPatternList } from '../image-pattern.js';
import { imageText, nameText, workloadText } from '../slot-text.js';
import type { CheckInput, CheckResult, RuleKindHandler } from './types.js';

/**
 * Images whose `registry/repository` matches `registries` come with imagePullSecrets on the pod spec. Secrets a
 * ServiceAccount adds at admission are not visible in a manifest; the message says so. An image that does
 * not parse has no registry to judge.
 */
export const pullSecretsForRegistriesKind: RuleKindHandler<'pull-secrets-for-registries'> = {
  kind: 'pull-secrets-for-registries',
  summary: 'images from the listed registries come with imagePullSecrets',
  compile({ registries, secretName }) {
    const needsSecret = new RegistryPatternList(registries);
    return ({ slot, workload }: CheckInput): CheckResult | null => {
      if (workload.imagePullSecrets.length > 0) return null;
      const name = nameText(slot);
      if (name === null) return null;
      const hit = needsSecret.match(name);
      if (hit === null) return null;
      const message = `${imageText(slot)} comes from ${name} (matches "${hit}"), but ${workloadText(workload)} lists no imagePullSecrets; the kubelet pulls it without credentials unless its ServiceAccount adds pull secrets`;
      const pointer = `${podSpecPointer(slot)}/imagePullSecrets`;
      if (secretName !== undefined) {
        return {
          message,
          fix: patchFix(workload.document, `add imagePullSecrets: [{ name: ${secretName} }] to the pod spec`, [
            { op: 'add', path: pointer, value: [{ name: secretName }] },
          ]),
        };
      }
      return {
        message,
        fix: instructionFix(
          workload.document,
          `add imagePullSecrets naming a Secret with credentials for ${name} at ${pointer}`,
        ),
      };
    };
  },
};

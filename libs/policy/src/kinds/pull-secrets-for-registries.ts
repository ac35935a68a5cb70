import { instructionFix, patchFix, podSpecPointer, pointerFromFieldPath } from '../fixes.js';
import { RegistryPatternList, canonicalName, readAsNote } from '../image-pattern.js';
import { imageText, workloadText } from '../slot-text.js';
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
      // The kubelet's keyring lookup is not ours to model here; the rule names registries, compared in the
      // runtime's spelling of the host like the other registry kinds.
      const name = canonicalName(slot.image);
      if (name === null) return null;
      const hit = needsSecret.match(name);
      if (hit === null) return null;
      const message = `${imageText(slot)} comes from ${name} (matches "${hit}"${readAsNote(hit)}), but ${workloadText(workload)} lists no imagePullSecrets; the kubelet pulls it without credentials unless its ServiceAccount adds pull secrets`;
      // Custom resources say where their pods' secrets live (an Argo Workflow: spec.imagePullSecrets), or that
      // the kind has none (a Tekton Task: the run's podTemplate or the ServiceAccount supplies them).
      const at = workload.imagePullSecretsPath;
      if (at === null)
        return {
          message,
          fix: instructionFix(
            workload.document,
            `${workloadText(workload)} has no imagePullSecrets field: give the pods that run it a Secret with credentials for ${name} (through the object that runs it, or its ServiceAccount)`,
          ),
        };
      const pointer = at === undefined ? `${podSpecPointer(slot)}/imagePullSecrets` : pointerFromFieldPath(at);
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

import { z } from 'zod';
import { KubeletVersionError, parseAllowlist, parseImageReference, parseKubeletMinor } from '#k8s';
import type { DefinitionProblem } from './rule-types.js';
import { BOUNDED_MAP_MESSAGE, boundedMap, textProblems, zodProblems } from './zod-problems.js';

const POLICIES = ['NeverVerify', 'NeverVerifyPreloadedImages', 'NeverVerifyAllowlistedImages', 'AlwaysVerify'] as const;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const fields = {
  name: z
    .string()
    .max(253, 'must be at most 253 characters')
    .regex(NAME, 'must be lowercase letters, digits, "-" or ".", starting and ending with a letter or digit'),
  labels: z
    .record(z.string().min(1).max(317), z.string().max(63, 'label values are at most 63 characters'))
    .refine(boundedMap, BOUNDED_MAP_MESSAGE),
  admissionPlugins: z.array(z.string().min(1).max(128)).max(64),
  kubeletVersion: z.string().max(32).nullable(),
  credentialVerificationPolicy: z.enum(POLICIES, { error: `must be one of ${POLICIES.join(', ')}` }).nullable(),
  verificationAllowlist: z.array(z.string().max(512)).max(1000),
  preloadedImages: z.array(z.string().max(512)).max(10_000),
};

const createSchema = z
  .object({
    name: fields.name,
    labels: fields.labels.default({}),
    admissionPlugins: fields.admissionPlugins.default([]),
    kubeletVersion: fields.kubeletVersion.optional().default(null),
    credentialVerificationPolicy: fields.credentialVerificationPolicy.optional().default(null),
    verificationAllowlist: fields.verificationAllowlist.default([]),
    preloadedImages: fields.preloadedImages.default([]),
  })
  .strict();

export type ClusterInput = z.infer<typeof createSchema>;

/**
 * Validates a whole profile: shapes, then the Kubernetes meaning of each value (version, allowlist, images).
 * Strings must be storable (no NUL, no lone surrogate: textProblems). Never throws.
 */
export function validateClusterInput(
  input: unknown,
): { ok: true; value: ClusterInput } | { ok: false; problems: DefinitionProblem[] } {
  const text = textProblems(input, '');
  const r = createSchema.safeParse(input);
  if (!r.success) return { ok: false, problems: [...zodProblems(r.error, input, ''), ...text] };
  const v = r.data;
  const problems: DefinitionProblem[] = [...text];
  if (v.kubeletVersion !== null && v.kubeletVersion.trim() === '')
    problems.push({ path: 'kubeletVersion', message: 'must be a Kubernetes version such as "1.34", or null' });
  else if (v.kubeletVersion) {
    try {
      parseKubeletMinor(v.kubeletVersion);
    } catch (e) {
      if (!(e instanceof KubeletVersionError)) throw e;
      problems.push({ path: 'kubeletVersion', message: e.message });
    }
  }
  const allow = parseAllowlist(v.verificationAllowlist);
  for (const { entry, error } of allow.errors)
    problems.push({ path: `verificationAllowlist[${v.verificationAllowlist.indexOf(entry)}]`, message: error });
  v.preloadedImages.forEach((img, i) => {
    const ref = parseImageReference(img);
    if (ref.error)
      problems.push({
        path: `preloadedImages[${i}]`,
        message: `${JSON.stringify(img)} is not an image reference: ${ref.error}`,
      });
  });
  return problems.length ? { ok: false, problems } : { ok: true, value: v };
}

import { z } from 'zod';
import {
  CREDENTIAL_VERIFICATION_POLICIES as POLICIES,
  KubeletVersionError,
  parseAllowlist,
  parseKubeletMinor,
  podTemplatePathProblems,
  preloadedImageProblem,
} from '#k8s';
import { admissionPluginProblem } from './admission-plugin-names.js';
import type { DefinitionProblem } from './rule-types.js';
import { BOUNDED_MAP_MESSAGE, boundedMap, textProblems, zodProblems } from './zod-problems.js';

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
  podTemplatePaths: z
    .array(z.object({ apiVersion: z.string().max(317), kind: z.string().max(63), path: z.string().max(256) }).strict())
    .max(100),
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
    podTemplatePaths: fields.podTemplatePaths.default([]),
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
  v.admissionPlugins.forEach((name, i) => {
    const problem = admissionPluginProblem(name);
    if (problem) problems.push({ path: `admissionPlugins[${i}]`, message: problem });
  });
  const allow = parseAllowlist(v.verificationAllowlist);
  for (const { entry, error } of allow.errors)
    problems.push({ path: `verificationAllowlist[${v.verificationAllowlist.indexOf(entry)}]`, message: error });
  v.preloadedImages.forEach((img, i) => {
    const problem = preloadedImageProblem(img);
    if (problem) problems.push({ path: `preloadedImages[${i}]`, message: problem });
  });
  // libs/k8s reads these paths; the same check names the entry and field that cannot be used.
  v.podTemplatePaths.forEach((entry, i) => {
    for (const p of podTemplatePathProblems(entry))
      problems.push({ path: `podTemplatePaths[${i}].${p.field}`, message: p.message });
  });
  return problems.length ? { ok: false, problems } : { ok: true, value: v };
}

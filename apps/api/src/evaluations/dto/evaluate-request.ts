import { z } from 'zod';
import { CREDENTIAL_VERIFICATION_POLICIES as POLICIES, preloadedImageProblem } from '#k8s';
import { admissionPluginProblem, namespaceNameProblem, zodProblems } from '#policy';
import { AppError, type ProblemLocation } from '../../common/errors/app-error.js';

const name = z.string().min(1, 'must not be empty').max(253, 'must be at most 253 characters');

/** A libs/policy check (a problem message or null) as a zod refinement, so the 400 names the field. */
function checked(check: (value: string) => string | null) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

export const contextSchema = z
  .object({
    namespace: name.superRefine(checked(namespaceNameProblem)).optional(),
    admissionPlugins: z
      .array(name.superRefine(checked(admissionPluginProblem)))
      .max(64)
      .optional(),
    kubeletVersion: z.string().max(32).optional(),
    credentialVerificationPolicy: z.enum(POLICIES, { error: `must be one of ${POLICIES.join(', ')}` }).optional(),
    verificationAllowlist: z.array(z.string().max(512)).max(1000).optional(),
    // The same check as a cluster profile's: a pattern or an unparsable entry could never match an image.
    preloadedImages: z
      .array(z.string().max(512).superRefine(checked(preloadedImageProblem)))
      .max(10_000)
      .optional(),
    featureGates: z.record(z.string().max(128), z.boolean()).optional(),
  })
  .strict();

export const sourceSchema = z
  .object({
    repository: z.string().max(512).optional(),
    commit: z.string().max(128).optional(),
    pipeline: z.string().max(512).optional(),
  })
  .strict();

const manifests = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())], {
  error: 'must be YAML or JSON text, one object, or an array of objects',
});

export const evaluateRequestSchema = z
  .object({
    manifests,
    cluster: name.optional(),
    context: contextSchema.optional(),
    record: z.boolean().optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export type EvaluateRequest = z.infer<typeof evaluateRequestSchema>;
export type EvaluationContextInput = z.infer<typeof contextSchema>;

/** Validates with a zod schema; problems become one 400 naming each field path. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors: ProblemLocation[] = zodProblems(r.error, value, '').map((p) => ({
    path: p.path || null,
    message: `${p.path || what}: ${p.message}`,
  }));
  throw AppError.invalid(`The ${what} is not valid: ${errors.map((e) => e.message).join('; ')}`, errors);
}

import { z } from 'zod';
import type { EvaluateRequest } from './evaluate-request.js';
import { contextSchema, parseOrThrow } from './evaluate-request.js';

const list = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean),
);
const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

export const querySchema = z
  .object({
    cluster: z.string().min(1).optional(),
    namespace: z.string().optional(),
    admissionPlugins: list.optional(),
    kubeletVersion: z.string().optional(),
    credentialVerificationPolicy: z.string().optional(),
    preloadedImages: list.optional(),
    verificationAllowlist: list.optional(),
    record: bool.optional(),
    repository: z.string().optional(),
    commit: z.string().optional(),
    pipeline: z.string().optional(),
  })
  .strict();

/** Raw YAML body + query parameters -> the same request a JSON body would carry. */
export function requestFromYaml(body: string, query: unknown): EvaluateRequest {
  const q = parseOrThrow(querySchema, query ?? {}, 'query');
  const ctx = parseOrThrow(
    contextSchema,
    Object.fromEntries(
      Object.entries({
        namespace: q.namespace,
        admissionPlugins: q.admissionPlugins,
        kubeletVersion: q.kubeletVersion,
        credentialVerificationPolicy: q.credentialVerificationPolicy,
        preloadedImages: q.preloadedImages,
        verificationAllowlist: q.verificationAllowlist,
      }).filter(([, v]) => v !== undefined),
    ),
    'query',
  );
  const source =
    q.repository || q.commit || q.pipeline
      ? { repository: q.repository, commit: q.commit, pipeline: q.pipeline }
      : undefined;
  return { manifests: body, cluster: q.cluster, context: ctx, record: q.record, source };
}

import { z } from 'zod';
import type { EvaluateRequest } from './evaluate-request.js';
import { contextSchema, parseOrThrow } from './evaluate-request.js';

/** A scalar query parameter (a repeated one was refused before routing: http/request-guards.ts). */
const scalar = z.string({ error: 'must be text' });

const list = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean),
);
const bool = z
  .enum(['true', 'false', '1', '0'], {
    error: 'must be true or false',
  })
  .transform((v) => v === 'true' || v === '1');

export const querySchema = z
  .object({
    cluster: scalar.min(1).optional(),
    namespace: scalar.optional(),
    admissionPlugins: list.optional(),
    kubeletVersion: scalar.optional(),
    credentialVerificationPolicy: scalar.optional(),
    preloadedImages: list.optional(),
    verificationAllowlist: list.optional(),
    record: bool.optional(),
    repository: scalar.optional(),
    commit: scalar.optional(),
    pipeline: scalar.optional(),
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

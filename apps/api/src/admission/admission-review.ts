import { z } from 'zod';
import { AppError } from '../common/errors/app-error.js';
import { parseOrThrow } from '../evaluations/dto/evaluate-request.js';

/**
 * The `admission.k8s.io/v1` AdmissionReview the API server sends to a webhook (k8s.io/api/admission/v1/types.go:
 * AdmissionReview, AdmissionRequest; metav1.GroupVersionKind/Resource; authentication/v1 UserInfo). Objects are
 * loose: fields a newer API server adds are accepted and ignored. Only v1 is spoken (every API server since
 * Kubernetes 1.16 sends it when asked): configure the webhooks with `admissionReviewVersions: [v1]`.
 */

const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;

const name = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const groupVersionKindSchema = z.looseObject({
  group: name(253).optional(),
  version: name(63).min(1, 'must not be empty'),
  kind: name(253).min(1, 'must not be empty'),
});

export const groupVersionResourceSchema = z.looseObject({
  group: name(253).optional(),
  version: name(63).min(1, 'must not be empty'),
  resource: name(253).min(1, 'must not be empty'),
});

export const userInfoSchema = z.looseObject({
  username: name(1024).optional(),
  uid: name(1024).optional(),
  groups: z.array(name(1024)).max(1000).optional(),
  extra: z.record(name(1024), z.array(name(4096)).max(1000)).optional(),
});

/** runtime.RawExtension holding a Kubernetes object (null for DELETE's object, CREATE's oldObject). */
const objectSchema = z.record(z.string(), z.unknown(), { error: 'must be a Kubernetes object' }).nullable();

export const admissionRequestSchema = z
  .looseObject({
    uid: name(256).min(1, 'must not be empty'),
    kind: groupVersionKindSchema,
    resource: groupVersionResourceSchema,
    subResource: name(253).optional(),
    requestKind: groupVersionKindSchema.optional(),
    requestResource: groupVersionResourceSchema.optional(),
    requestSubResource: name(253).optional(),
    name: name(253).optional(),
    namespace: name(253).optional(),
    operation: z.enum(OPERATIONS, { error: `must be one of ${OPERATIONS.join(', ')}` }),
    userInfo: userInfoSchema.optional(),
    object: objectSchema.optional(),
    oldObject: objectSchema.optional(),
    dryRun: z.boolean().optional(),
    options: z.unknown().optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.operation === 'CREATE' || r.operation === 'UPDATE') && (r.object === undefined || r.object === null))
      ctx.addIssue({ code: 'custom', path: ['object'], message: `is required for ${r.operation}` });
    // The API server sends the object as request.kind names it (converted to the webhook's version); anything
    // else would have pullwise judge one kind while the request is about another.
    for (const key of ['object', 'oldObject'] as const) {
      const kind = r[key]?.kind;
      if (typeof kind === 'string' && kind !== r.kind.kind)
        ctx.addIssue({
          code: 'custom',
          path: [key, 'kind'],
          message: `is ${kind}, but request.kind is ${r.kind.kind}`,
        });
    }
  });

export const admissionReviewSchema = z.looseObject({
  apiVersion: z.literal(ADMISSION_API_VERSION),
  kind: z.literal('AdmissionReview'),
  request: admissionRequestSchema,
});

/** Validates a review; another admission.k8s.io version is named as a webhook configuration problem. */
export function parseAdmissionReview(body: unknown): AdmissionReview {
  const version = (body as { apiVersion?: unknown } | null)?.apiVersion;
  if (typeof version === 'string' && version.startsWith('admission.k8s.io/') && version !== ADMISSION_API_VERSION) {
    const message = `${version.slice(0, 64)} is not spoken: configure the webhook with admissionReviewVersions: [v1]`;
    throw AppError.invalid(`The AdmissionReview is not valid: apiVersion ${message}.`, [
      { path: 'apiVersion', message },
    ]);
  }
  return parseOrThrow(admissionReviewSchema, body, 'AdmissionReview');
}

export type AdmissionReview = z.infer<typeof admissionReviewSchema>;
export type AdmissionRequest = AdmissionReview['request'];

/** metav1.Status as an admission response carries it: a rejection's code, reason and message. */
interface AdmissionStatus {
  code: number;
  reason: string;
  message: string;
}

/** k8s.io/api/admission/v1 AdmissionResponse (auditAnnotations unused). */
export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  warnings?: string[];
  patchType?: 'JSONPatch';
  /** base64 of the RFC 6902 JSON patch. */
  patch?: string;
}

export interface AdmissionReviewReply {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

export function reply(response: AdmissionResponse): AdmissionReviewReply {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

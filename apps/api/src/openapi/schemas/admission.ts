// Admission webhooks (apps/api/src/admission): the answer to the API server. The request, AdmissionReview, is
// derived from the zod schema that validates it (zod-schemas.ts).
import { MAX_WARNING_LENGTH, MAX_WARNINGS } from '../../admission/admission-text.js';
import { type JsonSchema, schemaRef } from './json-schema.js';

export const AdmissionStatus = {
  type: 'object',
  description: 'Why the request is rejected (metav1.Status): only on `allowed: false`.',
  required: ['code', 'reason', 'message'],
  properties: {
    code: { type: 'integer', const: 403 },
    reason: { type: 'string', const: 'Forbidden' },
    message: {
      type: 'string',
      description:
        'The workload, then one line per unwaived `deny` finding the request introduces: `[rule] Kind/name, container ' +
        '"c": what is wrong. Fix: how.` (at most 10 lines). The API server shows it as `admission webhook "<name>" ' +
        'denied the request: <message>`.',
    },
  },
} as const satisfies JsonSchema;

export const AdmissionResponse = {
  type: 'object',
  description: 'k8s.io/api/admission/v1 AdmissionResponse.',
  required: ['uid', 'allowed'],
  properties: {
    uid: { type: 'string', description: 'The request’s uid, echoed.' },
    allowed: { type: 'boolean', description: 'Always true from /admission/mutate.' },
    status: schemaRef('AdmissionStatus'),
    warnings: {
      type: 'array',
      maxItems: MAX_WARNINGS,
      items: { type: 'string', maxLength: MAX_WARNING_LENGTH },
      description:
        'validate: one per unwaived `warn` finding the request introduces (`[rule] Kind/name, container "c": …`), and ' +
        'one naming the `deny` findings an update did not introduce (not enforced). mutate: one per field the patch ' +
        'sets. One line each, at most 256 characters and 20 warnings (the API server truncates longer ones).',
    },
    patchType: { type: 'string', const: 'JSONPatch', description: 'Only with `patch`.' },
    patch: {
      type: 'string',
      contentEncoding: 'base64',
      description:
        'mutate only, and only when something changes: base64 of an RFC 6902 JSON patch against `request.object`, ' +
        'e.g. `[{"op":"replace","path":"/spec/template/spec/containers/0/imagePullPolicy","value":"Always"}]`.',
    },
  },
} as const satisfies JsonSchema;

export const AdmissionReviewResponse = {
  type: 'object',
  description: 'The AdmissionReview the webhook answers with (admission.k8s.io/v1).',
  required: ['apiVersion', 'kind', 'response'],
  properties: {
    apiVersion: { type: 'string', const: 'admission.k8s.io/v1' },
    kind: { type: 'string', const: 'AdmissionReview' },
    response: schemaRef('AdmissionResponse'),
  },
} as const satisfies JsonSchema;

// The OpenAPI description of the admission webhooks (apps/api/src/openapi/openapi.ts explains the pattern).
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiQueries, examples, jsonContent, queryParameter, schema } from '../openapi/decorators.js';
import {
  ADMISSION_DENIED,
  ADMISSION_PATCHED,
  ADMISSION_REVIEW,
  ADMISSION_UNCHANGED,
  problemExample,
} from '../openapi/examples.js';
import type { AdmissionMode } from './admission.service.js';

const ABOUT: Record<AdmissionMode, { summary: string; description: string }> = {
  validate: {
    summary: 'Validating admission webhook',
    description:
      'The ValidatingWebhookConfiguration endpoint: evaluates `request.object` of an `admission.k8s.io/v1` ' +
      'AdmissionReview (Pods, pods/ephemeralcontainers and every workload kind) with the stored rules and ' +
      'exceptions. An unwaived `deny` finding rejects (403, one line per finding with its fix), `warn` findings ' +
      'become warnings, and an evaluation with findings is recorded (GET /v1/evaluations?pipeline=admission) ' +
      'unless `dryRun`. On UPDATE only what the update introduces counts: a finding `oldObject` already had ' +
      'neither rejects nor is recorded. DELETE, CONNECT, other subresources and other kinds are allowed untouched.',
  },
  mutate: {
    summary: 'Mutating admission webhook',
    description:
      'The MutatingWebhookConfiguration endpoint: answers with the JSON patch of every unwaived `set-pull-policy` ' +
      'finding the request introduces (a scoped AlwaysPullImages), and no patch when nothing changes, so it is ' +
      'idempotent (`reinvocationPolicy: IfNeeded`). Never rejects; the validating webhook enforces. A Pod UPDATE ' +
      'is never patched (pull policies of a Pod are immutable); `pods/ephemeralcontainers` patches only the ' +
      'ephemeral containers.',
  },
};

const CLUSTER_PARAM = ApiParam({
  name: 'cluster',
  description:
    'The cluster profile whose facts apply (admission plugins, kubelet version, preloaded images): put it in the ' +
    "webhook's `clientConfig.service.path`, e.g. `/admission/validate/prod-eu` (the API server allows no query " +
    'string there). Without it, PULLWISE_ADMISSION_CLUSTER, else stock Kubernetes.',
  schema: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
});

/** The OpenAPI description shared by the four routes. */
export function ApiAdmission(mode: AdmissionMode, withCluster: boolean): MethodDecorator {
  const answers =
    mode === 'validate'
      ? examples({ denied: { summary: 'A deny finding rejects; a warn finding warns', value: ADMISSION_DENIED } })
      : examples({
          patched: { summary: 'set-pull-policy sets imagePullPolicy', value: ADMISSION_PATCHED },
          unchanged: { summary: 'Nothing to change: no patch', value: ADMISSION_UNCHANGED },
        });
  return applyDecorators(
    ApiOperation({
      operationId: `${mode}Admission${withCluster ? 'ForCluster' : ''}`,
      summary: `${ABOUT[mode].summary}${withCluster ? ' for a cluster profile' : ''}`,
      description:
        `${ABOUT[mode].description} Called by the API server, which sends no API key: reachable without one, and ` +
        'never rate-limited (a 429 would turn into the failure policy); restrict it to the API server ' +
        '(NetworkPolicy) or set PULLWISE_ADMISSION_TOKEN. Errors (a malformed review, an unknown cluster profile) ' +
        "are problem responses, which the API server treats as a failed call: the webhook's `failurePolicy` decides.",
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: schema('AdmissionReview'),
            examples: examples({ pod: { summary: 'kubectl apply of a Pod (CREATE)', value: ADMISSION_REVIEW } }),
          },
        },
      },
    }),
    ...(withCluster ? [CLUSTER_PARAM] : []),
    ApiQueries([
      queryParameter(
        'timeout',
        { type: 'string' },
        {
          description:
            "Added by the API server: what is left of the webhook's timeoutSeconds, as a Go duration rounded up to " +
            'seconds (`5s`). pullwise answers in milliseconds and ignores it.',
        },
      ),
    ]),
    ApiOkResponse({
      description: 'The AdmissionReview answer, with the request’s uid.',
      content: jsonContent('AdmissionReviewResponse', answers),
    }),
    ApiProblems(
      {
        400: {
          description:
            'The body is not an admission.k8s.io/v1 AdmissionReview (each problem names its field), or the cluster ' +
            'profile does not exist.',
          examples: examples({
            'unknown-cluster': {
              summary: 'The webhook path names no stored profile',
              value: problemExample(
                'invalid-input',
                'cluster profile "prod-us" (from the webhook path) does not exist.',
                `/admission/${mode}/prod-us`,
                [{ path: 'cluster', message: 'unknown cluster profile "prod-us"' }],
              ),
            },
          }),
        },
        401: 'PULLWISE_ADMISSION_TOKEN is set and the request does not carry it as a bearer token.',
        413: 'The body is larger than PULLWISE_BODY_LIMIT, or has more image slots than PULLWISE_MAX_SLOTS.',
        415: 'The body is not JSON.',
      },
      withCluster ? { cluster: 'prod-eu' } : {},
    ),
  );
}

/** The tag of the webhooks' operations. */
export const ApiAdmissionTag = ApiTags('Admission') as ClassDecorator;

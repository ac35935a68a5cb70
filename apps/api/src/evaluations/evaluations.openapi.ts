// The OpenAPI description of evaluating (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiDocs,
  ApiProblems,
  ApiQueries,
  FORMAT_PARAMETER,
  examples,
  jsonContent,
  queryParameter,
  renderingContent,
  routeInstance,
  schema,
} from '../openapi/decorators.js';
import {
  EFFECTIVE_POLICY,
  EVALUATE_MANIFESTS,
  EVALUATE_RECORDED_REQUEST,
  EVALUATE_REQUEST,
  EVALUATION_RESULT,
  JUNIT_REPORT,
  MARKDOWN_REPORT,
  UNREADABLE_MANIFESTS_PROBLEM,
  UNSUPPORTED_MEDIA_TYPE_PROBLEM,
  problemExample,
} from '../openapi/examples.js';
import { YAML_QUERY_PARAMETERS } from '../openapi/zod-schemas.js';

export const EvaluationsDocs = {
  controller: ApiTags('Evaluations') as ClassDecorator,
  evaluate: ApiDocs(
    ApiOperation({
      operationId: 'evaluate',
      summary: 'Evaluate manifests',
      description:
        'Predicts what Kubernetes does with every image of the manifests (declared, default and effective pull policy; ' +
        'the kubelet with the image absent and present) and checks them against the enabled rules and exceptions. ' +
        'Send JSON, or the raw YAML with `Content-Type: application/yaml` (also `application/x-yaml`, `text/yaml`, ' +
        '`text/x-yaml`) and the options as query parameters. Without cluster or context, stock Kubernetes applies ' +
        '(no AlwaysPullImages, the newest kubelet modelled). `?format=` or `Accept` picks the rendering; JSON is the ' +
        'default. A document that cannot be read is listed in `errors`, the others are still evaluated, and the verdict ' +
        'is `error`; when no object at all can be read the answer is a 422 carrying the same `errors`.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: schema('EvaluateRequest'),
            examples: examples({
              deployment: { summary: 'A Deployment (not recorded)', value: EVALUATE_REQUEST },
              recorded: {
                summary: 'A Deployment, recorded in the history (`record: true`)',
                value: EVALUATE_RECORDED_REQUEST,
              },
            }),
          },
          'application/yaml': {
            schema: {
              type: 'string',
              description: 'One or more YAML documents (`---` separated, List kinds unwrapped).',
            },
            examples: examples({ deployment: { summary: 'A Deployment', value: EVALUATE_MANIFESTS } }),
          },
        },
      },
    }),
    ApiQueries([
      FORMAT_PARAMETER,
      queryParameter(
        'path',
        { type: 'string', default: 'manifests.yaml' },
        {
          description:
            'File name of the manifests in SARIF, JUnit, Markdown and PolicyReport renderings, relative to the ' +
            'repository root (SARIF artifact URIs are relative to `%SRCROOT%`); an absolute path is a 400.',
        },
      ),
      ...YAML_QUERY_PARAMETERS,
    ]),
    ApiOkResponse({
      description: 'The evaluation, in the rendering asked for.',
      content: renderingContent('EvaluationResult', {
        json: examples({ fail: { summary: 'One deny and one warn finding', value: EVALUATION_RESULT } }),
        markdown: MARKDOWN_REPORT,
        junit: JUNIT_REPORT,
      }),
    }),
    ApiProblems({
      400: {
        description:
          'The body or a query parameter is not valid, the body is empty, the cluster profile does not exist, the ' +
          'kubelet version is outside the modelled range, `format` is unknown, or `path` is not relative. ' +
          'Unreadable manifests are not a 400: see 422, and `errors` of the result.',
        examples: examples({
          'unknown-cluster': {
            summary: 'An unknown cluster profile',
            value: problemExample('invalid-input', 'cluster profile "prod-us" does not exist', routeInstance(), [
              { path: 'cluster', message: 'unknown cluster profile "prod-us"' },
            ]),
          },
        }),
      },
      413: 'The body is larger than the configured limit (PULLWISE_BODY_LIMIT).',
      415: {
        description: 'The body is neither JSON nor YAML.',
        examples: examples({ 'text/plain': { summary: 'text/plain', value: UNSUPPORTED_MEDIA_TYPE_PROBLEM } }),
      },
      422: {
        description:
          'Not one Kubernetes object could be read from the manifests (every document is an error): nothing was ' +
          'judged. `errors` lists the problem of each document, as `errors` of a result would.',
        examples: examples({
          'not-an-object': { summary: 'A body that is not a Kubernetes object', value: UNREADABLE_MANIFESTS_PROBLEM },
        }),
      },
    }),
  ),
  effectivePolicy: ApiDocs(
    ApiOperation({
      operationId: 'getEffectivePolicy',
      summary: 'The answer for one image',
      description:
        'What happens to one image in one namespace (as a single-container Pod), with the same shapes as a slot of ' +
        'an evaluation: for bots and quick questions.',
    }),
    ApiQueries([
      queryParameter('image', { type: 'string' }, { required: true, example: 'nginx:1.27' }),
      queryParameter('policy', 'PullPolicy', { description: 'The declared imagePullPolicy.' }),
      queryParameter('namespace', { type: 'string', default: 'default' }),
      queryParameter('cluster', { type: 'string' }, { description: 'Name of a stored cluster profile.' }),
      queryParameter('kubeletVersion', { type: 'string' }, { example: '1.35' }),
    ]),
    ApiOkResponse({
      description: 'The answer.',
      content: jsonContent(
        'EffectivePolicyAnswer',
        examples({ tag: { summary: 'A tagged image in a prod namespace', value: EFFECTIVE_POLICY } }),
      ),
    }),
    ApiProblems({
      400: '`image` is missing, `policy` is not a pull policy, the cluster profile does not exist, or the kubelet version is outside the modelled range.',
    }),
  ),
};

import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError } from '../common/errors/app-error.js';
import { Actor } from '../common/http/actor.js';
import {
  ApiProblems,
  ApiQueries,
  FORMAT_PARAMETER,
  examples,
  jsonContent,
  queryParameter,
  renderingContent,
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
import { ReportRendererService } from '../reports/report-renderer.service.js';
import { requestFromYaml } from './dto/yaml-query.js';
import { EvaluationService } from './evaluation.service.js';

/**
 * `?path=` names the file in SARIF artifact URIs and JUnit `file`, which code scanning resolves against the
 * repository root: an absolute path or one climbing out of the repository would name no file there.
 */
function repositoryRelative(path: string): string {
  const segments = path.replace(/\\/g, '/').split('/');
  let depth = 0;
  for (const s of segments) {
    depth += s === '..' ? -1 : s === '' || s === '.' ? 0 : 1;
    if (depth < 0) break;
  }
  if (/^(\/|\\|[A-Za-z]:|file:)/i.test(path) || depth < 0)
    throw AppError.invalid(
      `path ${JSON.stringify(path.slice(0, 200))} must be relative to the repository root, e.g. deploy/app.yaml`,
      [
        {
          path: 'path',
          message: 'must be a relative path inside the repository (no leading /, no climbing out with ..)',
        },
      ],
    );
  return path;
}

@ApiTags('Evaluations')
@Controller('v1')
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly reports: ReportRendererService,
  ) {}

  /**
   * JSON `{ manifests, cluster?, context?, record?, source? }`, or raw YAML with the options as query
   * parameters. `?format=json|sarif|junit|markdown|policyreport` (or Accept) picks the rendering;
   * `?path=` names the manifest file in SARIF/JUnit reports.
   */
  @Post('evaluations')
  @HttpCode(200)
  @ApiOperation({
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
  })
  @ApiQueries([
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
  ])
  @ApiOkResponse({
    description: 'The evaluation, in the rendering asked for.',
    content: renderingContent('EvaluationResult', {
      json: examples({ fail: { summary: 'One deny and one warn finding', value: EVALUATION_RESULT } }),
      markdown: MARKDOWN_REPORT,
      junit: JUNIT_REPORT,
    }),
  })
  @ApiProblems(
    {
      400: {
        description:
          'The body or a query parameter is not valid, the body is empty, the cluster profile does not exist, the ' +
          'kubelet version is outside the modelled range, `format` is unknown, or `path` is not relative. ' +
          'Unreadable manifests are not a 400: see 422, and `errors` of the result.',
        examples: examples({
          'unknown-cluster': {
            summary: 'An unknown cluster profile',
            value: problemExample('invalid-input', 'cluster profile "prod-us" does not exist', '/v1/evaluations', [
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
    },
    '/v1/evaluations',
  )
  async evaluate(
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
    @Actor() actor: string,
    @Headers('content-type') type: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = this.reports.negotiate(query.format, accept);
    const { format: _format, path, ...options } = query;
    const sourceName = typeof path === 'string' ? repositoryRelative(path) : undefined;
    const result = await this.run(body, options, actor, type ?? '');
    if (format === 'json') return result;
    const rendered = this.reports.render(result, format, sourceName);
    reply.header('content-type', rendered.contentType);
    return rendered.body;
  }

  @Get('effective-policy')
  @ApiOperation({
    operationId: 'getEffectivePolicy',
    summary: 'The answer for one image',
    description:
      'What happens to one image in one namespace (as a single-container Pod), with the same shapes as a slot of ' +
      'an evaluation: for bots and quick questions.',
  })
  @ApiQueries([
    queryParameter('image', { type: 'string' }, { required: true, example: 'nginx:1.27' }),
    queryParameter('policy', 'PullPolicy', { description: 'The declared imagePullPolicy.' }),
    queryParameter('namespace', { type: 'string', default: 'default' }),
    queryParameter('cluster', { type: 'string' }, { description: 'Name of a stored cluster profile.' }),
    queryParameter('kubeletVersion', { type: 'string' }, { example: '1.35' }),
  ])
  @ApiOkResponse({
    description: 'The answer.',
    content: jsonContent(
      'EffectivePolicyAnswer',
      examples({ tag: { summary: 'A tagged image in a prod namespace', value: EFFECTIVE_POLICY } }),
    ),
  })
  @ApiProblems(
    {
      400: '`image` is missing, `policy` is not a pull policy, the cluster profile does not exist, or the kubelet version is outside the modelled range.',
    },
    '/v1/effective-policy',
  )
  effectivePolicy(@Query() query: Record<string, string>) {
    return this.evaluations.effectivePolicy({
      image: query.image!,
      policy: query.policy,
      namespace: query.namespace,
      cluster: query.cluster,
      kubeletVersion: query.kubeletVersion,
    });
  }

  private run(body: unknown, query: Record<string, unknown>, actor: string, type: string) {
    if (typeof body === 'string') {
      if (body.trim() === '') {
        throw AppError.invalid('The YAML body is empty: send at least one manifest.', [
          { path: '(body)', message: 'empty' },
        ]);
      }
      return this.evaluations.evaluateRequest(requestFromYaml(body, query), actor);
    }
    if (body === undefined || body === null) {
      throw AppError.invalid(
        'The request body is empty: send { "manifests": ... } as JSON, or YAML with Content-Type: application/yaml.',
      );
    }
    if (!type.includes('json')) {
      throw new AppError(
        'unsupported-media-type',
        `Content-Type ${type || '(none)'} is not accepted; send application/json or application/yaml.`,
      );
    }
    return this.evaluations.evaluate(body, actor);
  }
}

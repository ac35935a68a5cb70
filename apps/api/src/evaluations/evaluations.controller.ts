import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { REPORT_MEDIA_TYPES } from '#reports';
import { Access } from '../auth/access.js';
import { AppError } from '../common/errors/app-error.js';
import { Actor } from '../http/actor.js';
import { ReportRendererService } from '../reports/report-renderer.service.js';
import { Produces, TakesManifests } from '../http/route-facts.js';
import { EvaluationService } from './evaluations.service.js';
import { EvaluationsDocs } from './evaluations.openapi.js';
import { evaluateRequestFrom } from './manifest-body.js';

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

@EvaluationsDocs.controller
@Controller('v1')
@Produces('application/json')
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
  @Access('evaluate')
  @Produces(...REPORT_MEDIA_TYPES)
  @TakesManifests()
  @EvaluationsDocs.evaluate
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
    const request = evaluateRequestFrom(body, { transport: 'rest', contentType: type, query: options });
    const result = await this.evaluations.evaluateRequest(request, actor);
    if (format === 'json') return result;
    const rendered = this.reports.render(result, format, sourceName);
    reply.header('content-type', rendered.contentType);
    return rendered.body;
  }

  @Get('effective-policy')
  @Access('evaluate')
  @EvaluationsDocs.effectivePolicy
  effectivePolicy(@Query() query: Record<string, string>) {
    return this.evaluations.effectivePolicy({
      image: query.image!,
      policy: query.policy,
      namespace: query.namespace,
      cluster: query.cluster,
      kubeletVersion: query.kubeletVersion,
    });
  }
}

import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { Actor } from '../common/http/actor.js';
import { requestFromYaml } from './dto/yaml-query.js';
import { EvaluationService } from './evaluation.service.js';

@Controller('v1')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationService) {}

  /** JSON `{ manifests, cluster?, context?, ... }`, or raw YAML with the options as query parameters. */
  @Post('evaluations')
  @HttpCode(200)
  evaluate(
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
    @Actor() actor: string,
    @Headers('content-type') type = '',
  ) {
    if (typeof body === 'string') {
      if (body.trim() === '')
        throw AppError.invalid('The YAML body is empty: send at least one manifest.', [
          { path: '(body)', message: 'empty' },
        ]);
      return this.evaluations.evaluateRequest(requestFromYaml(body, query), actor);
    }
    if (body === undefined || body === null)
      throw AppError.invalid(
        'The request body is empty: send { "manifests": ... } as JSON, or YAML with Content-Type: application/yaml.',
      );
    if (!type.includes('json'))
      throw new AppError(
        'unsupported-media-type',
        `Content-Type ${type || '(none)'} is not accepted; send application/json or application/yaml.`,
      );
    return this.evaluations.evaluate(body, actor);
  }

  @Get('effective-policy')
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

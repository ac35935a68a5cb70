import { Args, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import type { EvaluationResult } from '#policy';
import { Access } from '../auth/access.js';
import { ReportRendererService } from '../reports/report-renderer.service.js';
import { Actor } from '../http/actor.js';
import { EvaluateInput } from './dto/evaluate.input.js';
import { EvaluationService } from './evaluations.service.js';
import { evaluateRequestFrom } from './manifest-body.js';
import { EffectivePolicyModel, EvaluationResultModel } from './models/evaluation-result.model.js';

export enum ReportFormatValue {
  json = 'json',
  sarif = 'sarif',
  junit = 'junit',
  markdown = 'markdown',
  policyreport = 'policyreport',
}
registerEnumType(ReportFormatValue, { name: 'ReportFormat' });

@Resolver(() => EvaluationResultModel)
export class EvaluationResolver {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly reports: ReportRendererService,
  ) {}

  @ResolveField(() => String, {
    description: 'This result rendered as SARIF 2.1.0, JUnit XML, Markdown, PolicyReport or JSON text.',
  })
  report(
    @Parent() result: EvaluationResult & { id?: string | null },
    @Args('format', { type: () => ReportFormatValue }) format: ReportFormatValue,
  ) {
    return this.reports.render(result, format).body;
  }

  @Query(() => EvaluationResultModel, {
    description: 'Evaluate manifests: effective policy, node behaviour and findings per slot.',
  })
  @Access('evaluate')
  evaluate(@Args('input') input: EvaluateInput, @Actor() actor: string) {
    return this.evaluations.evaluateRequest(evaluateRequestFrom(input, { transport: 'graphql' }), actor);
  }

  @Query(() => EffectivePolicyModel, { description: 'What happens to one image (as a single-container Pod).' })
  @Access('evaluate')
  effectivePolicy(
    @Args('image') image: string,
    @Args('policy', { nullable: true }) policy?: string,
    @Args('namespace', { nullable: true }) namespace?: string,
    @Args('cluster', { nullable: true }) cluster?: string,
    @Args('kubeletVersion', { nullable: true }) kubeletVersion?: string,
  ) {
    return this.evaluations.effectivePolicy({ image, policy, namespace, cluster, kubeletVersion });
  }
}

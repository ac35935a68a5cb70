import { Args, Query, Resolver } from '@nestjs/graphql';
import { dropNulls } from '../common/http/query-params.js';
import { ImpactService } from './impact.service.js';
import { RuleImpactInput, RuleImpactModel } from './impact.model.js';

@Resolver(() => RuleImpactModel)
export class ImpactResolver {
  constructor(private readonly impact: ImpactService) {}

  @Query(() => RuleImpactModel, { description: 'Which recorded evaluations a proposed rule change would flip.' })
  ruleImpact(@Args('input') input: RuleImpactInput) {
    return this.impact.preview(dropNulls(input));
  }
}

import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import { withoutNulls } from '../graphql/common/without-nulls.js';
import { ImpactService } from './impact.service.js';
import { RuleImpactInput, RuleImpactModel } from './impact.model.js';

@Resolver(() => RuleImpactModel)
@Access('rules:read')
export class ImpactResolver {
  constructor(private readonly impact: ImpactService) {}

  @Query(() => RuleImpactModel, { description: 'Which recorded evaluations a proposed rule change would flip.' })
  ruleImpact(@Args('input') input: RuleImpactInput) {
    return this.impact.preview(withoutNulls(input));
  }
}

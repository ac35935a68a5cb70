import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { RuleVersionRefModel, SourceModel } from '../history/history.model.js';
import type { Verdict } from '#policy';
import { VerdictEnum } from '../evaluations/models/evaluation-result.model.js';

@ObjectType('ImpactedEvaluation')
export class ImpactedEvaluationModel {
  @Field(() => ID) id!: string;
  @Field() createdAt!: string;
  @Field(() => SourceModel) source!: SourceModel;
  @Field(() => String, { nullable: true }) cluster!: string | null;
  @Field(() => VerdictEnum, { description: 'Verdict under the current rules.' }) before!: Verdict;
  @Field(() => VerdictEnum, { description: 'Verdict with the proposed change.' }) after!: Verdict;
  @Field(() => Int) addedFindings!: number;
  @Field(() => Int) removedFindings!: number;
}

@ObjectType('SkippedEvaluation')
export class SkippedEvaluationModel {
  @Field(() => ID) id!: string;
  @Field() reason!: string;
}

@ObjectType('RuleImpact')
export class RuleImpactModel {
  @Field() rule!: string;
  @Field(() => RuleVersionRefModel, { nullable: true }) replaces!: RuleVersionRefModel | null;
  @Field(() => Int) evaluated!: number;
  @Field(() => Int) flipped!: number;
  @Field() summary!: string;
  @Field(() => GraphQLJSON, { description: 'Counts per verdict transition, e.g. {"pass->fail": 3}.' })
  byTransition!: unknown;
  @Field(() => [ImpactedEvaluationModel]) evaluations!: ImpactedEvaluationModel[];
  @Field(() => [SkippedEvaluationModel]) skipped!: SkippedEvaluationModel[];
}

@InputType('RuleImpactInput')
export class RuleImpactInput {
  @Field(() => GraphQLJSON, { description: 'The proposed rule, as createRule takes it.' }) rule!: unknown;
  @Field({ nullable: true, description: 'Id or name of the rule it replaces; by default the rule with the same name.' })
  replaces?: string;
  @Field(() => Int, {
    nullable: true,
    description: 'How many recent recorded evaluations to replay (default 100, at most 1000).',
  })
  last?: number;
}

import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Connection } from '../graphql/common/connection.js';

@ObjectType('Rule', { description: 'An organizational pull-policy rule.' })
export class RuleModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field({
    description:
      'pull-policy, explicit-pull-policy, mutable-tag-requires-always, require-digest, disallowed-tags, allowed-registries, denied-registries, never-requires-preloaded, pull-secrets-for-registries, set-pull-policy.',
  })
  kind!: string;
  @Field(() => GraphQLJSON) params!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) match!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) exclude!: unknown;
  @Field({ description: 'deny, warn or audit.' }) enforcement!: string;
  @Field({ description: 'critical, high, medium, low or info.' }) severity!: string;
  @Field() enabled!: boolean;
  @Field(() => Int) version!: number;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

@ObjectType('RuleVersion', { description: 'One version of a rule as it was; kept after the rule is deleted.' })
export class RuleVersionModel {
  @Field(() => ID, { description: 'The rule id.' }) id!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'created, updated, restored or deleted.' }) change!: string;
  @Field() changedAt!: string;
  @Field(() => String, { nullable: true }) changedBy!: string | null;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field() kind!: string;
  @Field(() => GraphQLJSON) params!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) match!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) exclude!: unknown;
  @Field() enforcement!: string;
  @Field() severity!: string;
  @Field() enabled!: boolean;
}

export const RuleConnection = Connection(RuleModel, 'RuleConnection');

@InputType('CreateRuleInput')
export class CreateRuleInput {
  @Field() name!: string;
  @Field({ nullable: true }) description?: string;
  @Field() kind!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Parameters of the kind; {} when it takes none.' })
  params?: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) match?: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) exclude?: unknown;
  @Field() enforcement!: string;
  @Field({ nullable: true }) severity?: string;
  @Field({ nullable: true }) enabled?: boolean;
}

@InputType('UpdateRuleInput', {
  description: 'Fields to change; omitted fields keep their value, null clears match/exclude/description.',
})
export class UpdateRuleInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field({ nullable: true }) kind?: string;
  @Field(() => GraphQLJSON, { nullable: true }) params?: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) match?: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) exclude?: unknown;
  @Field({ nullable: true }) enforcement?: string;
  @Field({ nullable: true }) severity?: string;
  @Field({ nullable: true }) enabled?: boolean;
}

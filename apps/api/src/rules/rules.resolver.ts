import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import { ENFORCEMENTS, RULE_KINDS } from '#policy';
import { Actor } from '../http/actor.js';
import { pageSize } from '../http/pagination.js';
import { optionalEnum } from '../http/query-params.js';
import { withoutNulls } from '../graphql/common/without-nulls.js';
import { toConnection } from '../graphql/common/connection.js';
import { CreateRuleInput, RuleConnection, RuleModel, RuleVersionModel, UpdateRuleInput } from './rule.model.js';
import { RulesService } from './rules.service.js';

@Resolver(() => RuleModel)
export class RulesResolver {
  constructor(private readonly rules: RulesService) {}

  @Access('rules:read', 'rules:write')
  @Query(() => RuleConnection, { name: 'rules' })
  async list(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('kind', { nullable: true }) kind?: string,
    @Args('enforcement', { nullable: true }) enforcement?: string,
    @Args('enabled', { nullable: true }) enabled?: boolean,
  ) {
    return toConnection(
      await this.rules.list({
        limit: pageSize(first ?? undefined, 'first'),
        after: after ?? undefined,
        kind: optionalEnum(kind ?? undefined, 'kind', RULE_KINDS),
        enforcement: optionalEnum(enforcement ?? undefined, 'enforcement', ENFORCEMENTS),
        enabled: enabled ?? undefined,
      }),
    );
  }

  @Access('rules:read', 'rules:write')
  @Query(() => RuleModel)
  rule(@Args('id', { type: () => ID }) id: string) {
    return this.rules.get(id);
  }

  @Access('rules:read', 'rules:write')
  @Query(() => [RuleVersionModel], { description: 'Every version of a rule, newest first, also after deletion.' })
  ruleVersions(@Args('id', { type: () => ID }) id: string) {
    return this.rules.versions(id);
  }

  @Access('rules:write')
  @Mutation(() => RuleModel)
  createRule(@Args('input') input: CreateRuleInput, @Actor() actor: string) {
    return this.rules.create(withoutNulls(input), actor);
  }

  @Access('rules:write')
  @Mutation(() => RuleModel, {
    description: 'Fails with precondition-failed when expectedVersion is not the current version.',
  })
  updateRule(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateRuleInput,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Actor() actor: string,
  ) {
    return this.rules.update(id, { ...input }, expectedVersion ?? undefined, actor);
  }

  @Access('rules:write')
  @Mutation(() => Boolean)
  async deleteRule(
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Actor() actor: string,
  ) {
    await this.rules.remove(id, expectedVersion ?? undefined, actor);
    return true;
  }

  @Access('rules:write')
  @Mutation(() => RuleModel, {
    description: 'Makes an old version current again, as a new version; brings a deleted rule back under its id.',
  })
  restoreRuleVersion(
    @Args('id', { type: () => ID }) id: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Actor() actor: string,
  ) {
    return this.rules.restore(id, version, expectedVersion ?? undefined, actor);
  }
}

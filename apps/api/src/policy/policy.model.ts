// GraphQL types of policy as code (PolicyResolver). The closed sets (plan actions, object types) and the plan
// summary's counters are made from #policy's PLAN_ACTIONS and BUNDLE_TYPES, so a new action or list appears here
// with no edit.
import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { z } from 'zod';
import { BUNDLE_TYPES, PLAN_ACTIONS, type BundleFormat, type BundleType, type PlanAction } from '#policy';
import { enumFromZod, objectTypeFromZod } from '../graphql/object-type-from-zod.js';
import type { ImpactReport } from '../impact/impact-report.js';
import { RuleImpactModel } from '../impact/impact.model.js';

/** How a bundle is written: GraphQL name → the library's format. */
export const PolicyBundleFormat: { readonly [F in BundleFormat as Uppercase<F>]: F } = { JSON: 'json', YAML: 'yaml' };
registerEnumType(PolicyBundleFormat, {
  name: 'PolicyBundleFormat',
  description: 'How a policy bundle is written: JSON or YAML, as `GET /v1/policy` answers by Accept.',
});

const PolicyChangeActionEnum = enumFromZod(
  z.enum(PLAN_ACTIONS).meta({
    graphql: { name: 'PolicyChangeAction' },
    description:
      'What applying a bundle does to one object. `unchanged` also covers a stored object the bundle does not name ' +
      'when the plan does not prune (`unmanaged` is true).',
  }),
);

const PolicyObjectTypeEnum = enumFromZod(
  z.enum(BUNDLE_TYPES).meta({
    graphql: { name: 'PolicyObjectType' },
    description: 'What a bundle entry is: a rule, an exception (waiver) or a cluster profile.',
  }),
);

const SUMMARY_COUNTS: Record<PlanAction, string> = {
  create: 'Objects the bundle adds.',
  update: 'Stored objects the bundle changes.',
  delete: 'Stored objects the bundle does not name, deleted because the plan prunes.',
  unchanged: 'Objects left as they are (also the unmanaged ones).',
};

const PolicyPlanSummaryModel = objectTypeFromZod<Record<PlanAction, number>>(
  z
    .object(
      Object.fromEntries(
        PLAN_ACTIONS.map((action) => [action, z.number().int().meta({ description: SUMMARY_COUNTS[action] })]),
      ),
    )
    .meta({ graphql: { name: 'PolicyPlanSummary' }, description: 'How many changes of each action a plan holds.' }),
);

@ObjectType('PolicyExport', { description: 'The whole policy as one bundle, read at one policy version.' })
export class PolicyExportModel {
  @Field(() => Int, {
    description:
      'The policy version the bundle was read at (`metadata.policyVersion`, the ETag of `GET /v1/policy`): pass it ' +
      'as `applyPolicy(ifMatch:)` to apply only if nothing changed since.',
  })
  policyVersion!: number;

  @Field(() => PolicyBundleFormat)
  format!: BundleFormat;

  @Field({
    description:
      'The bundle as text, the same bytes `GET /v1/policy` answers for this format: YAML starts with a ' +
      '`# yaml-language-server: $schema=…` line and JSON carries `$schema`, both naming this service’s ' +
      '/schemas/policy-bundle.json as the request reached it. Commit it to git as it is.',
  })
  text!: string;

  @Field(() => GraphQLJSON, {
    description: 'The bundle as a JSON value, without `$schema`: what `policyPlan(bundle:)` takes back.',
  })
  bundle!: unknown;
}

@ObjectType('PolicyPlanChange', { description: 'What applying a bundle does to one rule, exception or profile.' })
export class PolicyPlanChangeModel {
  @Field(() => PolicyChangeActionEnum) action!: PlanAction;
  @Field(() => PolicyObjectTypeEnum) type!: BundleType;
  @Field({ description: 'The object’s name, its key in the bundle.' }) name!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The stored entry; null for a create.' })
  before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The entry after the apply; null for a delete.' })
  after!: unknown;
  @Field(() => [String], { nullable: true, description: 'For an update: the fields it changes, in the entry’s order.' })
  fields?: string[];
  @Field({ description: 'Stored but not named by the bundle, and kept because the plan does not prune.' })
  unmanaged!: boolean;
  @Field(() => RuleImpactModel, {
    nullable: true,
    description:
      'With `impact: N`, for a created or updated rule: which of the last N recorded evaluations it would flip.',
  })
  impact?: ImpactReport;
}

/** The fields a plan and an apply result share. */
@ObjectType({ isAbstract: true })
abstract class PlannedChanges {
  @Field({ description: 'sha256 of the bundle’s canonical form: the YAML and JSON of one bundle share it.' })
  bundleDigest!: string;
  @Field({ description: 'Whether objects the bundle does not name are deleted.' }) prune!: boolean;
  @Field(() => PolicyPlanSummaryModel) summary!: Record<PlanAction, number>;
  @Field(() => [PolicyPlanChangeModel], {
    description: 'Rules first, then exceptions, then cluster profiles, each by name.',
  })
  changes!: PolicyPlanChangeModel[];
}

@ObjectType('PolicyPlan', { description: 'What applying a bundle would change, object by object; writes nothing.' })
export class PolicyPlanModel extends PlannedChanges {
  @Field(() => Int, {
    description: 'The policy version the plan was computed against: pass it as `applyPolicy(ifMatch:)`.',
  })
  policyVersion!: number;
}

@ObjectType('PolicyApplyResult', { description: 'The plan as carried out, all or nothing, in one transaction.' })
export class PolicyApplyResultModel extends PlannedChanges {
  @Field(() => Int, {
    description: 'The policy version after the apply; `previousPolicyVersion` when nothing was applied.',
  })
  policyVersion!: number;
  @Field(() => Int, { description: 'The policy version before the apply.' }) previousPolicyVersion!: number;
  @Field({ description: 'False when the store already matched the bundle: nothing was written, no version made.' })
  applied!: boolean;
}

@ObjectType('NotExportedRule', { description: 'A rule the native admission policies leave out, and why.' })
export class NotExportedRuleModel {
  @Field()
  rule!: string;

  @Field()
  reason!: string;
}

@ObjectType('AdmissionPolicies', {
  description:
    'The rules as native Kubernetes admission policies for one cluster profile (GET /v1/policy/admission-policies).',
})
export class AdmissionPoliciesModel {
  @Field({ description: 'The v1 List as YAML, the bytes REST answers: `kubectl apply -f` it.' })
  yaml!: string;

  @Field(() => GraphQLJSON, { description: 'The same List as a JSON value.' })
  list!: unknown;

  @Field(() => [NotExportedRuleModel], {
    description: 'The rules left out, with the reason (the List’s `pullwise.io/not-exported` annotation).',
  })
  notExported!: NotExportedRuleModel[];
}

import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';

export enum PullPolicyValue {
  Always = 'Always',
  IfNotPresent = 'IfNotPresent',
  Never = 'Never',
}
registerEnumType(PullPolicyValue, { name: 'PullPolicy' });

@ObjectType({ description: 'An image reference as Kubernetes parses it.' })
export class ImageRefModel {
  @Field({ description: 'The image exactly as written.' }) reference!: string;
  @Field(() => String, { nullable: true, description: 'Normalised registry domain (docker.io for Docker Hub).' })
  registry!: string | null;
  @Field(() => String, { nullable: true, description: 'Repository path, e.g. library/nginx.' }) repository!:
    string | null;
  @Field(() => String, { nullable: true, description: '"latest" when neither tag nor digest is written.' }) tag!:
    string | null;
  @Field(() => String, { nullable: true }) digest!: string | null;
  @Field(() => String, { nullable: true, description: 'Parse error in distribution/reference wording.' }) error!:
    string | null;
}

@ObjectType('PullPolicyResolution')
export class PullPolicyModel {
  @Field(() => PullPolicyValue, { nullable: true, description: 'As written in the manifest; null when unset.' })
  declared!: PullPolicyValue | null;
  @Field(() => PullPolicyValue, { description: 'What API-server defaulting gives.' }) default!: PullPolicyValue;
  @Field(() => PullPolicyValue, { description: 'What the kubelet uses after admission.' }) effective!: PullPolicyValue;
  @Field(() => String, {
    nullable: true,
    description: 'Admission plugin that set the effective policy, e.g. AlwaysPullImages.',
  })
  admittedBy!: string | null;
  @Field(() => [String]) reasons!: string[];
}

@ObjectType('KubeletEvent')
export class EventModel {
  @Field({ description: 'Normal or Warning.' }) type!: string;
  @Field() reason!: string;
  @Field({ description: "The kubelet's text; measured values are placeholders such as <duration>." }) message!: string;
}

@ObjectType('NodeOutcome')
export class OutcomeModel {
  @Field({ description: 'pull, use-local or fail.' }) action!: string;
  @Field() contactsRegistry!: boolean;
  @Field(() => String, { nullable: true, description: 'Container waiting reason, e.g. ErrImageNeverPull.' }) reason!:
    string | null;
  @Field(() => [EventModel]) events!: EventModel[];
}

@ObjectType('NodeBehaviour')
export class NodeModel {
  @Field(() => OutcomeModel) imageAbsent!: OutcomeModel;
  @Field(() => OutcomeModel) imagePresent!: OutcomeModel;
  @Field(() => OutcomeModel, { nullable: true, description: 'Only while kubelet credential verification is active.' })
  imagePresentUnverified!: OutcomeModel | null;
  @Field(() => [String]) notes!: string[];
}

@ObjectType('Fix')
export class FixModel {
  @Field() description!: string;
  @Field(() => Int) document!: number;
  @Field(() => GraphQLJSON, { description: 'RFC 6902 JSON patch against the document.' }) patch!: unknown;
  @Field(() => String, { nullable: true }) image!: string | null;
}

@ObjectType('FixConflict', {
  description: "Another rule's fix patches the same path differently; that fix stays and this one is withheld.",
})
export class FixConflictModel {
  @Field({ description: 'The rule whose fix stays.' }) rule!: string;
  @Field({ description: 'RFC 6901 pointer both fixes patch.' }) path!: string;
}

@ObjectType('Finding')
export class FindingModel {
  @Field({ description: "The rule's name." }) rule!: string;
  @Field() ruleId!: string;
  @Field(() => Int) ruleVersion!: number;
  @Field() kind!: string;
  @Field({ description: 'deny, warn or audit.' }) enforcement!: string;
  @Field({ description: 'critical, high, medium, low or info.' }) severity!: string;
  @Field() message!: string;
  @Field() waived!: boolean;
  @Field(() => String, { nullable: true }) waivedBy!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'An exception that matched but has expired (it waives nothing).',
  })
  expiredWaiver?: string | null;
  @Field(() => FixModel, { nullable: true }) fix!: FixModel | null;
  @Field(() => FixConflictModel, { nullable: true, description: 'Set when this fix is withheld for a conflict.' })
  fixConflict?: FixConflictModel | null;
}

@ObjectType('LocatedFinding')
export class LocatedFindingModel extends FindingModel {
  @Field(() => Int) document!: number;
  @Field({ description: 'Kind/name of the workload.' }) workload!: string;
  @Field({ description: 'Path of the slot in the document.' }) slot!: string;
  @Field() namespace!: string;
  @Field(() => Int) line!: number;
}

@ObjectType('Slot')
export class SlotModel {
  @Field() name!: string;
  @Field({ description: 'container, initContainer, ephemeralContainer or imageVolume.' }) type!: string;
  @Field() path!: string;
  @Field(() => Int) line!: number;
  @Field(() => ImageRefModel) image!: ImageRefModel;
  @Field(() => PullPolicyModel) pullPolicy!: PullPolicyModel;
  @Field(() => NodeModel) node!: NodeModel;
  @Field(() => [FindingModel]) findings!: FindingModel[];
}

@ObjectType('Workload')
export class WorkloadModel {
  @Field(() => Int) document!: number;
  @Field() kind!: string;
  @Field() name!: string;
  @Field() namespace!: string;
  @Field(() => Int) line!: number;
  @Field(() => [SlotModel]) slots!: SlotModel[];
}

@ObjectType('FindingCounts')
export class FindingCountsModel {
  @Field(() => Int) deny!: number;
  @Field(() => Int) warn!: number;
  @Field(() => Int) audit!: number;
  @Field(() => Int) waived!: number;
}

@ObjectType('EvaluationSummary')
export class SummaryModel {
  @Field(() => Int) documents!: number;
  @Field(() => Int) workloads!: number;
  @Field(() => Int) slots!: number;
  @Field(() => FindingCountsModel) findings!: FindingCountsModel;
}

@ObjectType('InputError')
export class InputErrorModel {
  @Field(() => String, {
    nullable: true,
    description:
      'What kind of problem it is (one of the engine error codes, e.g. invalid-pull-policy, too-many-slots); branch on ' +
      'this, not on message. Null in results recorded before errors carried a code.',
  })
  code?: string | null;
  @Field(() => Int, { nullable: true }) document!: number | null;
  @Field(() => String, { nullable: true }) path!: string | null;
  @Field(() => Int, { nullable: true }) line!: number | null;
  @Field() message!: string;
}

@ObjectType('SkippedResource', {
  description:
    'An object read but not evaluated although it holds image-like fields (a custom resource whose pod templates ' +
    'pullwise does not know). It does not change the verdict.',
})
export class SkippedResourceModel {
  @Field(() => Int) document!: number;
  @Field(() => String, { nullable: true }) apiVersion!: string | null;
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field({ description: 'Why it was not evaluated, and how to make pullwise read it.' }) reason!: string;
  @Field(() => [String], { description: 'Field paths of the image-like values found.' }) imagePaths!: string[];
}

@ObjectType('EvaluatedRule', {
  description: 'A rule the evaluation ran, with or without findings (the test cases of a JUnit report).',
})
export class EvaluatedRuleModel {
  @Field() id!: string;
  @Field() name!: string;
  @Field() kind!: string;
  @Field(() => Int) version!: number;
  @Field() enforcement!: string;
  @Field() severity!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType('EvaluationResult')
export class EvaluationResultModel {
  @Field(() => ID, { nullable: true, description: 'Set when the evaluation was recorded (record: true).' })
  id!: string | null;
  @Field({
    description:
      'error whenever errors is not empty (part of the input could not be judged), whatever the findings; else ' +
      'fail if an unwaived deny finding exists, else warn if a warn finding exists, else pass.',
  })
  verdict!: string;
  @Field(() => SummaryModel) summary!: SummaryModel;
  @Field(() => [WorkloadModel]) workloads!: WorkloadModel[];
  @Field(() => [LocatedFindingModel]) findings!: LocatedFindingModel[];
  @Field(() => [InputErrorModel]) errors!: InputErrorModel[];
  @Field(() => [SkippedResourceModel], { description: 'Objects with image-like fields that were not evaluated.' })
  skipped!: SkippedResourceModel[];
  @Field(() => [EvaluatedRuleModel], { description: 'The rules the evaluation ran, with or without findings.' })
  rules!: EvaluatedRuleModel[];
  @Field(() => [String], { description: 'What the answers assumed about the cluster (kubelet version, gates).' })
  assumptions!: string[];
}

@ObjectType('EffectivePolicy')
export class EffectivePolicyModel {
  @Field(() => ImageRefModel) image!: ImageRefModel;
  @Field(() => PullPolicyModel) pullPolicy!: PullPolicyModel;
  @Field(() => NodeModel) node!: NodeModel;
  @Field(() => [FindingModel]) findings!: FindingModel[];
  @Field() namespace!: string;
  @Field(() => [String]) assumptions!: string[];
}

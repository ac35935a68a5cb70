import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/common/connection.js';
import type { Verdict } from '#policy';
import { EvaluationResultModel, SummaryModel, VerdictEnum } from '../evaluations/models/evaluation-result.model.js';

@ObjectType('EvaluationSource')
export class SourceModel {
  @Field(() => String, { nullable: true }) repository!: string | null;
  @Field(() => String, { nullable: true }) commit!: string | null;
  @Field(() => String, { nullable: true }) pipeline!: string | null;
}

@ObjectType('RuleVersionRef')
export class RuleVersionRefModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Int) version!: number;
}

@ObjectType('RecordedDocument', { description: 'One workload document of a recorded evaluation, as submitted.' })
export class RecordedDocumentModel {
  @Field(() => Int, { description: 'Its 0-based index in the input, as workloads, findings and fixes name it.' })
  document!: number;
  @Field() text!: string;
}

@ObjectType('RecordedEvaluation', { description: 'An evaluation stored with record: true.' })
export class RecordedEvaluationModel {
  @Field(() => ID) id!: string;
  @Field() createdAt!: string;
  @Field(() => VerdictEnum) verdict!: Verdict;
  @Field(() => String, { nullable: true }) cluster!: string | null;
  @Field(() => [String]) namespaces!: string[];
  @Field(() => SourceModel) source!: SourceModel;
  @Field(() => SummaryModel) summary!: SummaryModel;
  @Field(() => [RuleVersionRefModel], { description: 'The rule versions it was evaluated with.' })
  ruleVersions!: RuleVersionRefModel[];
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => EvaluationResultModel, { nullable: true, description: 'The full result; loaded only when asked for.' })
  result?: EvaluationResultModel | null;
  @Field(() => [RecordedDocumentModel], {
    description:
      'The submitted text of each document holding a workload of the result, so a fix can be shown applied; the ' +
      "input's other documents are not kept readable. Loaded only when asked for.",
  })
  documents?: RecordedDocumentModel[];
}

export const RecordedEvaluationConnection = Connection(RecordedEvaluationModel, 'RecordedEvaluationConnection');

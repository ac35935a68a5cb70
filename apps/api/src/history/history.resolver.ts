import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import { pageSize } from '../http/pagination.js';
import { toConnection } from '../graphql/common/connection.js';
import { EvaluationResultModel } from '../evaluations/models/evaluation-result.model.js';
import { parseEvaluationFilter } from './evaluation-filter.js';
import { RecordedDocumentModel, RecordedEvaluationConnection, RecordedEvaluationModel } from './history.model.js';
import { HistoryService } from './history.service.js';

@Resolver(() => RecordedEvaluationModel)
@Access('rules:read')
export class HistoryResolver {
  constructor(private readonly history: HistoryService) {}

  @Query(() => RecordedEvaluationConnection, {
    name: 'evaluations',
    description: 'Recorded evaluations, newest first.',
  })
  async list(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('verdict', { nullable: true }) verdict?: string,
    @Args('namespace', { nullable: true }) namespace?: string,
    @Args('rule', { nullable: true }) rule?: string,
    @Args('cluster', { nullable: true }) cluster?: string,
    @Args('repository', { nullable: true }) repository?: string,
    @Args('pipeline', { nullable: true }) pipeline?: string,
    @Args('since', { nullable: true, description: 'ISO-8601' }) since?: string,
    @Args('until', { nullable: true, description: 'ISO-8601' }) until?: string,
  ) {
    const filter = parseEvaluationFilter({ verdict, namespace, rule, cluster, repository, pipeline, since, until });
    return toConnection(await this.history.list(filter, pageSize(first ?? undefined, 'first'), after ?? undefined));
  }

  @Query(() => RecordedEvaluationModel, { name: 'evaluation' })
  get(@Args('id', { type: () => ID }) id: string) {
    return this.history.get(id);
  }

  @ResolveField(() => EvaluationResultModel, { nullable: true })
  async result(@Parent() parent: RecordedEvaluationModel & { result?: unknown }) {
    return parent.result ?? (await this.history.get(parent.id)).result;
  }

  @ResolveField(() => [RecordedDocumentModel])
  documents(@Parent() parent: RecordedEvaluationModel) {
    return this.history.documents(parent.id);
  }
}

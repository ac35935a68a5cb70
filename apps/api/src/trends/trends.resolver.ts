import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import { RetentionService } from './retention.service.js';
import { parseFilter, parseLimit, parseRange } from './trend-range.js';
import {
  OffendingImageModel,
  OffendingWorkloadModel,
  PassRateModel,
  TrendGroupBy,
  ViolationTrendModel,
  WaivedCountsModel,
} from './trends.model.js';
import { TrendsService } from './trends.service.js';

const FROM = 'Start of the range, inclusive: ISO-8601 date (midnight UTC) or time with a zone.';
const TO = 'End of the range, exclusive; at most 366 days after from.';
const LIMIT = 'How many to return, 1–100.';

/** Dashboard aggregates over recorded evaluations (POST /v1/evaluations with record: true). */
@Resolver()
export class TrendsResolver {
  constructor(
    private readonly trends: TrendsService,
    private readonly retention: RetentionService,
  ) {}

  @Access('rules:read')
  @Query(() => ViolationTrendModel, {
    description:
      'Findings per UTC day, one zero-filled series per rule, namespace, severity or enforcement. Waived findings count only with includeWaived.',
  })
  violationsOverTime(
    @Args('from', { description: FROM }) from: string,
    @Args('to', { description: TO }) to: string,
    @Args('groupBy', { type: () => TrendGroupBy }) groupBy: TrendGroupBy,
    @Args('includeWaived', { nullable: true, defaultValue: false }) includeWaived: boolean,
    @Args('cluster', { nullable: true }) cluster?: string,
    @Args('namespace', { nullable: true }) namespace?: string,
  ) {
    return this.trends.violationsOverTime(parseRange(from, to), groupBy, {
      ...parseFilter({ cluster, namespace }),
      includeWaived: includeWaived ?? false,
    });
  }

  @Access('rules:read')
  @Query(() => [OffendingImageModel], { description: 'Images with the most unwaived findings in the range.' })
  topOffendingImages(
    @Args('from', { description: FROM }) from: string,
    @Args('to', { description: TO }) to: string,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 10, description: LIMIT }) limit: number,
  ) {
    const range = parseRange(from, to);
    return this.trends.topOffendingImages(range, parseLimit(limit));
  }

  @Access('rules:read')
  @Query(() => [OffendingWorkloadModel], { description: 'Workloads with the most unwaived findings in the range.' })
  topOffendingWorkloads(
    @Args('from', { description: FROM }) from: string,
    @Args('to', { description: TO }) to: string,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 10, description: LIMIT }) limit: number,
  ) {
    const range = parseRange(from, to);
    return this.trends.topOffendingWorkloads(range, parseLimit(limit));
  }

  @Access('rules:read')
  @Query(() => PassRateModel, { description: 'Recorded evaluations by verdict, in total and per UTC day.' })
  passRate(
    @Args('from', { description: FROM }) from: string,
    @Args('to', { description: TO }) to: string,
    @Args('cluster', { nullable: true }) cluster?: string,
    @Args('namespace', { nullable: true, description: 'Evaluations that covered this namespace.' })
    namespace?: string,
  ) {
    return this.trends.passRate(parseRange(from, to), parseFilter({ cluster, namespace }));
  }

  @Access('rules:read')
  @Query(() => WaivedCountsModel, { description: 'Findings waived in the range, by exception and by rule.' })
  waivedCounts(@Args('from', { description: FROM }) from: string, @Args('to', { description: TO }) to: string) {
    return this.trends.waivedCounts(parseRange(from, to));
  }

  @Access('admin')
  @Mutation(() => Int, {
    description:
      'Removes recorded evaluations (and their findings) older than PULLWISE_RETENTION_DAYS now; returns how many. 0 when retention is off.',
  })
  runRetention() {
    return this.retention.run();
  }
}

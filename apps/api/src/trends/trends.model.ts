import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum TrendGroupBy {
  RULE = 'RULE',
  NAMESPACE = 'NAMESPACE',
  SEVERITY = 'SEVERITY',
  ENFORCEMENT = 'ENFORCEMENT',
}

registerEnumType(TrendGroupBy, {
  name: 'TrendGroupBy',
  description: 'What a violations-over-time series is keyed by.',
});

@ObjectType('TrendPoint', { description: 'One UTC day of a series.' })
export class TrendPointModel {
  @Field({ description: 'UTC day, YYYY-MM-DD.' }) day!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('TrendSeries', { description: 'One line of a chart: a value per day of the range, zero-filled.' })
export class TrendSeriesModel {
  @Field({ description: 'The rule name, namespace, severity or enforcement.' }) key!: string;
  @Field(() => Int, { description: 'Sum of the points.' }) total!: number;
  @Field(() => [TrendPointModel], { description: 'One point per day of `days`, in order.' })
  points!: TrendPointModel[];
}

@ObjectType('ViolationTrend', {
  description:
    'Findings per UTC day, one series per key: rules and namespaces largest total first (ties by name), severities and enforcements most severe first.',
})
export class ViolationTrendModel {
  @Field({ description: 'Start of the range (inclusive), ISO-8601.' }) from!: string;
  @Field({ description: 'End of the range (exclusive), ISO-8601.' }) to!: string;
  @Field(() => TrendGroupBy) groupBy!: TrendGroupBy;
  @Field(() => [String], { description: 'The UTC days of the range (the x axis), in order.' }) days!: string[];
  @Field(() => Int, { description: 'Findings over the whole range.' }) total!: number;
  @Field(() => [TrendSeriesModel]) series!: TrendSeriesModel[];
}

@ObjectType('OffendingImage', { description: 'An image by its unwaived findings over a range.' })
export class OffendingImageModel {
  @Field() image!: string;
  @Field(() => String, { nullable: true }) registry!: string | null;
  @Field(() => Int, { description: 'Unwaived findings.' }) findings!: number;
  @Field(() => Int, { description: 'Distinct rules broken.' }) ruleCount!: number;
  @Field(() => [String], { description: 'The distinct rules broken, by name.' }) rules!: string[];
  @Field({ description: 'The most severe severity among its findings.' }) worstSeverity!: string;
  @Field({ description: 'Most recent finding, ISO-8601.' }) lastSeen!: string;
}

@ObjectType('OffendingWorkload', {
  description: 'A workload (namespace, kind, name; in whichever cluster) by its unwaived findings over a range.',
})
export class OffendingWorkloadModel {
  @Field() namespace!: string;
  @Field() kind!: string;
  @Field() name!: string;
  @Field(() => Int, { description: 'Unwaived findings.' }) findings!: number;
  @Field(() => Int, { description: 'Distinct rules broken.' }) ruleCount!: number;
  @Field(() => [String], { description: 'The distinct rules broken, by name.' }) rules!: string[];
  @Field({ description: 'The most severe severity among its findings.' }) worstSeverity!: string;
  @Field({ description: 'Most recent finding, ISO-8601.' }) lastSeen!: string;
}

@ObjectType('PassRateDay')
export class PassRateDayModel {
  @Field({ description: 'UTC day, YYYY-MM-DD.' }) day!: string;
  @Field(() => Int) total!: number;
  @Field(() => Int) pass!: number;
  @Field(() => Int) warn!: number;
  @Field(() => Int) fail!: number;
  @Field(() => Int, { description: 'Evaluations whose input could not be judged in full (verdict error).' })
  error!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'pass / total (0–1), an error counting against it; null on a day without evaluations.',
  })
  rate!: number | null;
}

@ObjectType('PassRate', { description: 'Recorded evaluations by verdict over a range.' })
export class PassRateModel {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => Int) total!: number;
  @Field(() => Int) pass!: number;
  @Field(() => Int) warn!: number;
  @Field(() => Int) fail!: number;
  @Field(() => Int, { description: 'Evaluations whose input could not be judged in full (verdict error).' })
  error!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'pass / total (0–1), an error counting against it; null without evaluations.',
  })
  rate!: number | null;
  @Field(() => [PassRateDayModel], { description: 'The same per UTC day of the range, zero-filled.' })
  days!: PassRateDayModel[];
}

@ObjectType('WaivedCount')
export class WaivedCountModel {
  @Field({ description: 'The exception name (byException) or rule name (byRule).' }) key!: string;
  @Field(() => Int, { description: 'Waived findings.' }) count!: number;
  @Field({ description: 'Most recent waived finding, ISO-8601.' }) lastSeen!: string;
}

@ObjectType('WaivedCounts', { description: 'Findings waived by exceptions over a range, largest first.' })
export class WaivedCountsModel {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => Int) total!: number;
  @Field(() => [WaivedCountModel]) byException!: WaivedCountModel[];
  @Field(() => [WaivedCountModel]) byRule!: WaivedCountModel[];
}

import { useQuery } from '@tanstack/preact-query';
import { useApi } from '../../api/use-api';
import type { DayRange } from './range';
import type { GroupBy, OverviewData, ViolationTrend } from './types';

const COUNTS = 'total pass warn fail error rate';
const OFFENDER = 'findings ruleCount rules worstSeverity lastSeen';

/** Everything of the period but the chart, in one request: it changes only with the period. */
const OVERVIEW = `query Overview($from: String!, $to: String!) {
  passRate(from: $from, to: $to) { ${COUNTS} days { day ${COUNTS} } }
  waivedCounts(from: $from, to: $to) { total }
  topOffendingImages(from: $from, to: $to, limit: 10) { image registry ${OFFENDER} }
  topOffendingWorkloads(from: $from, to: $to, limit: 10) { namespace kind name ${OFFENDER} }
}`;

const VIOLATIONS = `query Violations($from: String!, $to: String!, $groupBy: TrendGroupBy!, $includeWaived: Boolean) {
  violationsOverTime(from: $from, to: $to, groupBy: $groupBy, includeWaived: $includeWaived) {
    days total groupBy series { key total points { day count } }
  }
}`;

export function useOverview(range: DayRange) {
  const api = useApi();
  return useQuery({
    queryKey: ['overview', range.from, range.to],
    queryFn: () => api.graphql<OverviewData>(OVERVIEW, { from: range.from, to: range.to }),
  });
}

export function useViolations(range: DayRange, groupBy: GroupBy, includeWaived: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['violations', range.from, range.to, groupBy, includeWaived],
    queryFn: async () =>
      (
        await api.graphql<{ violationsOverTime: ViolationTrend }>(VIOLATIONS, {
          from: range.from,
          to: range.to,
          groupBy,
          includeWaived,
        })
      ).violationsOverTime,
    // Switching the grouping keeps the last chart on screen until the new one arrives.
    placeholderData: (previous) => previous,
  });
}

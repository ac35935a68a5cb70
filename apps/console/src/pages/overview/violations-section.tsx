import { useMemo } from 'preact/hooks';
import { LineChart, type ChartSeries } from '../../components/chart/line-chart';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { useViolations } from './queries';
import { formatDay, rangeText, type DayRange } from './range';
import { Segmented } from './segmented';
import type { GroupBy, ViolationTrend } from './types';

export const GROUPS: readonly { value: GroupBy; label: string; noun: string }[] = [
  { value: 'RULE', label: 'Rule', noun: 'rule' },
  { value: 'NAMESPACE', label: 'Namespace', noun: 'namespace' },
  { value: 'SEVERITY', label: 'Severity', noun: 'severity' },
  { value: 'ENFORCEMENT', label: 'Enforcement', noun: 'enforcement' },
];

/** Lines a chart can keep apart; the rest are summed into one "other" line (the table keeps every one). */
const MAX_LINES = 7;
/** Enforcement has colours of its own across the console (badges): the chart keeps them. */
const ENFORCEMENT_COLORS: Record<string, string> = { deny: '--deny', warn: '--warn', audit: '--audit' };

function chartSeries(trend: ViolationTrend): ChartSeries[] {
  const lines: ChartSeries[] = trend.series.slice(0, MAX_LINES).map((s) => ({
    label: s.key,
    values: s.points.map((p) => p.count),
    colorVar: trend.groupBy === 'ENFORCEMENT' ? ENFORCEMENT_COLORS[s.key] : undefined,
  }));
  const rest = trend.series.slice(MAX_LINES);
  if (rest.length)
    lines.push({
      label: `${rest.length} others`,
      values: trend.days.map((_, i) => rest.reduce((sum, s) => sum + (s.points[i]?.count ?? 0), 0)),
    });
  return lines;
}

export function ViolationsSection(props: {
  range: DayRange;
  groupBy: GroupBy;
  includeWaived: boolean;
  onGroupBy: (g: GroupBy) => void;
  onIncludeWaived: (on: boolean) => void;
}) {
  const { range, groupBy, includeWaived } = props;
  const trend = useViolations(range, groupBy, includeWaived);
  const data = trend.data;
  // Named after the data shown, which lags the choice while the next grouping loads.
  const noun = GROUPS.find((g) => g.value === (data?.groupBy ?? groupBy))!.noun;
  const what = includeWaived ? 'Findings (waived included)' : 'Unwaived findings';
  const series = useMemo(() => (data ? chartSeries(data) : []), [data]);
  const summary = data
    ? `Line chart: ${what.toLowerCase()} per UTC day by ${noun}, ${rangeText(range)}. ${data.total} in total: ` +
      `${data.series.map((s) => `${s.key} ${s.total}`).join(', ')}. The table below has each day.`
    : '';

  return (
    <section aria-labelledby="violations-title" class="overview-section">
      <h2 id="violations-title">Violations over time</h2>
      <div class="row controls">
        <Segmented name="group-by" legend="Group by" options={GROUPS} value={groupBy} onChange={props.onGroupBy} />
        <label class="check">
          <input
            type="checkbox"
            checked={includeWaived}
            onChange={(e) => props.onIncludeWaived(e.currentTarget.checked)}
          />
          Include waived findings
        </label>
      </div>
      {trend.isPending ? (
        <Loading label="Loading violations…" />
      ) : trend.isError ? (
        <ProblemAlert error={trend.error} title="Violations over time could not be loaded." />
      ) : data!.total === 0 ? (
        <p class="notice">
          No {includeWaived ? '' : 'unwaived '}findings in this period: every recorded evaluation met the rules
          {includeWaived ? '' : ' or was waived'}.
        </p>
      ) : (
        <div aria-busy={trend.isPlaceholderData || undefined}>
          <LineChart days={data!.days} series={series} summary={summary} />
          <details class="chart-table">
            <summary>Show as table</summary>
            <TrendTable trend={data!} caption={`${what} per UTC day by ${noun}`} />
          </details>
        </div>
      )}
    </section>
  );
}

/** The chart's numbers for people who cannot see it: one row per day, one column per series, totals last. */
function TrendTable({ trend, caption }: { trend: ViolationTrend; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="trend-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {trend.series.map((s) => (
              <th scope="col" class="num" key={s.key}>
                {s.key}
              </th>
            ))}
            <th scope="col" class="num">
              All
            </th>
          </tr>
        </thead>
        <tbody>
          {trend.days.map((day, i) => (
            <tr key={day}>
              <th scope="row">
                <time dateTime={day}>{formatDay(day)}</time>
              </th>
              {trend.series.map((s) => (
                <td class="num" key={s.key}>
                  {s.points[i]?.count ?? 0}
                </td>
              ))}
              <td class="num">{trend.series.reduce((sum, s) => sum + (s.points[i]?.count ?? 0), 0)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {trend.series.map((s) => (
              <td class="num" key={s.key}>
                {s.total}
              </td>
            ))}
            <td class="num">{trend.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

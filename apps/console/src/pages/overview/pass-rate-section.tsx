import { useMemo } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { Badge } from '../../components/badge';
import { LineChart } from '../../components/chart/line-chart';
import { formatPercent } from '../../format';
import { formatDay, rangeText, type DayRange } from './range';
import type { PassRate, Verdict } from './types';

const VERDICTS: { value: Verdict; label: string; means: string }[] = [
  { value: 'pass', label: 'Pass', means: 'no unwaived deny or warn finding' },
  { value: 'warn', label: 'Warn', means: 'an unwaived warn finding' },
  { value: 'fail', label: 'Fail', means: 'an unwaived deny finding' },
  { value: 'error', label: 'Error', means: 'part of the input could not be judged' },
];

const count = new Intl.NumberFormat();

/** The share of recorded evaluations that passed, its verdict counts, and the same per UTC day. */
export function PassRateSection({
  passRate: p,
  waived,
  range,
}: {
  passRate: PassRate;
  waived: number;
  range: DayRange;
}) {
  // Stable arrays: the chart redraws when its data changes, not on every render of the page.
  const days = useMemo(() => p.days.map((d) => d.day), [p.days]);
  const series = useMemo(() => [{ label: 'Pass rate', values: p.days.map((d) => d.rate), colorVar: '--ok' }], [p.days]);
  const judged = p.days.filter((d) => d.rate !== null);
  const summary =
    `Line chart: pass rate per UTC day, ${rangeText(range)}. ` +
    (judged.length
      ? `Lowest ${formatPercent(Math.min(...judged.map((d) => d.rate!)))}, highest ${formatPercent(Math.max(...judged.map((d) => d.rate!)))}, on ${judged.length} of ${p.days.length} days with evaluations. The table below has each day.`
      : 'No day has evaluations.');
  return (
    <section aria-labelledby="pass-rate-title" class="overview-section">
      <h2 id="pass-rate-title">Pass rate</h2>
      <div class="stats">
        <div class="card stat-card">
          <span class="stat">{formatPercent(p.rate)}</span>
          <span>
            of {count.format(p.total)} recorded {p.total === 1 ? 'evaluation' : 'evaluations'} passed
          </span>
          <span class="muted small">Warn, fail and error count against it.</span>
        </div>
        <div class="card">
          <h3 class="card-title">By verdict</h3>
          <dl class="verdicts" aria-label="Evaluations by verdict">
            {VERDICTS.map((v) => (
              <div key={v.value} title={v.means}>
                <dt>
                  <Badge value={v.value} label={v.label} />
                </dt>
                <dd>
                  <Link
                    href={`/evaluations?verdict=${v.value}`}
                    aria-label={`${count.format(p[v.value])} ${v.value} evaluations`}
                  >
                    {count.format(p[v.value])}
                  </Link>
                </dd>
              </div>
            ))}
          </dl>
        </div>
        <div class="card stat-card">
          <span class="stat">{count.format(waived)}</span>
          <span>findings waived by exceptions</span>
          <span class="muted small">They do not count towards verdicts.</span>
        </div>
      </div>

      <h3>Pass rate per day</h3>
      <LineChart
        days={days}
        series={series}
        summary={summary}
        format={(v) => formatPercent(v)}
        yMax={1}
        legendTotals={false}
      />
      <details class="chart-table">
        <summary>Show pass rate per day as a table</summary>
        <div class="table-wrap">
          <table>
            <caption>Evaluations per UTC day by verdict</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">
                  Evaluations
                </th>
                {VERDICTS.map((v) => (
                  <th scope="col" class="num" key={v.value}>
                    {v.label}
                  </th>
                ))}
                <th scope="col" class="num">
                  Pass rate
                </th>
              </tr>
            </thead>
            <tbody>
              {p.days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">
                    <time dateTime={d.day}>{formatDay(d.day)}</time>
                  </th>
                  <td class="num">{d.total}</td>
                  {VERDICTS.map((v) => (
                    <td class="num" key={v.value}>
                      {d[v.value]}
                    </td>
                  ))}
                  <td class="num">{formatPercent(d.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

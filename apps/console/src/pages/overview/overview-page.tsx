import { useSearchParams } from 'wouter-preact';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { usePageTitle } from '../../page-title';
import { ExpiringWaivers } from './expiring-waivers';
import { OffendersSection } from './offenders-section';
import { PassRateSection } from './pass-rate-section';
import { useOverview } from './queries';
import { PERIODS, lastDays, parsePeriod, rangeText, type DayRange, type Period } from './range';
import { Segmented } from './segmented';
import type { GroupBy } from './types';
import { GROUPS, ViolationsSection } from './violations-section';
import './overview.css';

const PERIOD_OPTIONS = PERIODS.map((p) => ({ value: p, label: `Last ${p} days` }));

/**
 * The state of the fleet over a period: pass rate, violations over time, top offenders and waivers about to
 * lapse. The period and chart choices live in the address (`?days=7&by=namespace`), so a view can be shared.
 */
export function OverviewPage() {
  usePageTitle('Overview');
  const [params, setParams] = useSearchParams();
  const period = parsePeriod(params.get('days'));
  const groupBy = GROUPS.find((g) => g.value.toLowerCase() === params.get('by'))?.value ?? 'RULE';
  const includeWaived = params.get('waived') === '1';
  const range = lastDays(period);
  const overview = useOverview(range);

  const set = (name: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );

  return (
    <div class="overview-page">
      <div class="page-head">
        <h1>Overview</h1>
        <div class="period">
          <Segmented<Period>
            name="period"
            legend="Period"
            options={PERIOD_OPTIONS}
            value={period}
            onChange={(p) => set('days', p === 30 ? undefined : String(p))}
          />
          <p class="muted small">{rangeText(range)}, today included</p>
        </div>
      </div>

      {overview.isPending ? (
        <Loading label="Loading the overview…" />
      ) : overview.isError ? (
        <ProblemAlert error={overview.error} title="The overview could not be loaded." />
      ) : overview.data.passRate.total === 0 ? (
        <NoEvaluations period={period} range={range} />
      ) : (
        <>
          <PassRateSection passRate={overview.data.passRate} waived={overview.data.waivedCounts.total} range={range} />
          <ViolationsSection
            range={range}
            groupBy={groupBy}
            includeWaived={includeWaived}
            onGroupBy={(g: GroupBy) => set('by', g === 'RULE' ? undefined : g.toLowerCase())}
            onIncludeWaived={(on) => set('waived', on ? '1' : undefined)}
          />
          <OffendersSection images={overview.data.topOffendingImages} workloads={overview.data.topOffendingWorkloads} />
        </>
      )}
      <ExpiringWaivers />
    </div>
  );
}

/** A fresh install, or a quiet period: what fills this page, and how to send it. */
function NoEvaluations({ period, range }: { period: Period; range: DayRange }) {
  return (
    <section class="card empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">No evaluations recorded in the last {period} days</h2>
      <p>
        This page fills with the evaluations your pipelines record: pass rate, violations over time and the worst
        offending images and workloads ({rangeText(range)}).
      </p>
      <p>Record one from CI with the pullwise CLI and a key with the evaluate scope:</p>
      <pre>
        <code>pullwise check -f deploy/ --server "$PULLWISE_SERVER" --record</code>
      </pre>
      <p>
        or send <code>"record": true</code> with <code>POST /v1/evaluations</code>. Admission reviews with findings are
        recorded too.{period < 90 && ' Older evaluations may show with a longer period.'}
      </p>
    </section>
  );
}

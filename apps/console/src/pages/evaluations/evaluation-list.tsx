import { useInfiniteQuery } from '@tanstack/preact-query';
import { Link, useSearch } from 'wouter-preact';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { formatDateTime, formatRelative } from '../../format';
import { usePageTitle } from '../../page-title';
import { VERDICT_LABEL } from '../../components/evaluation/labels';
import type { FindingCounts } from '../../components/evaluation/types';
import { ActiveFilters, FilterForm } from './filter-form';
import { apiQuery, useFilters } from './filters';
import { PipelineText } from './pipeline-text';
import type { BackState, EvaluationRecordList } from './types';
import { ScrollBox } from '../../components/evaluation/scroll-box';

const PAGE_SIZE = 50;

/** The recorded history, newest first, filtered by what the address says. */
export function EvaluationList() {
  usePageTitle('Evaluations');
  const api = useApi();
  const [filters, setFilters] = useFilters();
  const search = useSearch();
  const filtered = Object.keys(filters).length > 0;
  const history = useInfiniteQuery({
    queryKey: ['history', 'list', filters],
    queryFn: ({ pageParam }) =>
      api.get<EvaluationRecordList>('/v1/evaluations', { ...apiQuery(filters), limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const total = history.data?.pages[0]?.totalCount ?? 0;

  return (
    <>
      <h1>Evaluations</h1>
      <p class="muted">
        Evaluations recorded by pipelines and admission, newest first. Filters stay in the address, so a filtered view
        can be shared.
      </p>
      <FilterForm filters={filters} onApply={setFilters} />
      <ActiveFilters filters={filters} onApply={setFilters} />
      {history.isPending ? (
        <Loading label="Loading recorded evaluations…" />
      ) : !history.data ? (
        // A failed next page keeps the data loaded so far; only a failed first page ends up here.
        <ProblemAlert error={history.error} title="The recorded evaluations could not be loaded." />
      ) : items.length === 0 ? (
        filtered ? (
          <p class="notice">
            No recorded evaluation matches these filters.{' '}
            <button type="button" class="secondary ev-small-button" onClick={() => setFilters({})}>
              Clear filters
            </button>
          </p>
        ) : (
          <p class="notice">
            No evaluations recorded yet. A pipeline records one with <code>pullwise evaluate --record</code> (or{' '}
            <code>record: true</code> in <code>POST /v1/evaluations</code>); the Playground evaluates without recording.
          </p>
        )
      ) : (
        <>
          <p class="evl-count" aria-live="polite">
            Showing {items.length} of {total} recorded {total === 1 ? 'evaluation' : 'evaluations'}
            {filtered && ' matching the filters'}.
          </p>
          <ScrollBox label="Recorded evaluations table">
            <table class="evl-table">
              <caption class="visually-hidden">Recorded evaluations</caption>
              <thead>
                <tr>
                  <th scope="col">Recorded</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Repository</th>
                  <th scope="col">Pipeline</th>
                  <th scope="col">Commit</th>
                  <th scope="col">Cluster</th>
                  <th scope="col">Namespaces</th>
                  <th scope="col">Findings</th>
                  <th scope="col">Slots</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link href={`/${e.id}`} state={{ listSearch: search } satisfies BackState}>
                        {formatDateTime(e.createdAt)}
                        {/* Several rows can share a minute: the name says which evaluation it opens. */}
                        <span class="visually-hidden">
                          {`, ${e.source.repository ?? 'no repository'}, ${VERDICT_LABEL[e.verdict].toLowerCase()}`}
                        </span>
                      </Link>
                      <div class="muted small">{formatRelative(e.createdAt)}</div>
                    </td>
                    <td>
                      <Badge value={e.verdict} label={VERDICT_LABEL[e.verdict]} />
                    </td>
                    <td>{e.source.repository ?? <span class="muted">—</span>}</td>
                    <td class="evl-wrap">
                      <PipelineText pipeline={e.source.pipeline} />
                    </td>
                    <td>
                      {e.source.commit ? <code>{e.source.commit.slice(0, 12)}</code> : <span class="muted">—</span>}
                    </td>
                    <td>{e.cluster ?? <span class="muted">—</span>}</td>
                    <td class="evl-wrap">{e.namespaces.join(', ') || <span class="muted">—</span>}</td>
                    <td>{findingText(e.summary.findings)}</td>
                    <td>{e.summary.slots}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          {history.hasNextPage && (
            <p>
              <button
                type="button"
                class="secondary"
                disabled={history.isFetchingNextPage}
                onClick={() => history.fetchNextPage()}
              >
                Show {Math.min(PAGE_SIZE, total - items.length)} more
              </button>
            </p>
          )}
          {history.isFetchNextPageError && (
            <ProblemAlert error={history.error} title="The next page could not be loaded." />
          )}
        </>
      )}
    </>
  );
}

function findingText(f: FindingCounts): string {
  const parts = [
    f.deny && `${f.deny} deny`,
    f.warn && `${f.warn} warn`,
    f.audit && `${f.audit} audit`,
    f.waived && `${f.waived} waived`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

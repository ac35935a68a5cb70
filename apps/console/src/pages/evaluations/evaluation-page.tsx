import { useQuery } from '@tanstack/preact-query';
import type { ComponentChildren } from 'preact';
import { Link, useRouter } from 'wouter-preact';
import { ApiError } from '../../api/errors';
import { useApi } from '../../api/use-api';
import { EvaluationDetail } from '../../components/evaluation/evaluation-detail';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format';
import { usePageTitle } from '../../page-title';
import { PipelineText } from './pipeline-text';
import type { BackState, RecordedEvaluation } from './types';

/** One recorded evaluation: where it came from, then the same detail view the playground shows. */
export function EvaluationPage({ id }: { id: string }) {
  const api = useApi();
  const evaluation = useQuery({
    queryKey: ['history', 'one', id],
    queryFn: () => api.get<RecordedEvaluation>(`/v1/evaluations/${encodeURIComponent(id)}`),
  });
  usePageTitle(evaluation.data ? `Evaluation ${formatDateTime(evaluation.data.createdAt)}` : 'Evaluation');

  // Back to the list as it was filtered when this evaluation was opened from it (kept across a reload too).
  const listSearch = (history.state as BackState | null)?.listSearch;
  // `~` leaves every base, the console's /ui too: the list's own address is this nested router's base.
  const listPath = useRouter().base;
  const back = (
    <p class="small">
      <Link href={listSearch ? `~${listPath}?${listSearch}` : '/'}>← Recorded evaluations</Link>
    </p>
  );
  if (evaluation.isPending)
    return (
      <>
        {back}
        <h1>Evaluation</h1>
        <Loading label="Loading the evaluation…" />
      </>
    );
  if (evaluation.isError)
    return (
      <>
        {back}
        <h1>Evaluation</h1>
        <ProblemAlert
          error={evaluation.error}
          title={
            evaluation.error instanceof ApiError && evaluation.error.code === 'not-found'
              ? 'There is no such evaluation.'
              : 'The evaluation could not be loaded.'
          }
        />
      </>
    );

  const e = evaluation.data;
  const context = Object.entries(e.context ?? {});
  return (
    <>
      {back}
      <h1>Evaluation of {e.source.repository ?? 'an unnamed source'}</h1>
      <section class="card evp-source" aria-labelledby="evp-source-heading">
        <h2 id="evp-source-heading">Source</h2>
        <dl class="evp-facts">
          <Fact term="Repository">{e.source.repository ?? '—'}</Fact>
          <Fact term="Pipeline">
            <PipelineText pipeline={e.source.pipeline} />
          </Fact>
          <Fact term="Commit">{e.source.commit ? <code>{e.source.commit}</code> : '—'}</Fact>
          <Fact term="Cluster profile">{e.cluster ?? 'none (stock Kubernetes)'}</Fact>
          <Fact term="Namespaces">{e.namespaces.join(', ') || '—'}</Fact>
          <Fact term="Recorded">
            {formatDateTime(e.createdAt)}
            {e.createdBy && ` by ${e.createdBy}`}
          </Fact>
          <Fact term="Inline context">
            {context.length === 0
              ? 'none'
              : context.map(([k, v]) => (
                  <div key={k}>
                    {k}: <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
                  </div>
                ))}
          </Fact>
          <Fact term="Rules enabled">
            {e.ruleVersions.length === 0 ? 'none' : e.ruleVersions.map((r) => `${r.name} v${r.version}`).join(', ')}
          </Fact>
        </dl>
      </section>
      <EvaluationDetail
        result={e.result}
        source={{ documents: new Map(e.documents.map((d) => [d.document, d.text])) }}
      />
    </>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

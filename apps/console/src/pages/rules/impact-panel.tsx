import { Link } from 'wouter-preact';
import { Badge } from '../../components/badge';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format';
import type { ImpactReport, ImpactedEvaluation } from './types';

export const DEFAULT_LAST = 100;
/**
 * The Evaluations pages, from inside the /rules nest. wouter's `~` escapes every base, the app's `/ui` included
 * (`~/evaluations` would leave the console), so the absolute path names it.
 */
const EVALUATIONS = '~/ui/evaluations';
const MAX_LAST = 1000;

interface ImpactPanelProps {
  report?: ImpactReport;
  /** The form changed since the report: it is not the impact of what would be saved. */
  stale: boolean;
  /** The save stopped to show a report that flips evaluations. */
  awaitingConfirmation: boolean;
  busy: boolean;
  error?: unknown;
  last: number;
  onLast: (n: number) => void;
  onPreview: () => void;
}

/** "This change flips N of the last M evaluations", with the flipped ones listed, before anything is saved. */
export function ImpactPanel(p: ImpactPanelProps) {
  return (
    <section class="card impact" aria-labelledby="impact-heading">
      <h2 id="impact-heading">Impact</h2>
      <p class="muted small">
        Replays recorded evaluations with this rule in place of the stored one, and lists the evaluations whose verdict
        or findings would change. Nothing is saved by a preview.
      </p>
      <div class="row">
        <div class="field impact-last">
          <label for="impact-last">Evaluations to replay</label>
          <input
            id="impact-last"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_LAST}
            step={1}
            value={String(p.last)}
            aria-describedby="impact-last-hint"
            // Enter here previews; it must not submit (save) the form around the panel.
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                p.onPreview();
              }
            }}
            onInput={(e) => {
              const n = Math.round(Number(e.currentTarget.value));
              if (Number.isFinite(n) && n >= 1) p.onLast(Math.min(n, MAX_LAST));
            }}
          />
        </div>
        <button type="button" class="secondary" onClick={p.onPreview} disabled={p.busy}>
          Preview impact
        </button>
      </div>
      <p id="impact-last-hint" class="muted small impact-hint">
        The most recent recorded evaluations, 1 to {MAX_LAST}.
      </p>
      {p.busy && <Loading label="Replaying recorded evaluations…" />}
      {!p.busy && p.error !== undefined && <ProblemAlert error={p.error} title="The impact could not be previewed." />}
      {!p.busy && p.report && <ImpactResult report={p.report} stale={p.stale} confirm={p.awaitingConfirmation} />}
    </section>
  );
}

/** An arrow that reads as a word. */
function Arrow({ word }: { word: string }) {
  return (
    <>
      <span aria-hidden="true">→</span>
      <span class="visually-hidden">{word}</span>
    </>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ImpactResult({ report, stale, confirm }: { report: ImpactReport; stale: boolean; confirm: boolean }) {
  // The generated index signature admits undefined; a JSON answer never holds it.
  const transitions = Object.entries(report.byTransition).filter((e): e is [string, number] => e[1] !== undefined);
  return (
    <div class={`stack impact-result${stale ? ' stale' : ''}`}>
      {stale && (
        <p class="notice">
          The form has changed since this preview: it shows the impact of an earlier draft. Preview again, or save to
          see the impact of the current one first.
        </p>
      )}
      <p class="impact-summary" role="status">
        <strong>
          This change flips {report.flipped} of the last {plural(report.evaluated, 'evaluation')}
        </strong>
        {report.replaces ? (
          <span class="muted">
            {' '}
            compared with the stored rule <code>{report.replaces.name}</code> (version {report.replaces.version}).
          </span>
        ) : (
          <span class="muted"> compared with the rules as they are (a new rule).</span>
        )}
      </p>
      {confirm && report.flipped > 0 && (
        <p class="alert">
          <strong>Not saved yet.</strong> Check the evaluations below, then press <em>Save rule</em> again to save with
          this impact.
        </p>
      )}
      {report.evaluated === 0 && (
        <p class="notice">
          No evaluations are recorded yet, so there is nothing to replay. Pipelines record them with{' '}
          <code>POST /v1/evaluations</code> and <code>record: true</code>.
        </p>
      )}
      {transitions.length > 0 && (
        <ul class="transitions">
          {transitions.map(([t, n]) => {
            const [before, after] = t.split('->');
            return (
              <li key={t}>
                <Badge value={before} /> <Arrow word="to" /> <Badge value={after} />: {plural(n, 'evaluation')}
              </li>
            );
          })}
        </ul>
      )}
      {report.evaluations.length > 0 && <ImpactTable rows={report.evaluations} />}
      {report.skipped.length > 0 && (
        <details>
          <summary>{plural(report.skipped.length, 'evaluation')} could not be replayed</summary>
          <ul>
            {report.skipped.map((s) => (
              <li key={s.id}>
                <Link href={`${EVALUATIONS}/${s.id}`}>{s.id.slice(0, 8)}</Link>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function sourceText(e: ImpactedEvaluation): string {
  const { repository, pipeline, commit } = e.source;
  return [repository, pipeline, commit && commit.slice(0, 12)].filter(Boolean).join(' · ') || '—';
}

function ImpactTable({ rows }: { rows: ImpactedEvaluation[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>Evaluations this change alters</caption>
        <thead>
          <tr>
            <th scope="col">Evaluation</th>
            <th scope="col">Source</th>
            <th scope="col">Cluster</th>
            <th scope="col">Verdict</th>
            <th scope="col">Findings</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => {
            const flips = e.before !== e.after;
            return (
              <tr key={e.id} class={flips ? 'highlight' : undefined}>
                <td>
                  <Link href={`${EVALUATIONS}/${e.id}`}>{formatDateTime(e.createdAt)}</Link>
                </td>
                <td>{sourceText(e)}</td>
                <td>{e.cluster ?? '—'}</td>
                <td class="nowrap-cell">
                  <Badge value={e.before} /> <Arrow word="becomes" /> <Badge value={e.after} />
                  {flips ? <strong class="small"> flips</strong> : <span class="muted small"> same verdict</span>}
                </td>
                <td class="nowrap-cell">
                  +{e.addedFindings} / −{e.removedFindings}
                  <span class="visually-hidden">
                    {' '}
                    ({plural(e.addedFindings, 'finding')} added, {e.removedFindings} removed)
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

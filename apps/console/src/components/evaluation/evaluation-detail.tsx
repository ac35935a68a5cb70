import { Badge } from '../badge';
import { FindingsSection } from './findings';
import type { ManifestSource } from './fix-view';
import { LineRef } from './line-ref';
import { VERDICT_LABEL, plural } from './labels';
import { SlotTable } from './slot-table';
import type { EvaluationResult } from './types';
import { WorkloadSection } from './workload-section';
import './evaluation.css';
import { ScrollBox } from './scroll-box';

const VERDICT_MEANING = {
  pass: 'No unwaived deny or warn finding.',
  warn: 'An unwaived warn finding, and no unwaived deny finding.',
  fail: 'At least one unwaived deny finding.',
  error: 'Part of the input could not be judged (see input errors), whatever the findings.',
} as const;

/**
 * An evaluation's answer, scannable first (verdict, a table of every slot) and complete below (each slot's policy
 * reasons, node outcomes with the kubelet's events, findings with their fixes). Shared by the playground and the
 * recorded-evaluation page; `source` is the submitted text when the page has it, for the patched YAML.
 */
export function EvaluationDetail({
  result,
  source,
  onLocate,
}: {
  result: EvaluationResult;
  source: ManifestSource;
  onLocate?: (line: number) => void;
}) {
  const { summary } = result;
  const counts = summary.findings;
  const open = summary.slots <= 3;
  return (
    <div class="ev-detail">
      <section class="card ev-verdict" aria-labelledby="ev-verdict-heading">
        <h2 id="ev-verdict-heading" tabIndex={-1}>
          Verdict <Badge value={result.verdict} label={VERDICT_LABEL[result.verdict]} />
        </h2>
        <p>
          {VERDICT_MEANING[result.verdict]} {plural(summary.documents, 'document')},{' '}
          {plural(summary.workloads, 'workload')}, {plural(summary.slots, 'image slot')}. Findings: {counts.deny} deny,{' '}
          {counts.warn} warn, {counts.audit} audit, {counts.waived} waived.
        </p>
        {result.assumptions.length > 0 && <p class="small muted">Assumed: {result.assumptions.join('; ')}.</p>}
      </section>

      {result.errors.length > 0 && (
        <section aria-labelledby="ev-errors-heading" class="alert">
          <h2 id="ev-errors-heading">Input errors ({result.errors.length})</h2>
          <p class="small">These documents or objects were not judged; the rest was.</p>
          <ul>
            {result.errors.map((e, i) => (
              <li key={i}>
                {e.document != null && `Document ${e.document + 1}`}
                {e.line != null && ', '}
                <LineRef line={e.line} onLocate={onLocate} />
                {e.path && (
                  <>
                    {e.document != null || e.line != null ? ', ' : ''}
                    <code>{e.path}</code>
                  </>
                )}
                : {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="ev-slots-heading">
        <h2 id="ev-slots-heading">Workloads and image slots</h2>
        {result.workloads.length === 0 ? (
          <p class="muted">No workload with images in these manifests (Pods, Deployments, Jobs, … carry them).</p>
        ) : (
          <>
            <SlotTable workloads={result.workloads} />
            {result.workloads.map((w) => (
              <WorkloadSection key={`${w.document}-${w.kind}-${w.name}`} workload={w} open={open} onLocate={onLocate} />
            ))}
          </>
        )}
      </section>

      <FindingsSection findings={result.findings} source={source} onLocate={onLocate} />

      {result.skipped.length > 0 && (
        <section aria-labelledby="ev-skipped-heading">
          <h2 id="ev-skipped-heading">Not evaluated ({result.skipped.length})</h2>
          <ScrollBox label="Objects not evaluated">
            <table>
              <caption class="visually-hidden">Objects with image fields that were read but not evaluated</caption>
              <thead>
                <tr>
                  <th scope="col">Document</th>
                  <th scope="col">Object</th>
                  <th scope="col">Image fields</th>
                  <th scope="col">Why, and how to have it read</th>
                </tr>
              </thead>
              <tbody>
                {result.skipped.map((s, i) => (
                  <tr key={i}>
                    <td>{s.document + 1}</td>
                    <td>
                      {s.kind ?? '?'}/{s.name ?? '?'}
                      <div class="muted small">{s.apiVersion}</div>
                    </td>
                    <td>
                      {s.imagePaths.map((p) => (
                        <div key={p}>
                          <code>{p}</code>
                        </div>
                      ))}
                    </td>
                    <td>{s.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </section>
      )}

      <section aria-labelledby="ev-rules-heading">
        <h2 id="ev-rules-heading">Rules evaluated ({result.rules.length})</h2>
        {result.rules.length === 0 ? (
          <p class="muted">No enabled rule applies to these slots.</p>
        ) : (
          <ScrollBox label="Rules evaluated">
            <table>
              <caption class="visually-hidden">Rules that applied to at least one slot</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Enforcement</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Findings</th>
                </tr>
              </thead>
              <tbody>
                {result.rules.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <strong>{r.name}</strong> <span class="muted small">v{r.version}</span>
                      {r.description && <div class="muted small">{r.description}</div>}
                    </td>
                    <td>{r.kind}</td>
                    <td>
                      <Badge value={r.enforcement} />
                    </td>
                    <td>
                      <Badge value={r.severity} />
                    </td>
                    <td>{result.findings.filter((f) => f.ruleId === r.id).length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </div>
  );
}

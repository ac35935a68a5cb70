import { Link } from 'wouter-preact';
import { Badge } from '../../components/badge';
import { formatDateTime, formatRelative } from '../../format';
import type { OffendingImage, OffendingWorkload } from './types';

const evaluationsWith = (filter: Record<string, string>) => `/evaluations?${new URLSearchParams(filter)}`;

function Rules({ rules }: { rules: string[] }) {
  return (
    <ul class="inline-list">
      {rules.map((r) => (
        <li key={r}>
          <Link href={evaluationsWith({ rule: r })}>
            <code>{r}</code>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function LastSeen({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

/** The images and workloads with the most unwaived findings in the period, worst first. */
export function OffendersSection({ images, workloads }: { images: OffendingImage[]; workloads: OffendingWorkload[] }) {
  return (
    <section aria-labelledby="offenders-title" class="overview-section offenders">
      <h2 id="offenders-title">Top offenders</h2>
      <p class="muted small">
        By unwaived findings in the period. Rules and namespaces open the recorded evaluations they appear in.
      </p>
      <h3 id="top-images-title">Top offending images</h3>
      {images.length === 0 ? (
        <p class="muted">No image has an unwaived finding in this period.</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby="top-images-title">
            <thead>
              <tr>
                <th scope="col">Image</th>
                <th scope="col" class="num">
                  Findings
                </th>
                <th scope="col">Worst severity</th>
                <th scope="col">Rules broken</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {images.map((i) => (
                <tr key={i.image}>
                  <th scope="row">
                    <code class="ref">{i.image}</code>
                  </th>
                  <td class="num">{i.findings}</td>
                  <td>
                    <Badge value={i.worstSeverity} />
                  </td>
                  <td>
                    <Rules rules={i.rules} />
                  </td>
                  <td>
                    <LastSeen at={i.lastSeen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="top-workloads-title">Top offending workloads</h3>
      {workloads.length === 0 ? (
        <p class="muted">No workload has an unwaived finding in this period.</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby="top-workloads-title">
            <thead>
              <tr>
                <th scope="col">Workload</th>
                <th scope="col">Namespace</th>
                <th scope="col" class="num">
                  Findings
                </th>
                <th scope="col">Worst severity</th>
                <th scope="col">Rules broken</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {workloads.map((w) => (
                <tr key={`${w.namespace}/${w.kind}/${w.name}`}>
                  <th scope="row">
                    {w.kind}/{w.name}
                  </th>
                  <td>
                    <Link href={evaluationsWith({ namespace: w.namespace })}>{w.namespace}</Link>
                  </td>
                  <td class="num">{w.findings}</td>
                  <td>
                    <Badge value={w.worstSeverity} />
                  </td>
                  <td>
                    <Rules rules={w.rules} />
                  </td>
                  <td>
                    <LastSeen at={w.lastSeen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { Badge } from '../badge';
import { formatDateTime } from '../../format';
import { ACTION_BADGE, ACTION_LABEL, plural } from './labels';
import type { Fleet } from './types';
import { ScrollBox } from './scroll-box';

/** The slot on the cluster's own nodes (its node inventory), grouped by kubelet version, image presence, outcome. */
export function FleetView({ fleet }: { fleet: Fleet }) {
  const { summary } = fleet;
  return (
    <div class="stack">
      <p class="small">
        {plural(fleet.eligibleNodes, 'node')} the pod can land on: {summary.pull} pull, {summary.useLocal} use a cached
        copy, {summary.fail} fail{summary.unknown > 0 && `, ${summary.unknown} unknown`}.{' '}
        {fleet.ineligibleNodes > 0 && `${plural(fleet.ineligibleNodes, 'node')} cannot take it. `}
        <span class="muted">Inventory as of {formatDateTime(fleet.observedAt)}.</span>
      </p>
      {fleet.groups.length > 0 && (
        <ScrollBox label="Nodes by kubelet version">
          <table>
            <caption class="visually-hidden">Nodes by kubelet version and image presence</caption>
            <thead>
              <tr>
                <th scope="col">Kubelet</th>
                <th scope="col">Image on node</th>
                <th scope="col">Kubelet action</th>
                <th scope="col">Reason</th>
                <th scope="col">Nodes</th>
              </tr>
            </thead>
            <tbody>
              {fleet.groups.map((g, i) => (
                <tr key={i}>
                  <td>{g.kubeletVersion}</td>
                  <td>{g.image}</td>
                  <td>
                    {g.action ? (
                      <Badge value={ACTION_BADGE[g.action]} label={ACTION_LABEL[g.action]} />
                    ) : (
                      <span class="muted">cannot tell</span>
                    )}
                  </td>
                  <td>{g.reason ? <code>{g.reason}</code> : '—'}</td>
                  <td>
                    {g.count}
                    <span class="muted small">
                      {' '}
                      ({g.nodes.join(', ')}
                      {g.count > g.nodes.length && ', …'})
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {fleet.ineligible.length > 0 && (
        <details>
          <summary>Nodes the pod cannot land on ({fleet.ineligible.length})</summary>
          <ul class="small">
            {fleet.ineligible.map((n) => (
              <li key={n.node}>
                <code>{n.node}</code>: {n.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

import { useState } from 'preact/hooks';
import { Badge } from '../../components/badge';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { formatDateTime, formatPercent, formatRelative } from '../../format';
import { useNodeFacts } from './clusters-api';
import { formatBytes, summarize, type InventorySummary } from './inventory-summary';
import { NodeTable } from './node-table';
import type { ClusterProfile } from './types';

const count = new Intl.NumberFormat();
/** How many truncated nodes are named before "and N more". */
const NAMED = 20;

/** A profile's node inventory: its counts, kubelet versions, truncated image lists, and every node on request. */
export function NodeInventory({ profile }: { profile: ClusterProfile }) {
  const headingId = `inventory-${profile.id}`;
  return (
    <section aria-labelledby={headingId} class="inventory">
      <h3 id={headingId}>Node inventory</h3>
      {profile.nodeInventory === null ? (
        <NoInventory profile={profile} />
      ) : (
        <Inventory profile={profile} inventory={profile.nodeInventory} />
      )}
    </section>
  );
}

function NoInventory({ profile }: { profile: ClusterProfile }) {
  return (
    <div class="notice">
      <p>
        <strong>No node inventory uploaded.</strong> Evaluations naming {profile.name} predict from the profile alone,
        without an answer per node (which nodes hold the image, which kubelet version each runs).
      </p>
      <p>Upload what kubectl prints, from a machine with access to the cluster:</p>
      <pre>
        <code>kubectl get nodes -o json | pullwise nodes push --cluster {profile.name}</code>
      </pre>
      <p class="small">
        or <code>PUT /v1/clusters/{profile.id}/nodes</code> with the same JSON or YAML (a key with rules:write). Upload
        it again when nodes change.
      </p>
    </div>
  );
}

function Inventory({
  profile,
  inventory,
}: {
  profile: ClusterProfile;
  inventory: NonNullable<ClusterProfile['nodeInventory']>;
}) {
  const facts = useNodeFacts(profile.id);
  const [open, setOpen] = useState(false);
  const uploaded = inventory.observedAt;
  if (facts.isPending) return <Loading label={`Reading ${count.format(inventory.nodes)} nodes…`} />;
  if (facts.isError) return <ProblemAlert error={facts.error} title="The node inventory could not be loaded." />;
  const s = summarize(facts.data);
  return (
    <>
      <Stats s={s} />
      <p class="muted small">
        Uploaded{' '}
        <time dateTime={uploaded} title={formatDateTime(uploaded)}>
          {formatRelative(uploaded)}
        </time>
        . Upload it again after nodes change, with <code>pullwise nodes push --cluster {profile.name}</code>.
      </p>
      <div class="inventory-grid">
        <Kubelets s={s} name={profile.name} />
        <Truncated s={s} />
      </div>
      <details class="node-details" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          All {count.format(s.nodes)} {s.nodes === 1 ? 'node' : 'nodes'} with their images
        </summary>
        {open && <NodeTable profile={profile} />}
      </details>
    </>
  );
}

function Stats({ s }: { s: InventorySummary }) {
  return (
    <dl class="inventory-stats">
      <div>
        <dt>Nodes</dt>
        <dd>
          {count.format(s.nodes)}
          {s.cordoned > 0 && <span class="muted small"> ({count.format(s.cordoned)} cordoned)</span>}
        </dd>
      </div>
      <div>
        <dt>Images listed</dt>
        <dd>
          {count.format(s.images)}
          <span class="muted small">
            {' '}
            ({s.minImages === s.maxImages ? s.minImages : `${s.minImages}–${s.maxImages}`} per node,{' '}
            {formatBytes(s.bytes)})
          </span>
        </dd>
      </div>
      <div>
        <dt>Kubelet versions</dt>
        <dd>{s.kubelets.length}</dd>
      </div>
      <div>
        <dt>Truncated image lists</dt>
        <dd>{count.format(s.truncated.length)}</dd>
      </div>
    </dl>
  );
}

function Kubelets({ s, name }: { s: InventorySummary; name: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>Kubelet versions in {name}</caption>
        <thead>
          <tr>
            <th scope="col">Kubelet version</th>
            <th scope="col" class="num">
              Nodes
            </th>
            <th scope="col" class="num">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {s.kubelets.map((k) => (
            <tr key={k.version}>
              <th scope="row">{k.version ? <code>{k.version}</code> : <span class="muted">not reported</span>}</th>
              <td class="num">{count.format(k.nodes)}</td>
              <td class="num">{formatPercent(k.nodes / s.nodes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Truncated({ s }: { s: InventorySummary }) {
  if (!s.truncated.length)
    return (
      <div class="truncated">
        <h4>Truncated image lists</h4>
        <p class="muted">
          None: every node lists fewer than 50 images, so an image absent from a node's list is absent from the node.
        </p>
      </div>
    );
  const more = s.truncated.length - NAMED;
  return (
    <div class="truncated">
      <h4>
        Truncated image lists <Badge value="warn" label={`${s.truncated.length} truncated`} />
      </h4>
      <p>
        The kubelet reports at most 50 images per node (<code>nodeStatusMaxImages</code>), largest first. On these nodes
        the list is at that cap, so <strong>an image missing from this list may still be on the node</strong>: pullwise
        answers “unknown” for its presence there instead of “absent”.
      </p>
      <ul class="node-names">
        {s.truncated.slice(0, NAMED).map((n) => (
          <li key={n}>
            <code>{n}</code>
          </li>
        ))}
      </ul>
      {more > 0 && <p class="muted small">and {count.format(more)} more (listed in the node table).</p>}
    </div>
  );
}

import { useState } from 'preact/hooks';
import { Badge } from '../../components/badge';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { useNodePage } from './clusters-api';
import { formatBytes } from './inventory-summary';
import type { ClusterNode, ClusterProfile } from './types';

const PAGE_SIZE = 25;

const isDigest = (name: string) => name.includes('@');
const byTagFirst = (a: string, b: string) => Number(isDigest(a)) - Number(isDigest(b));
const ZONE = 'topology.kubernetes.io/zone';

/** The inventory's nodes a page at a time (cursor pagination), each with its image list on request. */
export function NodeTable({ profile }: { profile: ClusterProfile }) {
  // The cursors of the pages before this one: "Previous" pops, "Next" pushes.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1]!;
  const page = useNodePage(profile.id, after, PAGE_SIZE, true);
  if (page.isPending) return <Loading label="Loading nodes…" />;
  if (page.isError) return <ProblemAlert error={page.error} title="The nodes could not be loaded." />;
  const first = (cursors.length - 1) * PAGE_SIZE + 1;
  const last = first + page.data.nodes.length - 1;
  return (
    <div aria-busy={page.isPlaceholderData || undefined}>
      <div class="table-wrap">
        <table class="node-table">
          <caption>
            Nodes of {profile.name}{' '}
            <span class="muted small">
              ({first}–{last} of {page.data.totalCount}, in inventory order)
            </span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Kubelet</th>
              <th scope="col">Images</th>
              <th scope="col">Scheduling</th>
            </tr>
          </thead>
          <tbody>
            {page.data.nodes.map((n) => (
              <NodeRow key={n.name} node={n} />
            ))}
          </tbody>
        </table>
      </div>
      {(cursors.length > 1 || page.data.pageInfo.hasNextPage) && (
        <nav class="row pager" aria-label={`Pages of ${profile.name}'s nodes`}>
          <button
            type="button"
            class="secondary"
            disabled={cursors.length === 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous nodes
          </button>
          <button
            type="button"
            class="secondary"
            disabled={!page.data.pageInfo.hasNextPage || page.isPlaceholderData}
            onClick={() => setCursors([...cursors, page.data.pageInfo.endCursor])}
          >
            Next nodes
          </button>
        </nav>
      )}
    </div>
  );
}

function NodeRow({ node: n }: { node: ClusterNode }) {
  const bytes = n.images.reduce((sum, i) => sum + i.sizeBytes, 0);
  return (
    <tr class={n.imagesTruncated ? 'truncated-node' : undefined}>
      <th scope="row">
        <code class="node-name">{n.name}</code>
        {n.labels[ZONE] && <div class="muted small">{n.labels[ZONE]}</div>}
      </th>
      <td>{n.kubeletVersion ? <code>{n.kubeletVersion}</code> : <span class="muted">not reported</span>}</td>
      <td>
        <span class="image-count">
          {n.images.length} {n.images.length === 1 ? 'image' : 'images'}
        </span>{' '}
        {n.imagesTruncated && <Badge value="warn" label="Truncated" />}
        <span class="muted small"> {formatBytes(bytes)}</span>
        {n.imagesTruncated && (
          <div class="small">The list is at the kubelet's cap: more images may be on the node.</div>
        )}
        {n.images.length > 0 && (
          <details class="images">
            <summary>
              Show images<span class="visually-hidden"> of {n.name}</span>
            </summary>
            <ul>
              {n.images.map((i) => (
                <li key={i.names.join(' ')}>
                  {/* Tags first (what people search for), digests after; a long name ends in "…" on screen only. */}
                  {[...i.names].sort(byTagFirst).map((name) => (
                    <code key={name} title={name}>
                      {name}
                    </code>
                  ))}
                  <span class="muted small">{formatBytes(i.sizeBytes)}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td>
        {n.unschedulable && <Badge value="warn" label="Cordoned" />}
        {n.taints.length > 0 ? (
          <ul class="taints">
            {n.taints.map((t) => (
              <li key={`${t.key}:${t.effect}`}>
                <code>
                  {t.key}
                  {t.value && `=${t.value}`}:{t.effect}
                </code>
              </li>
            ))}
          </ul>
        ) : (
          !n.unschedulable && <span class="muted">schedulable, no taints</span>
        )}
      </td>
    </tr>
  );
}

import { Loading, ProblemAlert } from '../../components/problem-alert';
import { usePageTitle } from '../../page-title';
import { useClusterProfiles } from './clusters-api';
import { NodeInventory } from './node-inventory';
import { ProfileFacts } from './profile-facts';
import type { ClusterProfile } from './types';
import './clusters.css';

const count = new Intl.NumberFormat();

/** Cluster profiles (the facts that change what Kubernetes does with images) and their node inventories. */
export function ClustersPage() {
  usePageTitle('Clusters');
  const profiles = useClusterProfiles();
  return (
    <div class="clusters-page">
      <h1>Clusters</h1>
      <p class="muted lead">
        A cluster profile holds what changes how a cluster treats images (kubelet version, admission plugins, credential
        verification, preloaded images); evaluations name it with <code>cluster</code>. Its node inventory lets them
        answer per node.
      </p>
      {profiles.isPending ? (
        <Loading label="Loading cluster profiles…" />
      ) : profiles.isError ? (
        <ProblemAlert error={profiles.error} title="The cluster profiles could not be loaded." />
      ) : profiles.data.length === 0 ? (
        <NoProfiles />
      ) : (
        <>
          <ProfileIndex profiles={profiles.data} />
          {profiles.data.map((p) => (
            <Profile key={p.id} profile={p} />
          ))}
        </>
      )}
    </div>
  );
}

/** All profiles at a glance, each linking to its section further down. */
function ProfileIndex({ profiles }: { profiles: ClusterProfile[] }) {
  return (
    <div class="table-wrap">
      <table class="profile-index">
        <caption>
          Cluster profiles <span class="muted small">({profiles.length})</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Kubelet version</th>
            <th scope="col">Admission plugins</th>
            <th scope="col" class="num">
              Nodes
            </th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <a href={`#cluster-${p.name}`}>{p.name}</a>
              </th>
              <td>{p.kubeletVersion ?? <span class="muted">newest modelled</span>}</td>
              <td>{p.admissionPlugins.length ? p.admissionPlugins.join(', ') : <span class="muted">none</span>}</td>
              <td class="num">
                {p.nodeInventory ? count.format(p.nodeInventory.nodes) : <span class="muted">no inventory</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Profile({ profile }: { profile: ClusterProfile }) {
  return (
    <section class="card profile" id={`cluster-${profile.name}`} aria-labelledby={`profile-${profile.id}`}>
      <h2 id={`profile-${profile.id}`}>{profile.name}</h2>
      <ProfileFacts profile={profile} />
      <NodeInventory profile={profile} />
    </section>
  );
}

function NoProfiles() {
  return (
    <div class="notice empty">
      <h2>No cluster profiles yet</h2>
      <p>
        Without one, evaluations assume the newest modelled kubelet with no admission plugins. Describe each target
        cluster once, then name it in evaluations (<code>--cluster prod-eu</code>):
      </p>
      <pre>
        <code>
          {`curl -X POST "$PULLWISE_SERVER/v1/clusters" -H "authorization: Bearer $PULLWISE_TOKEN" \\
  -H 'content-type: application/json' \\
  -d '{"name": "prod-eu", "kubeletVersion": "1.34", "admissionPlugins": ["AlwaysPullImages"]}'`}
        </code>
      </pre>
      <p>
        or add it to a policy bundle (<code>clusters:</code>) and <code>pullwise policy apply</code> it.
      </p>
    </div>
  );
}

import { useQuery } from '@tanstack/preact-query';
import { API_ENUMS } from '../../api/api-schemas.generated';
import type { ProblemLocation } from '../../api/errors';
import { useApi } from '../../api/use-api';
import { useSession } from '../../session';
import type { PlaygroundInput } from './playground-input';
import type { ClusterProfile, ClusterProfileList } from './types';

const VERIFICATION_POLICIES = API_ENUMS.CredentialVerificationPolicy;

/** The cluster profiles, when the key may list them (rules:read); an evaluate-only key types a name instead. */
export function useClusterProfiles() {
  const api = useApi();
  const canList = useSession().can('rules:read');
  const query = useQuery({
    queryKey: ['playground', 'clusters'],
    queryFn: () => api.get<ClusterProfileList>('/v1/clusters', { limit: 500 }),
    enabled: canList,
  });
  return { canList, ...query };
}

/** Cluster, kubelet version, admission plugins and the rest of the evaluation context. */
export function ContextFields({
  input,
  onChange,
  problems,
}: {
  input: PlaygroundInput;
  onChange: (change: Partial<PlaygroundInput>) => void;
  problems: readonly ProblemLocation[];
}) {
  const clusters = useClusterProfiles();
  const profile = clusters.data?.items.find((c) => c.name === input.cluster);
  const problemAt = (prefix: string) =>
    problems.find((p) => p.path === prefix || p.path?.startsWith(`${prefix}.`) || p.path?.startsWith(`${prefix}[`));
  const clusterProblem = problemAt('cluster');
  const versionProblem = problemAt('context.kubeletVersion') ?? problemAt('kubeletVersion');
  const namespaceProblem = problemAt('context.namespace');
  const pluginsProblem = problemAt('context.admissionPlugins');
  const preloadedProblem = problemAt('context.preloadedImages');

  return (
    <fieldset class="pg-context">
      <legend>Cluster context</legend>
      <div class="pg-fields">
        <div class="field">
          <label for="pg-cluster">Cluster profile</label>
          {clusters.canList && !clusters.isError ? (
            <select
              id="pg-cluster"
              value={input.cluster}
              disabled={clusters.isPending}
              aria-describedby={described('pg-cluster', clusterProblem)}
              aria-invalid={clusterProblem ? true : undefined}
              onChange={(e) => onChange({ cluster: e.currentTarget.value })}
            >
              <option value="">None: stock Kubernetes</option>
              {clusters.data?.items.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
              {/* A name restored from an earlier session that is no longer a profile stays visible. */}
              {input.cluster && clusters.data && !profile && <option value={input.cluster}>{input.cluster}</option>}
            </select>
          ) : (
            <input
              id="pg-cluster"
              type="text"
              value={input.cluster}
              placeholder="e.g. prod-eu"
              spellcheck={false}
              aria-describedby={described('pg-cluster', clusterProblem)}
              aria-invalid={clusterProblem ? true : undefined}
              onInput={(e) => onChange({ cluster: e.currentTarget.value })}
            />
          )}
          <span id="pg-cluster-hint" class="hint muted small">
            {clusters.isPending && clusters.canList
              ? 'Loading cluster profiles…'
              : profile
                ? profileFacts(profile)
                : clusters.canList && !clusters.isError
                  ? clusters.data?.items.length
                    ? 'Its kubelet, admission plugins and node inventory apply.'
                    : 'No cluster profiles yet; the Clusters page lists them once created.'
                  : 'The name of a stored profile (this key cannot list them); empty: stock Kubernetes.'}
          </span>
          {clusterProblem && (
            <span id="pg-cluster-error" class="field-error">
              {clusterProblem.message}
            </span>
          )}
        </div>

        <div class="field">
          <label for="pg-kubelet">Kubelet version</label>
          <input
            id="pg-kubelet"
            type="text"
            inputMode="decimal"
            value={input.kubeletVersion}
            placeholder={profile?.kubeletVersion ?? 'newest modelled'}
            spellcheck={false}
            aria-describedby={described('pg-kubelet', versionProblem)}
            aria-invalid={versionProblem ? true : undefined}
            onInput={(e) => onChange({ kubeletVersion: e.currentTarget.value })}
          />
          <span id="pg-kubelet-hint" class="hint muted small">
            Minor version such as 1.33; empty: the profile's, else the newest modelled.
          </span>
          {versionProblem && (
            <span id="pg-kubelet-error" class="field-error">
              {versionProblem.message}
            </span>
          )}
        </div>

        <div class="field">
          <label for="pg-apa">AlwaysPullImages admission plugin</label>
          <select
            id="pg-apa"
            value={input.alwaysPullImages}
            aria-describedby={pluginsProblem ? 'pg-apa-error' : undefined}
            aria-invalid={pluginsProblem ? true : undefined}
            onChange={(e) =>
              onChange({ alwaysPullImages: e.currentTarget.value as PlaygroundInput['alwaysPullImages'] })
            }
          >
            <option value="">
              {profile
                ? `As the profile says (${profile.admissionPlugins.includes('AlwaysPullImages') ? 'enabled' : 'not enabled'})`
                : input.cluster
                  ? 'As the cluster profile says'
                  : 'Not enabled (stock Kubernetes)'}
            </option>
            <option value="on">Enabled</option>
            <option value="off">Not enabled</option>
          </select>
          {pluginsProblem && (
            <span id="pg-apa-error" class="field-error">
              {pluginsProblem.message}
            </span>
          )}
        </div>

        <div class="field">
          <label for="pg-namespace">Default namespace</label>
          <input
            id="pg-namespace"
            type="text"
            value={input.namespace}
            placeholder="default"
            spellcheck={false}
            aria-describedby={described('pg-namespace', namespaceProblem)}
            aria-invalid={namespaceProblem ? true : undefined}
            onInput={(e) => onChange({ namespace: e.currentTarget.value })}
          />
          <span id="pg-namespace-hint" class="hint muted small">
            For documents without metadata.namespace.
          </span>
          {namespaceProblem && (
            <span id="pg-namespace-error" class="field-error">
              {namespaceProblem.message}
            </span>
          )}
        </div>
      </div>

      <details class="pg-more" open={Boolean(input.credentialVerificationPolicy || input.preloadedImages)}>
        <summary>Node credentials and preloaded images</summary>
        <div class="pg-fields">
          <div class="field">
            <label for="pg-verification">Credential verification policy</label>
            <select
              id="pg-verification"
              value={input.credentialVerificationPolicy}
              aria-describedby="pg-verification-hint"
              onChange={(e) => onChange({ credentialVerificationPolicy: e.currentTarget.value })}
            >
              <option value="">{profile?.credentialVerificationPolicy ?? "The kubelet's default"}</option>
              {VERIFICATION_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <span id="pg-verification-hint" class="hint muted small">
              imagePullCredentialsVerificationPolicy (KEP-2535): who may use a cached private image.
            </span>
          </div>
          <div class="field pg-wide">
            <label for="pg-preloaded">Preloaded images</label>
            <textarea
              id="pg-preloaded"
              class="code"
              rows={3}
              value={input.preloadedImages}
              spellcheck={false}
              aria-describedby={described('pg-preloaded', preloadedProblem)}
              aria-invalid={preloadedProblem ? true : undefined}
              onInput={(e) => onChange({ preloadedImages: e.currentTarget.value })}
            />
            <span id="pg-preloaded-hint" class="hint muted small">
              One image per line, on every node before any pod runs
              {profile?.preloadedImages.length ? ` (replaces the profile's ${profile.preloadedImages.length})` : ''}.
            </span>
            {preloadedProblem && (
              <span id="pg-preloaded-error" class="field-error">
                {preloadedProblem.message}
              </span>
            )}
          </div>
        </div>
      </details>
    </fieldset>
  );
}

/** The hint, and the service's message when it refused the field. */
function described(id: string, problem: ProblemLocation | undefined): string {
  return problem ? `${id}-hint ${id}-error` : `${id}-hint`;
}

function profileFacts(p: ClusterProfile): string {
  return [
    `kubelet ${p.kubeletVersion ?? 'newest modelled'}`,
    p.admissionPlugins.length ? p.admissionPlugins.join(', ') : 'no admission plugins',
    p.credentialVerificationPolicy,
    p.preloadedImages.length ? `${p.preloadedImages.length} preloaded images` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

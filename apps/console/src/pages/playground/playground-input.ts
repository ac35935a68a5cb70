import { useEffect, useState } from 'preact/hooks';
import type { ApiSchemas } from '../../api/api-schemas.generated';
import type { ClusterProfile } from './types';

type EvaluationContext = NonNullable<ApiSchemas['EvaluateRequest']['context']>;

/** What the playground form holds; kept in sessionStorage so a reload does not lose it. */
export interface PlaygroundInput {
  manifests: string;
  cluster: string;
  kubeletVersion: string;
  /** '' leaves the admission plugins to the cluster profile (none without one). */
  alwaysPullImages: '' | 'on' | 'off';
  credentialVerificationPolicy: string;
  namespace: string;
  /** One image reference per line. */
  preloadedImages: string;
}

const EMPTY: PlaygroundInput = {
  manifests: '',
  cluster: '',
  kubeletVersion: '',
  alwaysPullImages: '',
  credentialVerificationPolicy: '',
  namespace: '',
  preloadedImages: '',
};

/** Per browser tab, like the key: the manifests someone pasted may be private. */
const STORAGE_KEY = 'pullwise.console.playground';

function restore(): PlaygroundInput {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<PlaygroundInput> | null;
    return { ...EMPTY, ...saved };
  } catch {
    return EMPTY;
  }
}

export function usePlaygroundInput(): [PlaygroundInput, (change: Partial<PlaygroundInput>) => void] {
  const [input, setInput] = useState<PlaygroundInput>(restore);
  useEffect(() => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(input));
  }, [input]);
  return [input, (change) => setInput((prev) => ({ ...prev, ...change }))];
}

/**
 * The POST /v1/evaluations body. Never `record`: the service keeps an evaluation only when asked
 * (`record: true`, EvaluationService.evaluateRequest), so nothing the playground sends is stored.
 * Context fields are sent only when set: they override the cluster profile field by field.
 */
export function evaluateBody(input: PlaygroundInput, profile: ClusterProfile | undefined) {
  const context: EvaluationContext = {};
  if (input.namespace.trim()) context.namespace = input.namespace.trim();
  if (input.kubeletVersion.trim()) context.kubeletVersion = input.kubeletVersion.trim();
  // Chosen from the API's values; a stale one from sessionStorage gets the API's 400, named at its field.
  if (input.credentialVerificationPolicy)
    context.credentialVerificationPolicy =
      input.credentialVerificationPolicy as EvaluationContext['credentialVerificationPolicy'];
  const preloaded = input.preloadedImages
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (preloaded.length > 0) context.preloadedImages = preloaded;
  if (input.alwaysPullImages) {
    // The profile's other plugins do not change pulls, but keeping them keeps the answer's assumptions honest.
    const others = (profile?.admissionPlugins ?? []).filter((p) => p !== 'AlwaysPullImages');
    context.admissionPlugins = input.alwaysPullImages === 'on' ? [...others, 'AlwaysPullImages'] : others;
  }
  return {
    manifests: input.manifests,
    ...(input.cluster.trim() ? { cluster: input.cluster.trim() } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
  } satisfies ApiSchemas['EvaluateRequest'];
}

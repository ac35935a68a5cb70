import { admitAlwaysPullImages, workloadKind, type AdmissionContainer, type AdmissionObject } from '#k8s';
import type { AdmissionRequest } from './admission-review.js';

/** What an admission request asks pullwise to judge. */
export type AdmissionScope =
  | { evaluate: false; why: string }
  | {
      evaluate: true;
      /** pods/ephemeralcontainers: only ephemeral containers can change, so only they may be patched. */
      ephemeralOnly: boolean;
      /** An update of a Pod itself: its containers' pull policies are immutable, so nothing may be patched. */
      podSpecFrozen: boolean;
      /** The AlwaysPullImages plugin leaves this request alone, so the cluster profile's plugin does not apply. */
      alwaysPullImagesIgnores: boolean;
    };

const EPHEMERAL_CONTAINERS = 'ephemeralcontainers';

/**
 * Which requests are judged:
 * - CREATE and UPDATE only (DELETE and CONNECT carry no new pod spec);
 * - the main resource, and the pods/ephemeralcontainers subresource (kubectl debug): its request object is the
 *   whole Pod and only spec.ephemeralContainers changes (pkg/registry/core/pod/strategy.go,
 *   dropNonEphemeralContainerUpdates); every other subresource (status, binding, exec, resize, scale, ...) is
 *   allowed untouched, as AlwaysPullImages' shouldIgnore does;
 * - the kinds libs/k8s knows by kind and API group (Pod, PodTemplate, ReplicationController, Deployment,
 *   ReplicaSet, DaemonSet, StatefulSet, Job, CronJob); anything else is allowed without a patch.
 * A Pod UPDATE of the main resource may change images but no pull policy (pkg/apis/core/validation/validation.go,
 * ValidatePodUpdate: "pod updates may not change fields other than spec.containers[*].image, ..."), so a patch
 * there would only get the update rejected.
 */
export function admissionScope(r: AdmissionRequest): AdmissionScope {
  if (r.operation !== 'CREATE' && r.operation !== 'UPDATE')
    return { evaluate: false, why: `${r.operation} carries no new pod spec` };
  const subresource = r.subResource ?? '';
  const isPods = r.resource.resource === 'pods' && (r.resource.group ?? '') === '';
  if (subresource !== '' && !(isPods && subresource === EPHEMERAL_CONTAINERS))
    return { evaluate: false, why: `subresource ${r.resource.resource}/${subresource} is not judged` };
  const group = r.kind.group ?? '';
  const apiVersion = group === '' ? r.kind.version : `${group}/${r.kind.version}`;
  if (workloadKind(r.kind.kind, apiVersion) === null)
    return { evaluate: false, why: `${r.kind.kind} (${apiVersion}) carries no pod spec pullwise knows` };
  return {
    evaluate: true,
    ephemeralOnly: subresource === EPHEMERAL_CONTAINERS,
    podSpecFrozen: isPods && subresource === '' && r.operation === 'UPDATE',
    alwaysPullImagesIgnores: isPods && alwaysPullImagesIgnores(r),
  };
}

/**
 * libs/k8s models the plugin's update short-circuit and subresource rule (admission.go, shouldIgnore and
 * isUpdateWithNoNewImages): on such a request the plugin has not rewritten anything, so the cluster's plugin
 * must not be assumed for the effective policy (a `kubectl debug` container keeps IfNotPresent).
 */
function alwaysPullImagesIgnores(r: AdmissionRequest): boolean {
  const outcome = admitAlwaysPullImages({
    operation: r.operation as 'CREATE' | 'UPDATE',
    resource: r.resource.resource,
    subresource: r.subResource ?? '',
    object: podShape(r.object),
    ...(r.oldObject ? { oldObject: podShape(r.oldObject) } : {}),
  });
  return outcome.outcome === 'ignored';
}

/** The minimal Pod the plugin model reads (kind, containers with their image), whatever the object holds. */
function podShape(object: Record<string, unknown> | null | undefined): AdmissionObject {
  const spec = record(object?.spec);
  const containers = (key: string): AdmissionContainer[] =>
    (Array.isArray(spec[key]) ? (spec[key] as unknown[]) : []).map((c) => {
      const image = record(c).image;
      return { name: '', image: typeof image === 'string' ? image : '' };
    });
  return {
    kind: typeof object?.kind === 'string' ? object.kind : '',
    spec: {
      initContainers: containers('initContainers'),
      containers: containers('containers'),
      ephemeralContainers: containers('ephemeralContainers'),
    },
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export type {
  LoadedManifests,
  LoadOptions,
  ManifestError,
  RawSlot,
  SkippedObject,
  Workload,
} from './manifest-types.js';
export { MAX_DEPTH_LIMIT } from './manifest-types.js';
export { loadManifests } from './load-manifests.js';
export { WORKLOAD_KINDS, evaluatedKinds, workloadKind, type WorkloadKind } from './workload-kinds.js';

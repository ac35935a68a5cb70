export type {
  LoadedManifests,
  LoadOptions,
  ManifestError,
  RawSlot,
  SkippedObject,
  UnreadResource,
  Workload,
} from './manifest-types.js';
export { MAX_DEPTH_LIMIT } from './manifest-types.js';
export { ENGINE_ERROR_CODES, type EngineErrorCode } from './error-codes.js';
export { loadManifests } from './load-manifests.js';
export { documentSources } from './document-sources.js';
export { WORKLOAD_KINDS, evaluatedKinds, workloadKind, type WorkloadKind } from './workload-kinds.js';
export { CUSTOM_RESOURCE_KINDS, type CustomResourceKind } from './custom-resource-kinds.js';
export { parseFieldPattern, type FieldPattern } from './field-pattern.js';
export { podTemplatePathProblems, type PodTemplatePathProblem } from './pod-template-paths.js';

export type {
  LoadedManifests,
  LoadOptions,
  ManifestError,
  RawSlot,
  SkippedObject,
  Workload,
} from './manifest-types.js';
export { loadManifests } from './load-manifests.js';

import type { PodScheduling } from '../fleet/fleet-types.js';
import type { PodTemplatePath, SlotType } from '../types.js';
import type { EngineErrorCode } from './error-codes.js';

/** A problem with the input. Positions are 1-based; `path` is a field path such as `spec.containers[0].image`. */
export interface ManifestError {
  /** What kind of problem it is (error-codes.ts): branch on this, not on `message`. */
  code: EngineErrorCode;
  document: number | null;
  path: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

/** One place where a pod spec names an image, exactly as written (nothing defaulted or validated). */
export interface RawSlot {
  /** Container name, or the volume name for image volumes ('' when absent). */
  name: string;
  type: SlotType;
  /** e.g. `spec.jobTemplate.spec.template.spec.containers[0]`; image volume: `spec.volumes[2].image`. */
  path: string;
  /** Position of the slot's mapping node. */
  line: number;
  column: number;
  /** `container.image` or `volume.image.reference` as written; null if absent or not a string. */
  image: string | null;
  /** Line of the image value, when `image` is not null. */
  imageLine: number | null;
  /** `imagePullPolicy` (volume: `image.pullPolicy`) as written, null if absent. Not validated here. */
  declaredPolicy: string | null;
  /** Line of the policy value, when it is present. */
  policyLine: number | null;
  /** Path of the policy field, whether or not it is present. */
  policyPath: string;
  /** `restartPolicy` of an init container (`Always` = native sidecar); null for every other slot. */
  restartPolicy: string | null;
}

export interface Workload {
  /** 0-based index of the document in the stream; items of a List share the List's index. */
  document: number;
  apiVersion: string;
  kind: string;
  /** metadata.name, else metadata.generateName, else `<unnamed>`. */
  name: string;
  namespace: string | null;
  /** Line where the object's mapping starts. */
  line: number;
  /** Labels of the pods it produces: the pod template's labels; for a Pod its own labels. */
  labels: Record<string, string>;
  /** metadata.labels of the object itself. */
  objectLabels: Record<string, string>;
  /** True only for kind Pod: admission plugins mutate Pods, not templates. */
  isPod: boolean;
  /** `spec` | `spec.template.spec` | `spec.jobTemplate.spec.template.spec` | `template.spec`, after any `items[i].` prefix. */
  podSpecPath: string;
  /**
   * Where this workload's pods take imagePullSecrets from (`<podSpecPath>.imagePullSecrets`; for an Argo
   * Workflow `spec.imagePullSecrets`); null when the kind has no such field (a Tekton Task).
   */
  imagePullSecretsPath: string | null;
  imagePullSecrets: string[];
  serviceAccountName: string | null;
  /**
   * What the scheduler reads of the pod spec to place its pods (read-scheduling.ts), with the DaemonSet
   * controller's tolerations for a DaemonSet; NO_SCHEDULING_CONSTRAINTS when the kind's pod fields are not read.
   */
  scheduling: PodScheduling;
  slots: RawSlot[];
}

export interface SkippedObject {
  document: number;
  kind: string | null;
  name: string | null;
}

/**
 * A custom resource the engine does not read although it has image-like fields (image-fields.ts): listed so
 * nobody believes it was checked.
 */
export interface UnreadResource {
  document: number;
  apiVersion: string | null;
  kind: string | null;
  name: string | null;
  reason: string;
  /** Field paths of the image-like values, e.g. `spec.runner.image`. */
  imagePaths: string[];
}

export interface LoadedManifests {
  /** Non-empty documents read (a List counts once). */
  documents: number;
  workloads: Workload[];
  /** Objects that carry no pod spec (Service, ConfigMap, CRDs). An object without kind is an error instead. */
  skipped: SkippedObject[];
  /** The skipped custom resources that hold image-like fields. */
  unread: UnreadResource[];
  errors: ManifestError[];
}

/**
 * The deepest nesting loadManifests ever accepts, whatever `maxDepth` says: yaml's composer recurses once per
 * level and overflows the stack at about 900 levels, so larger values are lowered to this one.
 */
export const MAX_DEPTH_LIMIT = 500;

export interface LoadOptions {
  /** Alias expansions allowed per document; -1 disables the check, 0 forbids aliases. Default 100. */
  maxAliasCount?: number;
  /** Documents loaded before giving up with an error. Default unlimited. */
  maxDocuments?: number;
  /**
   * Deepest collection nesting allowed (aliases expanded). Default 100; at most MAX_DEPTH_LIMIT (500), larger
   * values (and Infinity) mean 500. Deeper documents are an error ("nesting is deeper than N levels") and are
   * abandoned while they are parsed.
   */
  maxDepth?: number;
  /**
   * Image slots (containers, init and ephemeral containers, image volumes) of the whole input. Default
   * unlimited. Loading stops at the first slot beyond it, with an error at that slot
   * ("too many image slots: the limit is N per request"); nothing after it is parsed.
   */
  maxSlots?: number;
  /**
   * Longest string (any scalar value or key, in characters, i.e. UTF-16 code units) a document may contain.
   * Default unlimited. A longer one is an error at its path ("string at <path> is N characters; the limit is
   * M") and that document is not read.
   */
  maxStringLength?: number;
  /**
   * Milliseconds the YAML reader may spend on one input before it stops with an error ("reading the input
   * took longer than N ms"). yaml reads flow collections at well under 1 MB/s, so a large body could hold
   * the event loop for seconds; this bounds it. Default unlimited.
   */
  maxParseMs?: number;
  /** Pod specs in custom resources beyond the built-in table (a cluster profile's podTemplatePaths). */
  podTemplatePaths?: readonly PodTemplatePath[];
}

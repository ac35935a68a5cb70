import type { EngineErrorCode } from '../manifest/error-codes.js';
import type { UnreadResource } from '../manifest/manifest-types.js';
import type { SlotFleet } from '../fleet/fleet-types.js';
import type { ImageReference, NodeBehaviour, PullPolicyResolution, SlotType } from '../types.js';

/** `ImageReference` without the kubelet-internal `runtimeImage`, as the API shows it. */
export type SlotImage = Omit<ImageReference, 'runtimeImage'>;

/** What Kubernetes does with one image slot. */
export interface SlotEvaluation {
  name: string;
  type: SlotType;
  path: string;
  line: number;
  image: SlotImage;
  pullPolicy: PullPolicyResolution;
  node: NodeBehaviour;
  /** On the named cluster's own nodes, when it has a node inventory; else null. */
  fleet: SlotFleet | null;
}

export interface WorkloadEvaluation {
  document: number;
  kind: string;
  name: string;
  /** metadata.namespace, else the context's namespace, else `default`. */
  namespace: string;
  line: number;
  /** Labels of the pods it produces (rule selectors match these). */
  labels: Record<string, string>;
  isPod: boolean;
  imagePullSecrets: string[];
  /** Where the pods' imagePullSecrets are set (`spec.template.spec.imagePullSecrets`); null: the kind has none. */
  imagePullSecretsPath?: string | null;
  slots: SlotEvaluation[];
}

export interface EvaluationError {
  /** What kind of problem it is (libs/k8s/src/manifest/error-codes.ts): branch on this, not on `message`. */
  code: EngineErrorCode;
  document: number | null;
  path: string | null;
  line: number | null;
  message: string;
}

/** A custom resource with image-like fields that was not evaluated (libs/k8s/src/manifest/unread-resources.ts). */
export type SkippedResource = UnreadResource;

export interface K8sEvaluation {
  summary: { documents: number; workloads: number; slots: number };
  workloads: WorkloadEvaluation[];
  errors: EvaluationError[];
  /** Custom resources with image-like fields that were not evaluated. */
  skipped: SkippedResource[];
  /** Facts the answers assumed (kubelet version, gates, policy), for explanations. */
  assumptions: string[];
}

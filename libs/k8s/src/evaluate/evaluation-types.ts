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
  document: number | null;
  path: string | null;
  line: number | null;
  message: string;
}

/**
 * An object pullwise read but could not evaluate although it holds image-like fields (a custom resource whose
 * pod templates it does not know). Listed so nobody believes it was checked; it does not change the verdict.
 */
export interface SkippedResource {
  document: number;
  apiVersion: string | null;
  kind: string | null;
  name: string | null;
  /** Why it was not evaluated, and how to make pullwise read it (a cluster profile's podTemplatePaths). */
  reason: string;
  /** Field paths of the image-like values found, e.g. `spec.runner.image`. */
  imagePaths: string[];
}

export interface K8sEvaluation {
  summary: { documents: number; workloads: number; slots: number };
  workloads: WorkloadEvaluation[];
  errors: EvaluationError[];
  /** Custom resources with image-like fields that were not evaluated. */
  skipped: SkippedResource[];
  /** Facts the answers assumed (kubelet version, gates, policy), for explanations. */
  assumptions: string[];
}

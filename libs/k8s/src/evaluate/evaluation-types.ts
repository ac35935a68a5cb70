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
  slots: SlotEvaluation[];
}

export interface EvaluationError {
  document: number | null;
  path: string | null;
  line: number | null;
  message: string;
}

export interface K8sEvaluation {
  summary: { documents: number; workloads: number; slots: number };
  workloads: WorkloadEvaluation[];
  errors: EvaluationError[];
  /** Facts the answers assumed (kubelet version, gates, policy), for explanations. */
  assumptions: string[];
}

import { CUSTOM_RESOURCE_KINDS } from './custom-resource-kinds.js';

/**
 * Kinds that embed a pod spec, where it sits, and the API groups Kubernetes has served them under.
 * Locations: the API types (staging/src/k8s.io/api/{core,apps,batch}/v1/types.go: PodSpec, PodTemplate.Template,
 * *Spec.Template, CronJobSpec.JobTemplate); the same kinds and legacy group versions are the ones kubectl's
 * polymorphichelpers/updatepodspec.go (updatePodSpecForObject) switches on, plus PodTemplate.
 * Matching is by kind and group, any version (apps/v1, apps/v1beta2, extensions/v1beta1, batch/v1beta1, …),
 * so a CRD that reuses a kind name in its own group is not mistaken for a workload.
 */
export interface WorkloadKind {
  /** Path of the pod spec from the object root. */
  podSpecPath: readonly string[];
  /** API groups ('' = core) under which this kind exists. */
  groups: readonly string[];
}

const TEMPLATE_SPEC = ['spec', 'template', 'spec'] as const;

export const WORKLOAD_KINDS: Readonly<Record<string, WorkloadKind>> = {
  Pod: { podSpecPath: ['spec'], groups: [''] },
  PodTemplate: { podSpecPath: ['template', 'spec'], groups: [''] },
  ReplicationController: { podSpecPath: TEMPLATE_SPEC, groups: [''] },
  Deployment: { podSpecPath: TEMPLATE_SPEC, groups: ['apps', 'extensions'] },
  ReplicaSet: { podSpecPath: TEMPLATE_SPEC, groups: ['apps', 'extensions'] },
  DaemonSet: { podSpecPath: TEMPLATE_SPEC, groups: ['apps', 'extensions'] },
  StatefulSet: { podSpecPath: TEMPLATE_SPEC, groups: ['apps'] },
  Job: { podSpecPath: TEMPLATE_SPEC, groups: ['batch', 'extensions'] },
  CronJob: { podSpecPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], groups: ['batch'] },
};

/** The workload kind for `kind` in `apiVersion`; a missing apiVersion matches on kind alone. */
export function workloadKind(kind: string, apiVersion: string | null): WorkloadKind | null {
  const entry = Object.hasOwn(WORKLOAD_KINDS, kind) ? WORKLOAD_KINDS[kind] : undefined;
  if (!entry) return null;
  if (apiVersion === null || apiVersion === '') return entry;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return entry.groups.includes(group) ? entry : null;
}

/**
 * `List` and `<Kind>List` objects with an `items` field are unwrapped, as kubectl does for any decoded list
 * (k8s.io/cli-runtime/pkg/resource/visitor.go, FlattenListVisitor; unstructured.go decode treats an `items`
 * field as a list). One level only, like FlattenListVisitor.
 */
export function isListKind(kind: string): boolean {
  return kind.endsWith('List');
}

/**
 * Every kind whose pod templates the engine reads (rule selectors name these): the built-in workloads, then the
 * custom resources of custom-resource-kinds.ts (a name shared by both, such as OpenKruise's StatefulSet, once).
 * Kinds a cluster profile adds with podTemplatePaths are not included.
 */
export function evaluatedKinds(): readonly string[] {
  return [...new Set([...Object.keys(WORKLOAD_KINDS), ...CUSTOM_RESOURCE_KINDS.map((k) => k.kind)])];
}

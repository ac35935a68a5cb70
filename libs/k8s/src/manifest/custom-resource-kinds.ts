import type { SlotType } from '../types.js';
import { fixedPattern, type FieldPattern } from './field-pattern.js';

/**
 * Custom resources whose pod specs or containers the engine reads, with the paths taken from each project's
 * own Go API types (and checked against its CRD schema). Matched by API group, kind and served version: an
 * unrelated CRD that reuses a kind name, or a version whose shape we have not read, is not mistaken for one.
 * None of them is a Pod: admission (AlwaysPullImages) mutates the Pods their controllers create, not them.
 */
export interface CustomResourceKind {
  group: string;
  kind: string;
  versions: readonly string[];
  /** Paths to PodSpecs, each read exactly like a built-in workload's pod spec (one workload per pod spec). */
  podSpecs: readonly FieldPattern[];
  /** Paths to single containers (corev1.Container, or a type that inlines it), all in one workload. */
  containers: ReadonlyArray<{ pattern: FieldPattern; type: SlotType; unlessField?: string }>;
  /**
   * For container paths: the mapping that holds the pod-level `imagePullSecrets` and `serviceAccountName`
   * every pod of the object gets, or null when the kind has no such fields.
   */
  podFields: FieldPattern | null;
}

/** One table row: group, kind, versions and where the images are. */
function entry(
  group: string,
  kind: string,
  versions: readonly string[],
  paths: {
    podSpecs?: readonly string[];
    containers?: ReadonlyArray<readonly [path: string, type: SlotType, unlessField?: string]>;
    podFields?: string;
  },
): CustomResourceKind {
  return {
    group,
    kind,
    versions,
    podSpecs: (paths.podSpecs ?? []).map(fixedPattern),
    containers: (paths.containers ?? []).map(([path, type, unlessField]) => ({
      pattern: fixedPattern(path),
      type,
      ...(unlessField ? { unlessField } : {}),
    })),
    podFields: paths.podFields === undefined ? null : fixedPattern(paths.podFields),
  };
}

/**
 * Argo Workflows: WorkflowSpec.Templates[]; Template.Container (*apiv1.Container), .Script (ScriptTemplate
 * inlines apiv1.Container), .InitContainers and .Sidecars ([]UserContainer, inlining apiv1.Container),
 * .ContainerSet.Containers ([]ContainerNode, inlining corev1.Container); WorkflowSpec.ImagePullSecrets and
 * .ServiceAccountName apply to every pod of the workflow.
 * argoproj/argo-workflows@f016ad89eb269d282aec06dc491c29f396a38df4 pkg/apis/workflow/v1alpha1/workflow_types.go
 * (Template, WorkflowSpec, ScriptTemplate, UserContainer), container_set_template_types.go (ContainerSetTemplate);
 * same fields in manifests/base/crds/full/argoproj.io_workflows.yaml.
 */
function argoWorkflowPaths(spec: string) {
  const t = `${spec}.templates[*]`;
  return {
    containers: [
      [`${t}.initContainers[*]`, 'initContainer'],
      [`${t}.container`, 'container'],
      [`${t}.script`, 'container'],
      [`${t}.containerSet.containers[*]`, 'container'],
      [`${t}.sidecars[*]`, 'container'],
    ] as const,
    podFields: spec,
  };
}

/**
 * Tekton: TaskSpec.Steps ([]Step) and .Sidecars ([]Sidecar), both with image and imagePullPolicy; a Step with
 * `ref` runs a StepAction's image instead of its own. PipelineSpec.Tasks and .Finally ([]PipelineTask) embed a
 * TaskSpec in .TaskSpec (EmbeddedTask inlines TaskSpec). Tasks have no imagePullSecrets (TaskRun podTemplate has).
 * tektoncd/pipeline@3ee1745ae5b2d9175b11917d7c1935eaad44910c pkg/apis/pipeline/v1/task_types.go (TaskSpec),
 * container_types.go (Step.Ref, Sidecar), pipeline_types.go (PipelineSpec, PipelineTask, EmbeddedTask);
 * v1beta1 has the same fields (config/300-crds/300-task.yaml, 300-pipeline.yaml serve v1beta1 and v1).
 */
function tektonTaskPaths(spec: string) {
  return [
    [`${spec}.steps[*]`, 'container', 'ref'],
    [`${spec}.sidecars[*]`, 'container'],
  ] as const;
}

const TEMPLATE_SPEC = 'spec.template.spec';

export const CUSTOM_RESOURCE_KINDS: readonly CustomResourceKind[] = [
  // RolloutSpec.Template corev1.PodTemplateSpec: argoproj/argo-rollouts@9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d
  // pkg/apis/rollouts/v1alpha1/types.go (RolloutSpec), manifests/crds/rollout-crd.yaml (v1alpha1).
  entry('argoproj.io', 'Rollout', ['v1alpha1'], { podSpecs: [TEMPLATE_SPEC] }),
  entry('argoproj.io', 'Workflow', ['v1alpha1'], argoWorkflowPaths('spec')),
  entry('argoproj.io', 'WorkflowTemplate', ['v1alpha1'], argoWorkflowPaths('spec')),
  entry('argoproj.io', 'ClusterWorkflowTemplate', ['v1alpha1'], argoWorkflowPaths('spec')),
  // CronWorkflowSpec.WorkflowSpec `json:"workflowSpec"`: argo-workflows@f016ad89 .../cron_workflow_types.go.
  entry('argoproj.io', 'CronWorkflow', ['v1alpha1'], argoWorkflowPaths('spec.workflowSpec')),
  // ServiceSpec inlines ConfigurationSpec { Template RevisionTemplateSpec }, RevisionTemplateSpec.Spec is a
  // RevisionSpec, which inlines corev1.PodSpec: knative/serving@98e5ef90aa7033797aa0a61ef97f3ff7e49a3944
  // pkg/apis/serving/v1/{service,configuration,revision}_types.go; config/core/300-resources serve v1.
  entry('serving.knative.dev', 'Service', ['v1'], { podSpecs: [TEMPLATE_SPEC] }),
  entry('serving.knative.dev', 'Configuration', ['v1'], { podSpecs: [TEMPLATE_SPEC] }),
  entry('serving.knative.dev', 'Revision', ['v1'], { podSpecs: ['spec'] }),
  // CloneSetSpec, StatefulSetSpec, DaemonSetSpec .Template v1.PodTemplateSpec in v1alpha1 and v1beta1:
  // openkruise/kruise@07169cfac7b9cf7800dda1b8652f850cc3184132 apis/apps/{v1alpha1,v1beta1}/
  // {cloneset,statefulset,daemonset}_types.go; config/crd/bases/apps.kruise.io_*.yaml serve both versions.
  entry('apps.kruise.io', 'CloneSet', ['v1alpha1', 'v1beta1'], { podSpecs: [TEMPLATE_SPEC] }),
  entry('apps.kruise.io', 'StatefulSet', ['v1alpha1', 'v1beta1'], { podSpecs: [TEMPLATE_SPEC] }),
  entry('apps.kruise.io', 'DaemonSet', ['v1alpha1', 'v1beta1'], { podSpecs: [TEMPLATE_SPEC] }),
  // ScaledJobSpec.JobTargetRef *batchv1.JobSpec: kedacore/keda@8b4f083ca8c8c2baf8477e322bd4d16ac4dfa09a
  // apis/keda/v1alpha1/scaledjob_types.go; config/crd/bases/keda.sh_scaledjobs.yaml.
  entry('keda.sh', 'ScaledJob', ['v1alpha1'], { podSpecs: ['spec.jobTargetRef.template.spec'] }),
  entry('tekton.dev', 'Task', ['v1', 'v1beta1'], { containers: tektonTaskPaths('spec') }),
  entry('tekton.dev', 'Pipeline', ['v1', 'v1beta1'], {
    containers: [...tektonTaskPaths('spec.tasks[*].taskSpec'), ...tektonTaskPaths('spec.finally[*].taskSpec')],
  }),
];

/** The API group of `apiVersion` ('' for the core group's `v1`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version of `apiVersion` (`v1` for `apps/v1` and for `v1`). */
export function apiVersionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** The table rows for this group and kind (any version); empty when the engine does not know the kind. */
export function customResourceKinds(kind: string, group: string): CustomResourceKind[] {
  return CUSTOM_RESOURCE_KINDS.filter((k) => k.kind === kind && k.group === group);
}

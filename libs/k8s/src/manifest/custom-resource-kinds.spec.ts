import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateManifests } from '../evaluate/index.js';
import { evaluatedKinds, loadManifests } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/custom-resources/${name}`, import.meta.url), 'utf8');

/** [document, kind, name, podSpecPath, imagePullSecretsPath, slots: [type, path, line, image, declared policy]] */
type Row = [number, string, string, string, string | null, Array<[string, string, number, string, string | null]>];

function rows(text: string): Row[] {
  const result = loadManifests(text);
  expect(result.errors).toEqual([]);
  expect(result.unread).toEqual([]);
  for (const w of result.workloads) expect(w.isPod).toBe(false);
  return result.workloads.map((w) => [
    w.document,
    w.kind,
    w.name,
    w.podSpecPath,
    w.imagePullSecretsPath,
    w.slots.map((s) => [s.type, s.path, s.imageLine ?? s.line, s.image ?? '', s.declaredPolicy]),
  ]);
}

describe('custom resources that embed pod templates', () => {
  it('Argo Rollouts Rollout: spec.template.spec', () => {
    expect(rows(fixture('argo-rollout.yaml'))).toEqual([
      [
        0,
        'Rollout',
        'rollout-canary',
        'spec.template.spec',
        'spec.template.spec.imagePullSecrets',
        [['container', 'spec.template.spec.containers[0]', 22, 'argoproj/rollouts-demo:blue', 'Always']],
      ],
    ]);
  });

  it('Argo Workflows Workflow: script, container, initContainers, sidecars, containerSet, in document order', () => {
    expect(rows(fixture('argo-workflows.yaml'))).toEqual([
      [
        0,
        'Workflow',
        'scripts-python-',
        'spec',
        'spec.imagePullSecrets',
        [
          ['container', 'spec.templates[1].script', 23, 'python:alpine3.23', null],
          ['container', 'spec.templates[2].container', 35, 'alpine:3.23', null],
        ],
      ],
      [
        1,
        'Workflow',
        'init-container-',
        'spec',
        'spec.imagePullSecrets',
        [
          ['container', 'spec.templates[0].container', 48, 'alpine:3.23', null],
          ['initContainer', 'spec.templates[0].initContainers[0]', 55, 'alpine:3.23', null],
        ],
      ],
      [
        2,
        'Workflow',
        'sidecar-nginx-',
        'spec',
        'spec.imagePullSecrets',
        [
          ['container', 'spec.templates[0].container', 71, 'curlimages/curl:latest', null],
          ['container', 'spec.templates[0].sidecars[0]', 76, 'nginx:1.13', null],
        ],
      ],
      [
        3,
        'Workflow',
        'sequence-',
        'spec',
        'spec.imagePullSecrets',
        [
          ['container', 'spec.templates[0].containerSet.containers[0]', 94, 'argoproj/argosay:v2', null],
          ['container', 'spec.templates[0].containerSet.containers[1]', 96, 'argoproj/argosay:v2', null],
          ['container', 'spec.templates[0].containerSet.containers[2]', 99, 'argoproj/argosay:v2', null],
        ],
      ],
    ]);
  });

  it('Argo CronWorkflow (spec.workflowSpec), WorkflowTemplate, ClusterWorkflowTemplate', () => {
    expect(rows(fixture('argo-workflow-templates.yaml'))).toEqual([
      [
        0,
        'CronWorkflow',
        'hello-world',
        'spec.workflowSpec',
        'spec.workflowSpec.imagePullSecrets',
        [['container', 'spec.workflowSpec.templates[0].container', 21, 'busybox', null]],
      ],
      [
        1,
        'WorkflowTemplate',
        'workflow-template-print-message',
        'spec',
        'spec.imagePullSecrets',
        [['container', 'spec.templates[0].container', 37, 'busybox', null]],
      ],
      [
        2,
        'ClusterWorkflowTemplate',
        'cluster-workflow-template-print-message',
        'spec',
        'spec.imagePullSecrets',
        [['container', 'spec.templates[0].container', 52, 'busybox', null]],
      ],
    ]);
  });

  it('Knative Serving Service, Configuration (spec.template.spec) and Revision (spec)', () => {
    const text = fixture('knative-serving.yaml');
    expect(rows(text)).toEqual([
      [
        0,
        'Service',
        'hello',
        'spec.template.spec',
        'spec.template.spec.imagePullSecrets',
        [['container', 'spec.template.spec.containers[0]', 14, 'ghcr.io/knative/helloworld-go:latest', null]],
      ],
      [
        1,
        'Configuration',
        'configuration-example',
        'spec.template.spec',
        'spec.template.spec.imagePullSecrets',
        [['container', 'spec.template.spec.containers[0]', 32, 'ghcr.io/knative/helloworld-go:1.0', null]],
      ],
      [
        2,
        'Revision',
        'hello-00001',
        'spec',
        'spec.imagePullSecrets',
        [
          [
            'container',
            'spec.containers[0]',
            49,
            'ghcr.io/knative/helloworld-go@sha256:1c5f4a1d2e3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
            null,
          ],
        ],
      ],
    ]);
    const [service, , revision] = loadManifests(text).workloads;
    // Pod labels: the template's for a Service, the object's own where the pod spec is the object's spec.
    expect(service!.labels).toEqual({ app: 'hello' });
    expect(revision!.labels).toEqual({ 'serving.knative.dev/service': 'hello' });
    expect(revision!.imagePullSecrets).toEqual(['ghcr']);
  });

  it('OpenKruise CloneSet, Advanced StatefulSet (v1beta1), Advanced DaemonSet', () => {
    expect(rows(fixture('openkruise.yaml'))).toEqual([
      [
        0,
        'CloneSet',
        'sample',
        'spec.template.spec',
        'spec.template.spec.imagePullSecrets',
        [['container', 'spec.template.spec.containers[0]', 21, 'nginx:alpine', null]],
      ],
      [
        1,
        'StatefulSet',
        'demo-v1-guestbook-kruise',
        'spec.template.spec',
        'spec.template.spec.imagePullSecrets',
        [['container', 'spec.template.spec.containers[0]', 51, 'openkruise/guestbook:v1', 'Always']],
      ],
      [
        2,
        'DaemonSet',
        'guestbook-ds',
        'spec.template.spec',
        'spec.template.spec.imagePullSecrets',
        [['container', 'spec.template.spec.containers[0]', 80, 'openkruise/guestbook:v1', null]],
      ],
    ]);
  });

  it('KEDA ScaledJob: spec.jobTargetRef.template.spec', () => {
    expect(rows(fixture('keda-scaledjob.yaml'))).toEqual([
      [
        0,
        'ScaledJob',
        'pause-scaledjob',
        'spec.jobTargetRef.template.spec',
        'spec.jobTargetRef.template.spec.imagePullSecrets',
        [['container', 'spec.jobTargetRef.template.spec.containers[0]', 19, 'busybox', 'IfNotPresent']],
      ],
    ]);
  });

  it('Tekton Task steps and sidecars, Pipeline tasks and finally; a step with ref has no image of its own', () => {
    const digest = 'mirror.gcr.io/ubuntu@sha256:0d39fcc8335d6d74d5502f6df2d30119ff4790ebbb60b364818d5112d9e3e932';
    expect(rows(fixture('tekton.yaml'))).toEqual([
      [
        0,
        'Task',
        'example-task-name',
        'spec',
        null,
        [
          ['container', 'spec.steps[0]', 19, 'ubuntu', null],
          ['container', 'spec.steps[1]', 21, 'gcr.io/example-builders/build-example', null],
          ['container', 'spec.steps[2]', 25, 'gcr.io/example-builders/push-example', null],
        ],
      ],
      [
        1,
        'Task',
        'sidecar-ready',
        'spec',
        null,
        [
          ['container', 'spec.sidecars[0]', 41, digest, null],
          ['container', 'spec.steps[0]', 48, digest, null],
        ],
      ],
      [
        2,
        'Pipeline',
        'pipeline-propagated-params',
        'spec',
        null,
        [
          ['container', 'spec.tasks[0].taskSpec.steps[0]', 72, 'ubuntu', null],
          ['container', 'spec.finally[0].taskSpec.steps[0]', 90, 'alpine:3.23', 'IfNotPresent'],
        ],
      ],
    ]);
  });

  it('reads custom resources inside a List with the items[i] prefix', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: tekton.dev/v1\n  kind: Task\n  metadata: {name: t}\n  spec:\n    steps:\n    - {name: s, image: alpine:3.23}\n`;
    const [workload] = loadManifests(text).workloads;
    expect(workload!.slots.map((s) => [s.path, s.line])).toEqual([['items[0].spec.steps[0]', 9]]);
  });

  it('reports a wrong shape on the way to the containers, as the CRD schema refuses it', () => {
    const result = loadManifests(
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  templates: {}\n',
    );
    expect(result.errors).toEqual([
      {
        code: 'wrong-type',
        document: 0,
        path: 'spec.templates',
        line: 5,
        column: 14,
        message: 'spec.templates must be a list, found a mapping',
      },
    ]);
  });

  it('counts a Rollout without a template (workloadRef) as a workload with no slots, without errors', () => {
    const result = loadManifests(
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n',
    );
    expect(result.errors).toEqual([]);
    expect(result.workloads).toMatchObject([{ kind: 'Rollout', name: 'r', slots: [] }]);
  });

  it('AlwaysPullImages does not mutate them (not Pods), only the Pods their controllers create', () => {
    const k8s = evaluateManifests(fixture('keda-scaledjob.yaml'), { admissionPlugins: ['AlwaysPullImages'] });
    expect(k8s.workloads[0]!.isPod).toBe(false);
    const policy = k8s.workloads[0]!.slots[0]!.pullPolicy;
    expect(policy).toMatchObject({ declared: 'IfNotPresent', effective: 'Always', admittedBy: 'AlwaysPullImages' });
    expect(policy.reasons.join(' ')).toContain('does not change the workload template itself');
  });
});

describe('matching by group, kind and version', () => {
  const rollout = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: Rollout\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: a, image: nginx:1.27}\n`;

  it('an unrelated CRD with the same kind name is not read, and is listed as unread', () => {
    const result = loadManifests(rollout('rollouts.example.com/v1'));
    expect(result.workloads).toEqual([]);
    expect(result.unread).toEqual([
      {
        document: 0,
        apiVersion: 'rollouts.example.com/v1',
        kind: 'Rollout',
        name: 'r',
        reason: expect.stringContaining('custom resource whose pod specs pullwise does not know') as string,
        imagePaths: ['spec.template.spec.containers[0].image'],
      },
    ]);
  });

  it('a version of a known kind whose shape was not read is listed as unread, naming the versions read', () => {
    const result = loadManifests(rollout('argoproj.io/v2'));
    expect(result.workloads).toEqual([]);
    expect(result.unread[0]!.reason).toMatch(/^pullwise reads Rollout \(argoproj\.io\) at v1alpha1, not v2: /);
    expect(result.unread[0]!.reason).toContain("cluster profile's podTemplatePaths");
  });

  it('evaluatedKinds names the built-in and the custom resource kinds once each', () => {
    const kinds = evaluatedKinds();
    for (const kind of [
      'Deployment',
      'Rollout',
      'Workflow',
      'CronWorkflow',
      'WorkflowTemplate',
      'ClusterWorkflowTemplate',
    ])
      expect(kinds).toContain(kind);
    for (const kind of ['Service', 'Configuration', 'Revision', 'CloneSet', 'ScaledJob', 'Task', 'Pipeline'])
      expect(kinds).toContain(kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('podTemplatePaths from a cluster profile', () => {
  const batchRun = `apiVersion: batch.example.com/v1
kind: BatchRun
metadata: {name: nightly, labels: {team: data}}
spec:
  jobs:
  - name: extract
    template:
      metadata: {labels: {step: extract}}
      spec:
        imagePullSecrets: [{name: regcred}]
        containers:
        - {name: main, image: registry.example.com/extract:1.0}
  - name: load
    template:
      spec:
        initContainers:
        - {name: wait, image: busybox:1.36}
        containers:
        - {name: main, image: registry.example.com/load:latest}
`;
  const paths = [{ apiVersion: 'batch.example.com/v1', kind: 'BatchRun', path: 'spec.jobs[*].template.spec' }];

  it('without them the object is unread, with its image paths', () => {
    const result = loadManifests(batchRun);
    expect(result.workloads).toEqual([]);
    expect(result.unread.map((u) => u.imagePaths)).toEqual([
      [
        'spec.jobs[0].template.spec.containers[0].image',
        'spec.jobs[1].template.spec.initContainers[0].image',
        'spec.jobs[1].template.spec.containers[0].image',
      ],
    ]);
  });

  it('with them every matched pod spec is a workload with exact paths, its own labels and pull secrets', () => {
    const result = loadManifests(batchRun, { podTemplatePaths: paths });
    expect(result.errors).toEqual([]);
    expect(result.unread).toEqual([]);
    expect(
      result.workloads.map((w) => ({
        name: w.name,
        isPod: w.isPod,
        podSpecPath: w.podSpecPath,
        labels: w.labels,
        secrets: w.imagePullSecrets,
        slots: w.slots.map((s) => [s.type, s.path, s.line]),
      })),
    ).toEqual([
      {
        name: 'nightly',
        isPod: false,
        podSpecPath: 'spec.jobs[0].template.spec',
        labels: { step: 'extract' },
        secrets: ['regcred'],
        slots: [['container', 'spec.jobs[0].template.spec.containers[0]', 12]],
      },
      {
        name: 'nightly',
        isPod: false,
        podSpecPath: 'spec.jobs[1].template.spec',
        labels: {},
        secrets: [],
        slots: [
          ['initContainer', 'spec.jobs[1].template.spec.initContainers[0]', 17],
          ['container', 'spec.jobs[1].template.spec.containers[0]', 19],
        ],
      },
    ]);
  });

  it('match the exact apiVersion: another version stays unread', () => {
    const result = loadManifests(batchRun.replace('batch.example.com/v1', 'batch.example.com/v2'), {
      podTemplatePaths: paths,
    });
    expect(result.workloads).toEqual([]);
    expect(result.unread).toHaveLength(1);
  });

  it('add to the table for a kind it knows', () => {
    const text = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a:1}]\n  canaryTemplate:\n    spec:\n      containers: [{name: b, image: b:1}]\n`;
    const result = loadManifests(text, {
      podTemplatePaths: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', path: 'spec.canaryTemplate.spec' }],
    });
    expect(result.workloads.map((w) => w.slots.map((s) => s.path))).toEqual([
      ['spec.template.spec.containers[0]'],
      ['spec.canaryTemplate.spec.containers[0]'],
    ]);
  });

  it('an entry that does not validate is an error naming it, and is ignored', () => {
    const result = loadManifests(batchRun, {
      podTemplatePaths: [{ apiVersion: 'batch.example.com/v1', kind: 'BatchRun', path: 'spec.jobs[0].template' }],
    });
    expect(result.errors).toEqual([
      {
        code: 'invalid-pod-template-path',
        document: null,
        path: 'podTemplatePaths[0].path',
        line: null,
        column: null,
        message: expect.stringContaining(
          'cluster profile podTemplatePaths[0].path: "jobs[0]" is not a field',
        ) as string,
      },
    ]);
    expect(result.workloads).toEqual([]);
  });
});

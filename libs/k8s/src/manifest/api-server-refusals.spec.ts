import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, OBJECT_TYPES, POD_SPEC_PATHS } from './builtin-api.generated.js';
import { loadManifests } from './index.js';
import { WORKLOAD_KINDS } from './workload-kinds.js';

const errorsOf = (text: string) =>
  loadManifests(text).errors.map(({ path, line, message }) => ({ path, line, message }));
const CONTAINERS = 'spec:\n  containers: [{name: c, image: nginx:1.27}]\n';

describe('kinds a built-in group does not serve (RESTMapper: no matches for kind)', () => {
  it.each([
    [
      'a typo',
      'apiVersion: apps/v1\nkind: Deploymnet\n',
      'kind',
      2,
      'no matches for kind "Deploymnet" in version "apps/v1": did you mean "Deployment"?',
    ],
    [
      'a kind of another group',
      'apiVersion: v1\nkind: Deployment\n',
      'apiVersion',
      1,
      'no matches for kind "Deployment" in version "v1": Deployment is served in apiVersion "apps/v1"',
    ],
    [
      'the wrong case',
      'apiVersion: v1\nkind: pod\n',
      'kind',
      2,
      'no matches for kind "pod" in version "v1": did you mean "Pod"? (kinds are case-sensitive)',
    ],
    [
      'the wrong case in the wrong group',
      'apiVersion: v1\nkind: deployment\n',
      'kind',
      2,
      'no matches for kind "deployment" in version "v1": did you mean "Deployment" (apiVersion "apps/v1")?',
    ],
    [
      'a removed group version',
      'apiVersion: extensions/v1beta1\nkind: DaemonSet\n',
      'apiVersion',
      1,
      'no matches for kind "DaemonSet" in version "extensions/v1beta1": DaemonSet is served in apiVersion "apps/v1"',
    ],
    [
      'a removed beta',
      'apiVersion: batch/v1beta1\nkind: CronJob\n',
      'apiVersion',
      1,
      'no matches for kind "CronJob" in version "batch/v1beta1": CronJob is served in apiVersion "batch/v1"',
    ],
    ['nothing close', 'apiVersion: v1\nkind: Zebra\n', 'kind', 2, 'no matches for kind "Zebra" in version "v1"'],
    [
      'an apiVersion that does not parse',
      'apiVersion: apps/v1/beta\nkind: Deployment\n',
      'apiVersion',
      1,
      'apiVersion: unexpected GroupVersion string: apps/v1/beta',
    ],
  ])('%s is an error and the object is not read', (_name, text, path, line, message) => {
    const result = loadManifests(`${text}metadata: {name: a}\n${CONTAINERS}`);
    expect(result.errors.map(({ path, line, message }) => ({ path, line, message }))).toEqual([
      { path, line, message },
    ]);
    expect(result.workloads).toEqual([]);
  });

  it.each([
    ['argoproj.io/v1alpha1', 'Rollout'],
    ['example.com/v1', 'Deployment'],
    ['v1', 'ConfigMap'],
    ['networking.k8s.io/v1', 'Ingress'],
    // New in 1.36 (the kinds of @kubernetes/client-node 2.0.1's API classes).
    ['scheduling.k8s.io/v1alpha2', 'PodGroup'],
    ['admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicy'],
  ])('%s %s is not refused here (custom resources, served kinds)', (apiVersion, kind) => {
    expect(errorsOf(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: a}\n`)).toEqual([]);
  });

  it('names the List item it refuses', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deploymnet\n  metadata: {name: a}\n`;
    expect(errorsOf(text)).toEqual([
      {
        path: 'items[0].kind',
        line: 5,
        message: 'no matches for kind "Deploymnet" in version "apps/v1": did you mean "Deployment"?',
      },
    ]);
  });
});

describe('unknown fields (strict field validation)', () => {
  const deployment = (template: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n${template}`;
  const strict = (path: string, kind = 'Deployment') =>
    `${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: unknown field "${path}"`;

  it.each([
    [
      'container instead of containers',
      '    spec:\n      containers: [{name: c, image: nginx}]\n      container: [{name: c, image: nginx}]\n',
      [{ path: 'spec.template.spec.container', line: 9, message: strict('spec.template.spec.container') }],
    ],
    [
      'a typo in a container',
      '    spec:\n      containers:\n      - name: c\n        image: nginx\n        imagePullpolicy: Always\n',
      [
        {
          path: 'spec.template.spec.containers[0].imagePullpolicy',
          line: 11,
          message: strict('spec.template.spec.containers[0].imagePullpolicy'),
        },
      ],
    ],
    [
      'a typo in an image volume source',
      '    spec:\n      containers: [{name: c, image: nginx}]\n      volumes:\n      - name: v\n        image: {refrence: quay.io/x:1}\n',
      [
        {
          path: 'spec.template.spec.volumes[0].image.refrence',
          line: 11,
          message: strict('spec.template.spec.volumes[0].image.refrence'),
        },
      ],
    ],
    [
      'a typo in the template',
      '    metdata: {labels: {app: a}}\n    spec:\n      containers: [{name: c, image: nginx}]\n',
      [{ path: 'spec.template.metdata', line: 7, message: strict('spec.template.metdata') }],
    ],
    [
      'deep in the pod spec (probes, affinity) and through a merge key',
      '    spec:\n      containers:\n      - &c {name: c, image: nginx, livenessProbe: {httpGet: {pth: /}}}\n      initContainers:\n      - <<: *c\n        name: i\n',
      [
        {
          path: 'spec.template.spec.containers[0].livenessProbe.httpGet.pth',
          line: 9,
          message: strict('spec.template.spec.containers[0].livenessProbe.httpGet.pth'),
        },
        {
          path: 'spec.template.spec.initContainers[0].livenessProbe.httpGet.pth',
          line: 9,
          message: strict('spec.template.spec.initContainers[0].livenessProbe.httpGet.pth'),
        },
      ],
    ],
  ])('%s', (_name, template, expected) => {
    expect(errorsOf(deployment(template))).toEqual(expected);
  });

  it('reports a misspelt workload spec field and a Pod field at the object level', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replica: 2\n  template:\n    spec:\n      containers: [{name: c, image: nginx}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, label: {a: b}}\n${CONTAINERS}`;
    expect(errorsOf(text)).toEqual([
      { path: 'spec.replica', line: 5, message: strict('spec.replica') },
      { path: 'metadata.label', line: 12, message: strict('metadata.label', 'Pod') },
    ]);
  });

  it('accepts every field a real workload uses, status and managed fields included', () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
  creationTimestamp: null
  annotations: {a: b}
  managedFields: [{manager: kubectl, operation: Apply, fieldsType: FieldsV1, fieldsV1: {f:spec: {}}}]
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      backoffLimit: 1
      template:
        spec:
          restartPolicy: Never
          securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
          containers:
          - name: c
            image: nginx:1.27
            resources: {limits: {cpu: 100m}}
            env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}]
          volumes:
          - name: v
            image: {reference: quay.io/x:1, pullPolicy: IfNotPresent}
status: {lastScheduleTime: null}
`;
    expect(errorsOf(text)).toEqual([]);
  });

  // PodSpec.schedulingGroup ({ podGroupName }) is new in 1.36, which no OpenAPI copy covers: the field sets take
  // the newest release from @kubernetes/client-node 2.0.1 (models V1PodSpec, V1PodSchedulingGroup).
  it('accepts a field new in Kubernetes 1.36 and still refuses one misspelt beside or inside it', () => {
    const pod = (spec: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n${spec}`;
    expect(errorsOf(pod('  schedulingGroup: {podGroupName: workers}\n'))).toEqual([]);
    expect(errorsOf(pod('  schedulingGrup: {podGroupName: workers}\n'))).toEqual([
      { path: 'spec.schedulingGrup', line: 6, message: strict('spec.schedulingGrup', 'Pod') },
    ]);
    expect(errorsOf(pod('  schedulingGroup: {podGroup: workers}\n'))).toEqual([
      { path: 'spec.schedulingGroup.podGroup', line: 6, message: strict('spec.schedulingGroup.podGroup', 'Pod') },
    ]);
  });
});

describe('a pod spec without containers (validateContainers: Required value)', () => {
  it.each([
    [
      'a Pod with an empty list',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: []\n',
      'spec.containers',
      5,
    ],
    ['a Pod without spec', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n', 'spec.containers', 1],
    [
      'a Deployment template without containers',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      initContainers: [{name: i, image: busybox}]\n',
      'spec.template.spec.containers',
      7,
    ],
    [
      'a CronJob without a job template',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n',
      'spec.jobTemplate.spec.template.spec.containers',
      5,
    ],
    [
      'a PodTemplate',
      'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate: {spec: {}}\n',
      'template.spec.containers',
      4,
    ],
  ])('%s', (_name, text, path, line) => {
    expect(errorsOf(text)).toEqual([{ path, line, message: `${path}: Required value` }]);
  });
});

describe('the generated data (scripts/generate-builtin-api.mjs)', () => {
  it('finds exactly the workload kinds the loader reads, with the same pod spec paths', () => {
    const generated = Object.entries(OBJECT_TYPES).map(
      ([gvk, type]) => [gvk.split('/').pop(), POD_SPEC_PATHS[type]] as const,
    );
    const loader = Object.entries(WORKLOAD_KINDS).map(([kind, shape]) => [kind, shape.podSpecPath] as const);
    expect(new Map(generated)).toEqual(new Map(loader));
  });

  it('serves the core, apps and batch kinds of a current cluster and none that were removed', () => {
    expect(BUILTIN_KINDS['']!['v1']).toContain('Pod');
    expect(BUILTIN_KINDS['apps']).toEqual({ v1: expect.arrayContaining(['Deployment', 'StatefulSet']) });
    expect(BUILTIN_KINDS['batch']).toEqual({ v1: ['CronJob', 'Job'] });
    expect(BUILTIN_KINDS['extensions']).toBeUndefined();
  });
});

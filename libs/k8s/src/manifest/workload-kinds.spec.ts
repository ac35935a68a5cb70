import { describe, expect, it } from 'vitest';
import { loadManifests } from './index.js';

/** A pod spec with one init container and one container, indented under `indent` spaces. */
function podSpec(indent: number): string {
  const pad = ' '.repeat(indent);
  return [
    'initContainers:',
    '- name: init',
    '  image: busybox:1.36',
    'containers:',
    '- name: app',
    '  image: nginx:1.27',
    '  imagePullPolicy: Never',
  ]
    .map((line) => pad + line)
    .join('\n');
}

const META = 'metadata:\n  name: demo\n  namespace: team-a\n  labels: {owner: me}\n';
const TEMPLATE = (indent: number) =>
  `${' '.repeat(indent)}template:\n${' '.repeat(indent + 2)}metadata:\n${' '.repeat(indent + 4)}labels: {app: demo}\n${' '.repeat(indent + 2)}spec:\n${podSpec(indent + 4)}\n`;

const CASES = [
  { kind: 'Pod', apiVersion: 'v1', body: `spec:\n${podSpec(2)}\n`, podSpecPath: 'spec', labels: { owner: 'me' } },
  { kind: 'PodTemplate', apiVersion: 'v1', body: TEMPLATE(0), podSpecPath: 'template.spec', labels: { app: 'demo' } },
  {
    kind: 'ReplicationController',
    apiVersion: 'v1',
    body: `spec:\n${TEMPLATE(2)}`,
    podSpecPath: 'spec.template.spec',
    labels: { app: 'demo' },
  },
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    body: `spec:\n${TEMPLATE(2)}`,
    podSpecPath: 'spec.template.spec',
    labels: { app: 'demo' },
  },
  {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    body: `spec:\n${TEMPLATE(2)}`,
    podSpecPath: 'spec.template.spec',
    labels: { app: 'demo' },
  },
  {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    body: `spec:\n${TEMPLATE(2)}`,
    podSpecPath: 'spec.template.spec',
    labels: { app: 'demo' },
  },
  {
    kind: 'Job',
    apiVersion: 'batch/v1',
    body: `spec:\n${TEMPLATE(2)}`,
    podSpecPath: 'spec.template.spec',
    labels: { app: 'demo' },
  },
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    body: `spec:\n  jobTemplate:\n    spec:\n${TEMPLATE(6)}`,
    podSpecPath: 'spec.jobTemplate.spec.template.spec',
    labels: { app: 'demo' },
  },
];

describe('workload kinds', () => {
  it.each(CASES)(
    '$kind ($apiVersion) has its pod spec at $podSpecPath',
    ({ kind, apiVersion, body, podSpecPath, labels }) => {
      const result = loadManifests(`apiVersion: ${apiVersion}\nkind: ${kind}\n${META}${body}`);
      expect(result.errors).toEqual([]);
      expect(result.skipped).toEqual([]);
      expect(result.workloads).toHaveLength(1);
      const [workload] = result.workloads;
      expect(workload).toMatchObject({
        document: 0,
        apiVersion,
        kind,
        name: 'demo',
        namespace: 'team-a',
        line: 1,
        isPod: kind === 'Pod',
        podSpecPath,
        labels,
        objectLabels: { owner: 'me' },
      });
      expect(workload!.slots.map((s) => [s.type, s.name, s.path, s.image, s.declaredPolicy, s.policyPath])).toEqual([
        [
          'initContainer',
          'init',
          `${podSpecPath}.initContainers[0]`,
          'busybox:1.36',
          null,
          `${podSpecPath}.initContainers[0].imagePullPolicy`,
        ],
        [
          'container',
          'app',
          `${podSpecPath}.containers[0]`,
          'nginx:1.27',
          'Never',
          `${podSpecPath}.containers[0].imagePullPolicy`,
        ],
      ]);
    },
  );

  // Group versions no modelled API server (1.27 and later) serves, and a kind in the wrong group: kubectl stops at
  // the RESTMapper (no matches for kind), so nothing is read, even though the pod spec sits where it would.
  it.each([
    ['Deployment', 'extensions/v1beta1', `spec:\n${TEMPLATE(2)}`, 'apps/v1'],
    ['StatefulSet', 'apps/v1beta2', `spec:\n${TEMPLATE(2)}`, 'apps/v1'],
    ['CronJob', 'batch/v1beta1', `spec:\n  jobTemplate:\n    spec:\n${TEMPLATE(6)}`, 'batch/v1'],
    ['Pod', 'apps/v1', `spec:\n${podSpec(2)}\n`, 'v1'],
  ])('refuses %s in %s, naming the apiVersion that serves it', (kind, apiVersion, body, served) => {
    const result = loadManifests(`apiVersion: ${apiVersion}\nkind: ${kind}\n${META}${body}`);
    expect(result).toMatchObject({ documents: 1, workloads: [], skipped: [], unread: [] });
    expect(result.errors).toEqual([
      {
        code: 'unknown-kind',
        document: 0,
        path: 'apiVersion',
        line: 1,
        column: 13,
        message: `no matches for kind "${kind}" in version "${apiVersion}": ${kind} is served in apiVersion "${served}"`,
      },
    ]);
  });

  // Rollout (argoproj.io) is read since custom-resource-kinds.ts; custom-resource-kinds.spec.ts covers it.
  it.each([
    ['Service', 'v1', false],
    ['ConfigMap', 'v1', false],
    ['CustomResourceDefinition', 'apiextensions.k8s.io/v1', false],
    // A CRD reusing a workload kind name in its own group is not a workload; its images are listed as unread.
    ['Deployment', 'example.com/v1', true],
  ])('skips %s in %s', (kind, apiVersion, unread) => {
    const result = loadManifests(
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\nspec:\n${podSpec(2)}\n`,
    );
    expect(result).toMatchObject({ documents: 1, workloads: [], skipped: [{ document: 0, kind, name: 'x' }] });
    expect(result.unread.map((u) => u.imagePaths)).toEqual(
      unread ? [['spec.initContainers[0].image', 'spec.containers[0].image']] : [],
    );
  });

  it('reports a missing apiVersion and still matches on kind alone', () => {
    const result = loadManifests(`kind: Pod\nmetadata: {name: x}\nspec:\n${podSpec(2)}\n`);
    expect(result.workloads[0]).toMatchObject({ apiVersion: '', kind: 'Pod', name: 'x' });
    expect(result.errors).toEqual([
      {
        code: 'missing-api-version',
        document: 0,
        path: 'apiVersion',
        line: 1,
        column: 1,
        message: 'apiVersion is not set: a Kubernetes object must be a mapping with apiVersion and kind',
      },
    ]);
  });

  // kubectl refuses both ("apiVersion not set", "kind not set"); an object without kind cannot be read at all.
  it.each([
    ['no kind', 'apiVersion: v1\nmetadata: {generateName: x-}\n', ['missing-kind', 'kind', 1, 1, 'kind is not set']],
    ['an empty kind', 'apiVersion: v1\nkind: ""\n', ['missing-kind', 'kind', 2, 7, 'kind is not set']],
    [
      'a kind that is a number',
      'apiVersion: v1\nkind: 3\n',
      ['wrong-type', 'kind', 2, 7, 'kind must be a string, found a number'],
    ],
  ])('reports an object with %s as an error, not as skipped', (_name, text, [code, path, line, column, message]) => {
    const result = loadManifests(`apiVersion: v1\nkind: ConfigMap\n---\n${text}`);
    expect(result).toMatchObject({ documents: 2, workloads: [], skipped: [{ document: 0, kind: 'ConfigMap' }] });
    expect(result.errors).toEqual([
      {
        code,
        document: 1,
        path,
        line: (line as number) + 3,
        column,
        message: expect.stringContaining(message as string),
      },
    ]);
  });

  it('reports both when neither kind nor apiVersion is set, also for List items', () => {
    expect(loadManifests('metadata: {name: x}\n').errors.map((e) => [e.path, e.line, e.message])).toEqual([
      ['kind', 1, 'kind is not set: a Kubernetes object must be a mapping with apiVersion and kind'],
      ['apiVersion', 1, 'apiVersion is not set: a Kubernetes object must be a mapping with apiVersion and kind'],
    ]);
    const list = loadManifests(
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, spec: {containers: [{name: c, image: x}]}}\n- {metadata: {}}\n',
    );
    expect(list.workloads).toHaveLength(1);
    expect(list.errors.map((e) => [e.document, e.path, e.line, e.column])).toEqual([
      [0, 'items[1].kind', 5, 3],
      [0, 'items[1].apiVersion', 5, 3],
    ]);
  });

  it('still skips empty documents silently', () => {
    expect(loadManifests('---\n---\n# nothing\n').errors).toEqual([]);
  });
});

describe('pod spec contents', () => {
  it('visits initContainers, containers, ephemeralContainers, then image volumes, whatever the written order', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  volumes:',
      '  - name: data',
      '    emptyDir: {}',
      '  - name: model',
      '    image: {reference: "quay.io/m/model:v1", pullPolicy: Always}',
      '  ephemeralContainers:',
      '  - {name: debug, image: busybox}',
      '  containers:',
      '  - {name: a, image: a:1}',
      '  - {name: b, image: b:1}',
      '  initContainers:',
      '  - {name: sidecar, image: s:1, restartPolicy: Always}',
      '  - {name: setup, image: i:1}',
    ].join('\n');
    const slots = loadManifests(text).workloads[0]!.slots;
    expect(slots.map((s) => [s.type, s.name, s.path, s.image, s.declaredPolicy, s.restartPolicy])).toEqual([
      ['initContainer', 'sidecar', 'spec.initContainers[0]', 's:1', null, 'Always'],
      ['initContainer', 'setup', 'spec.initContainers[1]', 'i:1', null, null],
      ['container', 'a', 'spec.containers[0]', 'a:1', null, null],
      ['container', 'b', 'spec.containers[1]', 'b:1', null, null],
      ['ephemeralContainer', 'debug', 'spec.ephemeralContainers[0]', 'busybox', null, null],
      ['imageVolume', 'model', 'spec.volumes[1].image', 'quay.io/m/model:v1', 'Always', null],
    ]);
    expect(slots[5]!.policyPath).toBe('spec.volumes[1].image.pullPolicy');
  });

  it('keeps a container without image as a slot with image null', () => {
    const result = loadManifests('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: noimage\n');
    expect(result.errors).toEqual([]);
    expect(result.workloads[0]!.slots[0]).toMatchObject({ name: 'noimage', image: null, imageLine: null });
  });

  it('reads pull secrets and the service account (deprecated serviceAccount as fallback)', () => {
    const a = loadManifests(
      'kind: Pod\nspec:\n  serviceAccountName: sa\n  serviceAccount: old\n  imagePullSecrets: [{name: one}, {name: two}]\n',
    );
    expect(a.workloads[0]).toMatchObject({ serviceAccountName: 'sa', imagePullSecrets: ['one', 'two'] });
    const b = loadManifests('kind: Pod\nspec:\n  serviceAccount: old\n');
    expect(b.workloads[0]).toMatchObject({ serviceAccountName: 'old', imagePullSecrets: [] });
  });

  it('names objects by name, then generateName, then <unnamed>; namespace null when absent', () => {
    const result = loadManifests(
      'kind: Pod\napiVersion: v1\nmetadata: {generateName: web-}\nspec: {containers: [{name: c, image: x}]}\n---\nkind: Pod\napiVersion: v1\nspec: {containers: [{name: c, image: x}]}\n',
    );
    expect(result.workloads.map((w) => [w.name, w.namespace])).toEqual([
      ['web-', null],
      ['<unnamed>', null],
    ]);
    expect(result.errors).toEqual([]);
  });

  it('has no slots when a workload has no pod template, which the API server refuses (containers are required)', () => {
    const result = loadManifests('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n');
    expect(result.errors).toEqual([
      {
        code: 'required-value',
        document: 0,
        path: 'spec.template.spec.containers',
        line: 4,
        column: 7,
        message: 'spec.template.spec.containers: Required value',
      },
    ]);
    expect(result.workloads[0]).toMatchObject({ name: 'd', slots: [], labels: {}, podSpecPath: 'spec.template.spec' });
  });
});

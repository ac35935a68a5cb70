import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { INVENTORY_ERROR_CODES, readNodeInventory, type InventoryErrorCode } from './read-node-inventory.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** 1-based line of the first occurrence of `needle` (after the `from`-th occurrence of `after`, if given). */
function lineOf(text: string, needle: string, after?: string): number {
  const start = after === undefined ? 0 : text.indexOf(after);
  const at = text.indexOf(needle, start);
  if (at < 0) throw new Error(`${needle} not in text`);
  return text.slice(0, at).split('\n').length;
}

type Json = Record<string, unknown>;

function kubectlNode(name: string, patch: { spec?: Json; status?: Json; metadata?: Json } = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { labels: { 'kubernetes.io/hostname': name }, name, ...patch.metadata },
    spec: { ...patch.spec },
    status: {
      images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 72195292 }],
      nodeInfo: { kubeletVersion: 'v1.34.2' },
      ...patch.status,
    },
  };
}

const list = (...items: unknown[]) => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
const asJson = (value: unknown) => JSON.stringify(value, null, 4);
const asYaml = (value: unknown) => stringify(value, { indentSeq: false });

describe('readNodeInventory: kubectl output', () => {
  const fromJson = readNodeInventory(fixture('nodes.json'));
  const fromYaml = readNodeInventory(fixture('nodes.yaml'));

  it('reads -o json and -o yaml of the same list to the same nodes, without errors', () => {
    expect(fromJson.errors).toEqual([]);
    expect(fromYaml.errors).toEqual([]);
    expect(fromYaml.nodes).toEqual(fromJson.nodes);
    expect(fromJson.nodes.map((n) => n.name)).toEqual([
      'ip-10-0-12-34.us-west-2.compute.internal',
      'gke-prod-spot-pool-3f5e2a1c-x7k2',
      'worker-1.ocp.example.com',
      'ip-10-0-77-201.us-west-2.compute.internal',
      'ip-10-0-40-5.us-west-2.compute.internal',
      'aks-apps-41027395-vmss000003',
    ]);
  });

  const byName = (name: string) => fromJson.nodes.find((n) => n.name === name)!;

  it.each([
    ['ip-10-0-12-34.us-west-2.compute.internal', 'v1.34.2-eks-b707fbb', false, []],
    [
      'gke-prod-spot-pool-3f5e2a1c-x7k2',
      'v1.33.5-gke.1308000',
      false,
      [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' }],
    ],
    ['worker-1.ocp.example.com', 'v1.32.6', false, []],
    [
      'ip-10-0-77-201.us-west-2.compute.internal',
      'v1.33.5-eks-3cfe0ce',
      true,
      [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }],
    ],
    [
      'ip-10-0-40-5.us-west-2.compute.internal',
      'v1.34.2-eks-b707fbb',
      false,
      [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    ],
  ])('%s: kubelet %s, unschedulable %s, taints', (name, version, unschedulable, taints) => {
    const node = byName(name);
    expect(node.kubeletVersion).toBe(version);
    expect(node.unschedulable).toBe(unschedulable);
    expect(node.taints).toEqual(taints);
  });

  it('keeps labels and image names as kubectl prints them', () => {
    const eks = byName('ip-10-0-12-34.us-west-2.compute.internal');
    expect(eks.labels).toMatchObject({
      'topology.kubernetes.io/zone': 'us-west-2a',
      'node.kubernetes.io/instance-type': 'm5.large',
      'kubernetes.io/arch': 'amd64',
    });
    expect(eks.images.flatMap((i) => i.names)).toContain('602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.5');
    expect(eks.images.find((i) => i.names.includes('docker.io/library/nginx:1.27'))?.names[0]).toMatch(
      /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/,
    );
    expect(byName('gke-prod-spot-pool-3f5e2a1c-x7k2').labels['cloud.google.com/gke-nodepool']).toBe('spot-pool');
    expect(byName('worker-1.ocp.example.com').images[0]!.names).toEqual([
      expect.stringMatching(/^quay\.io\/openshift-release-dev\/ocp-v4\.0-art-dev@sha256:/),
    ]);
    const busy = byName('aks-apps-41027395-vmss000003');
    expect(busy.images).toHaveLength(50);
    expect(busy.images[0]!.sizeBytes).toBeGreaterThan(busy.images[49]!.sizeBytes);
  });
});

describe('readNodeInventory: accepted shapes', () => {
  it.each([
    ['one Node (json)', asJson(kubectlNode('a')), ['a']],
    ['one Node (yaml)', asYaml(kubectlNode('a')), ['a']],
    ['a List', asJson(list(kubectlNode('a'), kubectlNode('b'))), ['a', 'b']],
    ['an empty List', asJson(list()), []],
    ['a List with items: null', 'apiVersion: v1\nkind: List\nitems: null\n', []],
    [
      "the API server's NodeList (items without kind)",
      asJson({ apiVersion: 'v1', kind: 'NodeList', items: [{ metadata: { name: 'a' } }] }),
      ['a'],
    ],
    ['JSON after a byte order mark and blank lines', `\uFEFF\n\n${asJson(list(kubectlNode('a')))}`, ['a']],
    ['flow-style YAML that is not JSON', '{apiVersion: v1, kind: Node, metadata: {name: a}}', ['a']],
  ])('%s', (_label, text, names) => {
    const { nodes, errors } = readNodeInventory(text);
    expect(errors).toEqual([]);
    expect(nodes.map((n) => n.name)).toEqual(names);
  });

  it('defaults what is absent, and ignores every field it does not read', () => {
    const text = asJson(
      list({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'bare', managedFields: [{ manager: 'kubelet' }] },
        spec: {
          taints: [{ key: 'k', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' }],
          podCIDR: '10.0.0.0/24',
        },
        status: { images: [{ sizeBytes: 10 }, { names: null }], conditions: [{ type: 'Ready', status: 'True' }] },
      }),
    );
    expect(readNodeInventory(text)).toEqual({
      nodes: [
        {
          name: 'bare',
          labels: {},
          taints: [{ key: 'k', value: '', effect: 'NoExecute' }],
          unschedulable: false,
          kubeletVersion: '',
          images: [
            { names: [], sizeBytes: 10 },
            { names: [], sizeBytes: 0 },
          ],
        },
      ],
      errors: [],
    });
  });
});

interface ErrorCase {
  label: string;
  text: string;
  code: InventoryErrorCode;
  path: string | null;
  /** The line, or the text whose first occurrence is on it (after `after`). */
  line: number | string | null;
  after?: string;
  message?: RegExp;
}

const badEffect = list(kubectlNode('a'), kubectlNode('b', { spec: { taints: [{ key: 'gpu', effect: 'NoRun' }] } }));
const badEffectJson = asJson(badEffect);
const badEffectYaml = asYaml(badEffect);

const errorCases: ErrorCase[] = [
  {
    label: 'taint effect not supported (json)',
    text: badEffectJson,
    code: 'invalid-field',
    path: 'items[1].spec.taints[0].effect',
    line: '"NoRun"',
    message:
      /^items\[1\]\.spec\.taints\[0\]\.effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"$/,
  },
  {
    label: 'taint effect not supported (yaml)',
    text: badEffectYaml,
    code: 'invalid-field',
    path: 'items[1].spec.taints[0].effect',
    line: 'NoRun',
  },
  {
    label: 'taint without effect',
    text: asYaml(list(kubectlNode('a', { spec: { taints: [{ key: 'gpu' }] } }))),
    code: 'invalid-field',
    path: 'items[0].spec.taints[0].effect',
    line: 'key: gpu',
    message: /Required value$/,
  },
  {
    label: 'missing metadata.name: placed at metadata',
    text: asYaml(list({ apiVersion: 'v1', kind: 'Node', metadata: { labels: { a: 'b' } } })),
    code: 'invalid-field',
    path: 'items[0].metadata.name',
    line: 'labels:',
    message: /^items\[0\]\.metadata\.name: Required value$/,
  },
  {
    label: 'lone Node: paths without items[i]',
    text: asYaml(kubectlNode('a', { spec: { unschedulable: 'yes' } })),
    code: 'invalid-field',
    path: 'spec.unschedulable',
    line: 'unschedulable',
    message: /^spec\.unschedulable must be a boolean, found a string$/,
  },
  {
    label: 'duplicate node name',
    text: asJson(list(kubectlNode('a'), kubectlNode('b'), kubectlNode('a'))),
    code: 'duplicate-node',
    path: 'items[2].metadata.name',
    line: '"name": "a"',
    after: '"name": "b"',
    message: /Duplicate value: "a" \(also items\[0\]\.metadata\.name\)$/,
  },
  {
    label: 'label value not a string',
    text: asJson(list(kubectlNode('a', { metadata: { labels: { 'app.kubernetes.io/part-of': 7 } } }))),
    code: 'invalid-field',
    path: 'items[0].metadata.labels[app.kubernetes.io/part-of]',
    line: '"app.kubernetes.io/part-of"',
    message: /must be a string, found a number \(7\)$/,
  },
  {
    label: 'escaped key in JSON',
    text: '{\n "kind": "Node",\n "metadata": {\n  "name": "a",\n  "labels": {\n   "x": "y",\n   "a\\u002fb": 1\n  }\n }\n}',
    code: 'invalid-field',
    path: 'metadata.labels[a/b]',
    line: 7,
  },
  {
    label: 'negative image size',
    text: asJson(list(kubectlNode('a', { status: { images: [{ names: ['x:1'], sizeBytes: -1 }] } }))),
    code: 'invalid-field',
    path: 'items[0].status.images[0].sizeBytes',
    line: '"sizeBytes"',
  },
  {
    label: 'image name not a string',
    text: asJson(list(kubectlNode('a', { status: { images: [{ names: ['x:1', 2], sizeBytes: 1 }] } }))),
    code: 'invalid-field',
    path: 'items[0].status.images[0].names[1]',
    line: '2',
    after: '"x:1"',
  },
  {
    label: 'kubeletVersion not a string',
    text: asYaml(list(kubectlNode('a', { status: { nodeInfo: { kubeletVersion: 1.34 } } }))),
    code: 'invalid-field',
    path: 'items[0].status.nodeInfo.kubeletVersion',
    line: 'kubeletVersion',
  },
  {
    label: 'a Pod in the List',
    text: asYaml(list(kubectlNode('a'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })),
    code: 'not-a-node',
    path: 'items[1].kind',
    line: 'kind: Pod',
    message: /must be "Node", found "Pod"$/,
  },
  {
    label: 'an item without kind in a generic List',
    text: asYaml(list({ metadata: { name: 'a' } })),
    code: 'not-a-node',
    path: 'items[0].kind',
    line: 'metadata:',
  },
  {
    label: 'a scalar item',
    text: 'apiVersion: v1\nkind: List\nitems:\n- just-a-string\n',
    code: 'not-a-node',
    path: 'items[0]',
    line: 4,
  },
  {
    label: 'a Pod',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
    code: 'not-a-node-list',
    path: 'kind',
    line: 2,
  },
  { label: 'a JSON array', text: '[]', code: 'not-a-node-list', path: null, line: 1 },
  { label: 'no object at all', text: '# nothing\n', code: 'not-a-node-list', path: null, line: null },
  {
    label: 'two YAML documents',
    text: `${asYaml(kubectlNode('a'))}---\n${asYaml(kubectlNode('b'))}`,
    code: 'not-a-node-list',
    path: null,
    line: 'apiVersion',
    after: '---',
  },
  {
    label: 'another apiVersion',
    text: 'apiVersion: v2\nkind: NodeList\nitems: []\n',
    code: 'not-a-node-list',
    path: 'apiVersion',
    line: 1,
  },
  {
    label: 'items not a list',
    text: 'apiVersion: v1\nkind: List\nitems:\n  a: 1\n',
    code: 'not-a-node-list',
    path: 'items',
    line: 4,
  },
  {
    label: 'YAML syntax error',
    text: 'apiVersion: v1\nkind: List\nitems: [\n',
    code: 'invalid-yaml',
    path: null,
    line: 4,
  },
  {
    label: 'broken JSON',
    text: '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [}\n',
    code: 'invalid-yaml',
    path: null,
    line: 4,
  },
  {
    label: 'alias expansion bomb',
    text: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    code: 'invalid-yaml',
    path: 'c[8]',
    line: 3,
    message: /aliases expand more than 100 times/,
  },
  {
    label: 'nesting deeper than any Node',
    text: `apiVersion: v1\nkind: Node\nmetadata: {name: a}\nspec: ${'['.repeat(100)}`,
    code: 'invalid-yaml',
    path: `spec${'[0]'.repeat(63)}`,
    line: 4,
    message: /nesting is deeper than 64 levels/,
  },
  {
    label: 'no kind',
    text: '{"apiVersion": "v1", "items": []}',
    code: 'not-a-node-list',
    path: 'kind',
    line: 1,
    message: /^kind must be "List", "NodeList" or "Node", found nothing$/,
  },
];

describe('readNodeInventory: keys are data', () => {
  it.each([
    ['json', '{"kind": "Node", "metadata": {"name": "a", "labels": {"__proto__": "x"}}}'],
    ['yaml', 'kind: Node\nmetadata:\n  name: a\n  labels:\n    __proto__: x\n'],
  ])('a __proto__ label stays a label (%s)', (_label, text) => {
    const [node] = readNodeInventory(text).nodes;
    expect(Object.entries(node!.labels)).toEqual([['__proto__', 'x']]);
    expect(Object.getPrototypeOf(node!.labels)).toBe(Object.prototype);
  });
});

describe('readNodeInventory: errors name where', () => {
  it.each(errorCases)('$label', ({ text, code, path, line, after, message }) => {
    const { errors } = readNodeInventory(text);
    // yaml may report a syntax error more than once (where it is, and at the end of the text).
    if (code !== 'invalid-yaml') expect(errors).toHaveLength(1);
    const [error] = errors;
    const expectedLine = typeof line === 'string' ? lineOf(text, line, after) : line;
    expect(error).toMatchObject({ code, path, line: expectedLine });
    if (message) expect(error!.message).toMatch(message);
    expect(INVENTORY_ERROR_CODES).toContain(error!.code);
  });

  it('leaves a malformed node out, reports all its problems, and keeps the others', () => {
    const bad = kubectlNode('b', {
      spec: { taints: [{ effect: 'NoSchedule' }], unschedulable: 1 },
      status: { images: 'none' },
    });
    const { nodes, errors } = readNodeInventory(asJson(list(kubectlNode('a'), bad, kubectlNode('c'))));
    expect(nodes.map((n) => n.name)).toEqual(['a', 'c']);
    expect(errors.map((e) => e.path)).toEqual([
      'items[1].spec.taints[0].key',
      'items[1].spec.unschedulable',
      'items[1].status.images',
    ]);
  });

  it('maxNodes: reads that many and reports the rest', () => {
    const { nodes, errors } = readNodeInventory(asJson(list(kubectlNode('a'), kubectlNode('b'), kubectlNode('c'))), {
      maxNodes: 2,
    });
    expect(nodes.map((n) => n.name)).toEqual(['a', 'b']);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'too-many-nodes',
        path: 'items[2]',
        message: expect.stringContaining('more than 2 nodes'),
      }),
    ]);
  });

  it.each([
    ['deep YAML', '['.repeat(100_000)],
    ['deep JSON', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
  ])('never throws: %s', (_label, text) => {
    expect(() => readNodeInventory(text)).not.toThrow();
    expect(readNodeInventory(text).nodes).toEqual([]);
  });
});

describe('readNodeInventory: size', () => {
  it('reads 5,000 nodes × 50 images of kubectl JSON quickly', () => {
    const nodes = Array.from({ length: 5000 }, (_, n) =>
      kubectlNode(`node-${n}`, {
        status: {
          images: Array.from({ length: 50 }, (_, i) => ({
            names: [
              `registry.example.com/team-${i % 7}/app-${(n + i) % 300}@sha256:${'a'.repeat(64)}`,
              `registry.example.com/team-${i % 7}/app-${(n + i) % 300}:1.${i}`,
            ],
            sizeBytes: 500_000_000 - i * 1_000_000,
          })),
          nodeInfo: { kubeletVersion: 'v1.34.2-eks-b707fbb' },
          conditions: [
            { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
          ],
        },
      }),
    );
    const text = asJson(list(...nodes));
    const started = performance.now();
    const read = readNodeInventory(text);
    const elapsed = performance.now() - started;
    expect(read.errors).toEqual([]);
    expect(read.nodes).toHaveLength(5000);
    // About 1 s here (2 cores, under load); the bound only catches a fall back to the YAML parser (tens of seconds).
    expect(elapsed).toBeLessThan(5000);
  });
});

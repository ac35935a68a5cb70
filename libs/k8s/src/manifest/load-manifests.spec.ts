import { describe, expect, it } from 'vitest';
import { loadManifests } from './index.js';

const STREAM = [
  '# leading comment', //                        1
  '---', //                                      2
  'apiVersion: v1', //                           3
  'kind: Service', //                            4
  'metadata: {name: web}', //                    5
  '---', //                                      6
  '# comment-only document', //                  7
  '---', //                                      8
  'apiVersion: apps/v1', //                      9
  'kind: Deployment', //                        10
  'metadata:', //                               11
  '  name: web', //                             12
  'spec:', //                                   13
  '  template:', //                             14
  '    spec:', //                               15
  '      containers:', //                       16
  '      - name: app', //                       17
  '        imagePullPolicy: Always', //         18
  '        image: "nginx:1.27"', //             19
  '      -   name: side', //                    20
  '          image: envoy', //                  21
  '---', //                                     22
  '', //                                        23
].join('\n');

describe('positions', () => {
  const result = loadManifests(STREAM);

  it('does not count empty documents', () => {
    expect(result.documents).toBe(2);
    expect(result.skipped).toEqual([{ document: 0, kind: 'Service', name: 'web' }]);
    expect(result.errors).toEqual([]);
  });

  it('gives the object start line and 1-based slot line/column', () => {
    const [workload] = result.workloads;
    expect(workload).toMatchObject({ document: 1, line: 9 });
    expect(workload!.slots.map((s) => [s.name, s.line, s.column, s.imageLine])).toEqual([
      ['app', 17, 9, 19],
      ['side', 20, 11, 21],
    ]);
  });

  it('reports flow-style (KYAML/JSON) positions at the opening brace', () => {
    const text = [
      '{',
      '  "kind": "Pod",',
      '  "spec": {"containers": [',
      '    {"name": "a",',
      '     "image": "x"}]}}',
    ].join('\n');
    const [workload] = loadManifests(text).workloads;
    expect(workload).toMatchObject({ line: 1 });
    expect(workload!.slots[0]).toMatchObject({ line: 4, column: 5, imageLine: 5 });
  });

  it('handles CRLF line endings', () => {
    const [workload] = loadManifests(
      'kind: Pod\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: x\r\n',
    ).workloads;
    expect(workload!.slots[0]).toMatchObject({ line: 4, column: 5, imageLine: 5 });
  });
});

describe('List unwrapping', () => {
  const text = [
    'apiVersion: v1', //                       1
    'kind: List', //                           2
    'items:', //                               3
    '- apiVersion: v1', //                     4
    '  kind: Service', //                      5
    '  metadata: {name: s}', //                6
    '- apiVersion: v1', //                     7
    '  kind: Pod', //                          8
    '  metadata: {name: p, labels: {a: b}}', //9
    '  spec:', //                             10
    '    containers:', //                     11
    '    - {name: c, image: 5}', //           12
    '---', //                                 13
    'kind: Pod', //                           14
    'metadata: {name: after}', //             15
    'apiVersion: v1', //                      16
    'spec: {containers: [{name: c, image: nginx}]}', // 17
  ].join('\n');
  const result = loadManifests(text);

  it('keeps the List document index and prefixes every path with items[i]', () => {
    expect(result.documents).toBe(2);
    expect(result.skipped).toEqual([{ document: 0, kind: 'Service', name: 's' }]);
    expect(result.workloads.map((w) => [w.document, w.name, w.line, w.podSpecPath])).toEqual([
      [0, 'p', 7, 'items[1].spec'],
      [1, 'after', 14, 'spec'],
    ]);
    expect(result.workloads[0]!.slots[0]).toMatchObject({ path: 'items[1].spec.containers[0]', line: 12, image: null });
    expect(result.workloads[0]!.labels).toEqual({ a: 'b' });
  });

  it('reports errors inside items with the items[i] path', () => {
    expect(result.errors).toEqual([
      {
        code: 'wrong-type',
        document: 0,
        path: 'items[1].spec.containers[0].image',
        line: 12,
        column: 24,
        message: 'items[1].spec.containers[0].image must be a string, found a number',
      },
    ]);
  });

  it('unwraps typed lists such as PodList and reports items that are not objects', () => {
    const typed = loadManifests(
      'apiVersion: v1\nkind: PodList\nitems:\n- kind: Pod\n  apiVersion: v1\n  metadata: {name: x}\n  spec: {containers: [{name: c, image: nginx}]}\n- 42\n',
    );
    expect(typed.workloads.map((w) => w.name)).toEqual(['x']);
    expect(typed.errors).toEqual([
      {
        code: 'wrong-type',
        document: 0,
        path: 'items[1]',
        line: 8,
        column: 3,
        message: 'items[1] must be a mapping (a Kubernetes object), found a number',
      },
    ]);
  });

  // kubectl unwraps only an object with `items` (unstructured IsList); anything else is mapped by its kind, and no
  // API group serves List kinds, so the API server never sees it: kubectl stops with the RESTMapper's error.
  it('refuses a List without items as kubectl does: no group serves the List kind', () => {
    const result = loadManifests('apiVersion: v1\nkind: List\n');
    expect(result.skipped).toEqual([]);
    expect(result.errors).toEqual([
      {
        code: 'unknown-kind',
        document: 0,
        path: 'kind',
        line: 2,
        column: 7,
        message: 'no matches for kind "List" in version "v1"',
      },
    ]);
  });
});

describe('input forms', () => {
  it('reads JSON text', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'j' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    const result = loadManifests(json);
    expect(result.workloads[0]).toMatchObject({ name: 'j', line: 1 });
    expect(result.workloads[0]!.slots[0]).toMatchObject({ line: 1, image: 'x' });
  });

  it('reads JSON text indented with tabs', () => {
    const json = JSON.stringify({ kind: 'Pod', spec: { containers: [{ name: 'c', image: 'x' }] } }, null, '\t');
    expect(loadManifests(json).workloads[0]!.slots[0]).toMatchObject({ image: 'x', line: 5 });
  });

  it('renders an object as pretty JSON, positions refer to that rendering', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'o' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    };
    // JSON.stringify(object, null, 2): `{` line 1 … `"containers": [` line 8, `{` line 9, `"image"` line 11.
    const result = loadManifests(object);
    expect(result.documents).toBe(1);
    expect(result.workloads[0]).toMatchObject({ document: 0, name: 'o', line: 1 });
    expect(result.workloads[0]!.slots[0]).toMatchObject({ line: 9, column: 7, imageLine: 11 });
  });

  it('loads an array as one document per element, each rendered on its own', () => {
    const pod = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    const result = loadManifests([pod('a'), { apiVersion: 'v1', kind: 'Service' }, null, pod('b')]);
    expect(result.documents).toBe(4);
    expect(result.workloads.map((w) => [w.document, w.name, w.line])).toEqual([
      [0, 'a', 1],
      [3, 'b', 1],
    ]);
    expect(result.skipped).toEqual([{ document: 1, kind: 'Service', name: null }]);
    expect(result.errors).toEqual([
      {
        code: 'not-an-object',
        document: 2,
        path: null,
        line: 1,
        column: 1,
        message: 'document 2 is null: a Kubernetes object must be a mapping with apiVersion and kind',
      },
    ]);
  });

  it('reports values JSON cannot render', () => {
    const circular: Record<string, unknown> = { kind: 'Pod', spec: {} };
    (circular.spec as Record<string, unknown>).self = circular;
    const pod = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'x' }] } };
    const result = loadManifests([circular, pod, 10n]);
    expect(result.documents).toBe(3);
    expect(result.workloads.map((w) => w.document)).toEqual([1]);
    expect(result.errors.map((e) => [e.document, e.path, e.message])).toEqual([
      [0, 'spec.self', 'document 0 cannot be rendered as JSON: spec.self contains itself (a circular reference)'],
      [2, null, 'document 2 cannot be rendered as JSON: Do not know how to serialize a BigInt'],
    ]);
  });

  it('decodes bytes as UTF-8 text', () => {
    const result = loadManifests(new TextEncoder().encode('kind: Pod\nmetadata: {name: bytes}\n'));
    expect(result.workloads[0]!.name).toBe('bytes');
  });

  it('treats an empty string, an empty array and a comment as no documents', () => {
    for (const input of ['', [], '# nothing\n---\n', '---\n---\n']) {
      expect(loadManifests(input)).toEqual({ documents: 0, workloads: [], skipped: [], unread: [], errors: [] });
    }
  });
});

describe('anchors and merge keys', () => {
  it('resolves aliases and applies << merge keys, explicit keys winning', () => {
    const text = [
      'kind: Pod',
      'metadata:',
      '  name: m',
      '  labels: &common {team: a, tier: web}',
      'spec:',
      '  containers:',
      '  - &base',
      '    name: base',
      '    image: base:1',
      '    imagePullPolicy: IfNotPresent',
      '  - <<: *base',
      '    name: derived',
      '    image: derived:2',
      '  - *base',
      '  initContainers:',
      '  - <<: [{name: first, image: f:1}, {image: ignored, imagePullPolicy: Never}]',
      'apiVersion: v1',
    ].join('\n');
    const result = loadManifests(text);
    expect(result.errors).toEqual([]);
    expect(result.workloads[0]!.objectLabels).toEqual({ team: 'a', tier: 'web' });
    expect(result.workloads[0]!.slots.map((s) => [s.path, s.name, s.image, s.declaredPolicy, s.line])).toEqual([
      ['spec.initContainers[0]', 'first', 'f:1', 'Never', 16],
      ['spec.containers[0]', 'base', 'base:1', 'IfNotPresent', 8],
      ['spec.containers[1]', 'derived', 'derived:2', 'IfNotPresent', 11],
      // An alias has the position of the node it stands for.
      ['spec.containers[2]', 'base', 'base:1', 'IfNotPresent', 8],
    ]);
  });

  it('merges labels without overriding explicit ones', () => {
    const text = 'x: &l {a: "1", b: "2"}\nkind: Pod\nmetadata:\n  labels: {<<: *l, b: "3", c: "4"}\n';
    expect(loadManifests(text).workloads[0]!.objectLabels).toEqual({ b: '3', c: '4', a: '1' });
  });
});

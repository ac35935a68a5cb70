import { describe, expect, it } from 'vitest';
import { loadManifests, type ManifestError } from './index.js';

// A pod spec needs a container, or the API server refuses the Pod (required-containers.ts).
const CONTAINERS = 'spec: {containers: [{name: c, image: nginx}]}\n';
const POD_A = `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n${CONTAINERS}`;
const POD_B = `apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n${CONTAINERS}`;
const unknownPodField = (path: string) =>
  `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "${path}"`;

describe('syntax errors', () => {
  it('reports a broken document with its index and position and still loads the others', () => {
    const text = `${POD_A}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed}\n---\n${POD_B}`;
    const result = loadManifests(text);
    expect(result.documents).toBe(3);
    expect(result.workloads.map((w) => [w.document, w.name])).toEqual([
      [0, 'a'],
      [2, 'b'],
    ]);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(error).toMatchObject({ document: 1, path: null });
      expect(error.line).toBeGreaterThanOrEqual(8);
      expect(error.message).not.toMatch(/\n|at line|\bat\b.*\.js/);
    }
  });

  it('rejects duplicate keys as yaml does', () => {
    const result = loadManifests('kind: Pod\nmetadata:\n  name: a\n  name: b\n');
    expect(result.workloads).toEqual([]);
    expect(result.errors).toEqual([
      { code: 'duplicate-key', document: 0, path: null, line: 4, column: 3, message: 'Map keys must be unique' },
    ]);
  });

  it.each([
    ['a scalar', 'just text\n', 'a string'],
    ['a number', '42\n', 'a number'],
    ['a list', '- kind: Pod\n', 'a list'],
    ['null', '~\n', 'null'],
  ])('reports a document that is %s', (_name, text, found) => {
    const result = loadManifests(`${POD_A}---\n${text}`);
    expect(result.documents).toBe(2);
    expect(result.workloads).toHaveLength(1);
    expect(result.errors).toEqual([
      {
        code: 'not-an-object',
        document: 1,
        path: null,
        line: 6,
        column: 1,
        message: `document 1 is ${found}: a Kubernetes object must be a mapping with apiVersion and kind`,
      },
    ]);
  });
});

describe('wrong shapes', () => {
  const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
  const CASES: Array<[string, string, Partial<ManifestError>]> = [
    [
      'containers not a list',
      '  containers: {name: a}\n',
      { path: 'spec.containers', line: 5, column: 15, message: 'spec.containers must be a list, found a mapping' },
    ],
    [
      'a container that is not a mapping',
      '  containers:\n  - nginx\n',
      {
        path: 'spec.containers[0]',
        line: 6,
        column: 5,
        message: 'spec.containers[0] must be a mapping (a container), found a string',
      },
    ],
    [
      'image not a string',
      '  containers:\n  - name: a\n    image: [x]\n',
      {
        path: 'spec.containers[0].image',
        line: 7,
        column: 12,
        message: 'spec.containers[0].image must be a string, found a list',
      },
    ],
    [
      'imagePullPolicy not a string',
      '  containers:\n  - name: a\n    imagePullPolicy: true\n',
      {
        path: 'spec.containers[0].imagePullPolicy',
        line: 7,
        message: 'spec.containers[0].imagePullPolicy must be a string, found a boolean',
      },
    ],
    [
      'a volume image that is not a mapping',
      '  containers: [{name: a, image: nginx}]\n  volumes:\n  - name: v\n    image: quay.io/x\n',
      { path: 'spec.volumes[0].image', line: 8, message: 'spec.volumes[0].image must be a mapping, found a string' },
    ],
    [
      'pull secrets not a list',
      '  containers: [{name: a, image: nginx}]\n  imagePullSecrets: regcred\n',
      { path: 'spec.imagePullSecrets', line: 6, message: 'spec.imagePullSecrets must be a list, found a string' },
    ],
    ['spec not a mapping', '  - a\n', { path: 'spec', line: 5, message: 'spec must be a mapping, found a list' }],
  ];

  it.each(CASES)('%s', (_name, spec, expected) => {
    const result = loadManifests(pod(spec));
    expect(result.errors).toEqual([expect.objectContaining({ document: 0, ...expected })]);
    // The workload itself is still reported.
    expect(result.workloads).toHaveLength(1);
  });

  it('keeps a slot whose image has the wrong type, with image null', () => {
    const result = loadManifests(pod('  containers:\n  - name: a\n    image: 1.5\n    imagePullPolicy: 3\n'));
    expect(result.workloads[0]!.slots[0]).toMatchObject({
      name: 'a',
      image: null,
      imageLine: null,
      declaredPolicy: null,
    });
    expect(result.errors.map((e) => e.path)).toEqual([
      'spec.containers[0].image',
      'spec.containers[0].imagePullPolicy',
    ]);
  });

  it('reports metadata and label problems on workloads', () => {
    const result = loadManifests(
      `kind: Pod\nmetadata:\n  name: 7\n  labels: {app.kubernetes.io/name: 1, ok: "y"}\napiVersion: v1\n${CONTAINERS}`,
    );
    expect(result.workloads[0]).toMatchObject({ name: '<unnamed>', objectLabels: { ok: 'y' } });
    expect(result.errors.map((e) => [e.path, e.line])).toEqual([
      ['metadata.labels[app.kubernetes.io/name]', 4],
      ['metadata.name', 3],
    ]);
  });

  it('reports a kind that is not a string and nothing else for that object', () => {
    const result = loadManifests('kind: [Pod]\nspec: {}\n');
    expect(result).toMatchObject({ documents: 1, workloads: [], skipped: [] });
    expect(result.errors).toEqual([
      {
        code: 'wrong-type',
        document: 0,
        path: 'kind',
        line: 1,
        column: 7,
        message: 'kind must be a string, found a list',
      },
    ]);
  });

  it('does not report shape problems in objects it skips', () => {
    expect(loadManifests('kind: ConfigMap\nmetadata: 5\ndata: [1]\napiVersion: v1\n').errors).toEqual([]);
  });
});

describe('aliases and limits', () => {
  const BILLION_LAUGHS = [
    'kind: Pod',
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    'apiVersion: v1',
  ].join('\n');

  it('rejects a billion laughs quickly, with the document and position', () => {
    const started = performance.now();
    const result = loadManifests(`${BILLION_LAUGHS}\n---\n${POD_B}`);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.workloads.map((w) => w.name)).toEqual(['b']);
    expect(result.errors).toEqual([
      {
        code: 'too-many-aliases',
        document: 0,
        // b needs 9 expansions, c 9 × (1 + 9) = 90 more; the first *c crosses 100.
        path: 'd[0]',
        line: 5,
        column: 8,
        message: 'aliases expand more than 100 times (excessive aliasing, as in a "billion laughs" attack)',
      },
    ]);
  });

  it('honours maxAliasCount: 0 forbids aliases, -1 disables the check', () => {
    const text = 'x: &x nginx\nkind: Pod\nspec: {containers: [{name: a, image: *x}]}\napiVersion: v1\n';
    expect(loadManifests(text).workloads[0]!.slots[0]!.image).toBe('nginx');
    expect(loadManifests(text, { maxAliasCount: 0 }).errors[0]).toMatchObject({
      path: 'spec.containers[0].image',
      line: 3,
    });
    // Without the check the document is read: what is left is what the API server refuses in it (no alias error).
    expect(loadManifests(BILLION_LAUGHS, { maxAliasCount: -1 }).errors.map((e) => [e.path, e.message])).toEqual([
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((f) => [f, unknownPodField(f)]),
      ['spec.containers', 'spec.containers: Required value'],
    ]);
  });

  it('rejects unknown and self-referencing aliases', () => {
    expect(loadManifests('kind: Pod\nspec: *nope\n').errors).toEqual([
      {
        code: 'unknown-alias',
        document: 0,
        path: 'spec',
        line: 2,
        column: 7,
        message: 'alias *nope has no anchor &nope before it',
      },
    ]);
    expect(loadManifests('kind: Pod\nspec: &s {containers: *s}\n').errors[0]).toMatchObject({
      path: 'spec.containers',
      message: 'alias *s refers to a node that contains it',
    });
    expect(loadManifests('&m {kind: Pod, <<: *m}\n').errors[0]!.message).toBe(
      'alias *m refers to a node that contains it',
    );
  });

  it('rejects a merge key whose value is not a mapping', () => {
    expect(loadManifests('kind: Pod\nmetadata: {<<: 5}\n').errors[0]).toMatchObject({
      path: 'metadata.<<',
      message: 'a merge key << needs a mapping or a list of mappings',
    });
  });

  it('stops at maxDocuments with an error', () => {
    const result = loadManifests(`${POD_A}---\n${POD_B}---\n# empty\n---\nkind: Pod\n`, { maxDocuments: 2 });
    expect(result.documents).toBe(2);
    expect(result.workloads).toHaveLength(2);
    expect(result.errors).toEqual([
      {
        code: 'too-many-documents',
        document: 2,
        path: null,
        line: 13,
        column: 1,
        message: 'more than 2 documents; the rest of the input was not loaded',
      },
    ]);
    const pod = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const objects = loadManifests([pod, pod, pod], { maxDocuments: 1 });
    expect(objects.documents).toBe(1);
    expect(objects.errors).toEqual([
      {
        code: 'too-many-documents',
        document: 1,
        path: null,
        line: null,
        column: null,
        message: 'more than 1 documents; the rest of the input was not loaded',
      },
    ]);
  });

  it('rejects nesting deeper than maxDepth, also through aliases', () => {
    const deep = `kind: Pod\napiVersion: v1\n${CONTAINERS}x: ${'['.repeat(150)}${']'.repeat(150)}\n`;
    expect(loadManifests(deep).errors).toEqual([
      expect.objectContaining({ document: 0, message: 'nesting is deeper than 100 levels' }),
    ]);
    // Within the limit the document is read, and only the unknown field is refused (strict decoding).
    expect(loadManifests(deep, { maxDepth: 200 }).errors.map((e) => [e.path, e.message])).toEqual([
      ['x', unknownPodField('x')],
    ]);
    const viaAlias = `a: &a [[[[x]]]]\nkind: Pod\nb: [[*a]]\napiVersion: v1\n${CONTAINERS}`;
    // root map, b, [ ] and then the four levels of a: 7.
    expect(loadManifests(viaAlias, { maxDepth: 7 }).errors.map((e) => [e.path, e.message])).toEqual([
      ['a', unknownPodField('a')],
      ['b', unknownPodField('b')],
    ]);
    expect(loadManifests(viaAlias, { maxDepth: 6 }).errors[0]).toMatchObject({
      path: 'b[0][0]',
      message: 'nesting is deeper than 6 levels (through alias *a)',
    });
  });

  it('survives nesting that overflows the yaml composer', () => {
    const result = loadManifests('['.repeat(20000));
    expect(result.documents).toBe(1);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

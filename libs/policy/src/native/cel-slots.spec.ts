import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@bufbuild/cel';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { WORKLOAD_KINDS, evaluateManifests, loadManifests, workloadKind } from '#k8s';
import { CEL_SLOT_KEYS, slotVariables, type CelSlot } from './cel-slots.js';
import { apiServerDefaults, evaluateVariables, pullwiseSlot } from './cel-test-harness.js';
import { toCelJson } from './cel-test-harness.js';
import { celString } from './cel-values.js';

const VARIABLES = slotVariables();

function celSlots(object: unknown): CelSlot[] {
  return evaluateVariables(VARIABLES, object).slots as CelSlot[];
}

/** The CEL slots of the object as written and as the API server hands it over: both must be `expected`. */
function expectSlots(object: unknown, expected: CelSlot[]): void {
  expect(celSlots(object)).toEqual(expected);
  // Defaulting fills `written`; everything else must not move.
  const defaulted = celSlots(apiServerDefaults(object));
  expect(defaulted.map(({ written: _, ...rest }) => rest)).toEqual(expected.map(({ written: _, ...rest }) => rest));
  for (const [i, s] of defaulted.entries()) {
    expect(s.written).toBe(expected[i]!.written === '' ? expected[i]!.effective : expected[i]!.written);
  }
}

/** An object of `kind` whose pod spec (at the libs/k8s WORKLOAD_KINDS path) is `spec`. */
function workload(kind: string, spec: unknown, apiVersion?: string): Record<string, unknown> {
  const path = WORKLOAD_KINDS[kind]?.podSpecPath ?? ['spec'];
  let node: unknown = spec;
  for (const field of [...path].reverse()) node = { [field]: node };
  const version = apiVersion ?? { '': 'v1', apps: 'apps/v1', batch: 'batch/v1' }[WORKLOAD_KINDS[kind]?.groups[0] ?? ''];
  return { apiVersion: version, kind, metadata: { name: 'w' }, ...(node as object) };
}

const DIGEST = `sha256:${'a'.repeat(64)}`;

/** One slot of every type, each with something different to read. */
const FULL_SPEC = {
  initContainers: [{ name: 'init', image: 'busybox:1.36', imagePullPolicy: 'Never' }],
  containers: [
    { name: 'web', image: 'nginx' },
    { name: 'side', image: `GHCR.IO:443/acme/side:latest@${DIGEST}`, imagePullPolicy: 'IfNotPresent' },
  ],
  ephemeralContainers: [{ name: 'debug', image: 'registry-1.docker.io/busybox' }],
  volumes: [
    { name: 'cfg', configMap: { name: 'x' } },
    { name: 'models', image: { reference: 'quay.io/acme/models:v1', pullPolicy: 'Always' } },
    { name: 'data', image: { reference: 'localhost:5000/data' } },
  ],
};

const FULL_EXPECTED: CelSlot[] = [
  pullwiseSlot('initContainer', 'init', 'busybox:1.36', 'Never'),
  pullwiseSlot('container', 'web', 'nginx', ''),
  pullwiseSlot('container', 'side', `GHCR.IO:443/acme/side:latest@${DIGEST}`, 'IfNotPresent'),
  pullwiseSlot('ephemeralContainer', 'debug', 'registry-1.docker.io/busybox', ''),
  pullwiseSlot('imageVolume', 'models', 'quay.io/acme/models:v1', 'Always'),
  pullwiseSlot('imageVolume', 'data', 'localhost:5000/data', ''),
];

describe('cel-slots: variables.slots for every workload kind and slot type', () => {
  it('pullwise reads the full spec as expected (the oracle itself)', () => {
    expect(FULL_EXPECTED.map((s) => [s.slot, s.name_ref, s.tag, s.digest, s.effective])).toEqual([
      ['initContainer', 'docker.io/library/busybox', '1.36', '', 'Never'],
      ['container', 'docker.io/library/nginx', 'latest', '', 'Always'],
      ['container', 'ghcr.io/acme/side', 'latest', DIGEST, 'IfNotPresent'],
      ['ephemeralContainer', 'docker.io/library/busybox', 'latest', '', 'Always'],
      ['imageVolume', 'quay.io/acme/models', 'v1', '', 'Always'],
      ['imageVolume', 'localhost:5000/data', 'latest', '', 'Always'],
    ]);
  });

  it.each(Object.keys(WORKLOAD_KINDS))('%s: every slot type, in pullwise order', (kind) => {
    const object = workload(kind, FULL_SPEC);
    expectSlots(object, FULL_EXPECTED);
    // pullwise's own extraction agrees on the object.
    const [w] = loadManifests([object]).workloads;
    expect(w!.slots.map((s) => [s.type, s.name, s.image])).toEqual(FULL_EXPECTED.map((s) => [s.slot, s.name, s.image]));
    // variables.spec is the pod spec itself.
    expect(evaluateVariables(VARIABLES, object).spec).toEqual(toCelJson(FULL_SPEC));
  });

  it.each(Object.entries(WORKLOAD_KINDS).flatMap(([kind, w]) => w.groups.map((g) => [kind, g] as const)))(
    '%s in group "%s", any version, is read',
    (kind, group) => {
      const apiVersion = group === '' ? 'v1' : `${group}/v1beta1`;
      expect(celSlots(workload(kind, FULL_SPEC, apiVersion))).toHaveLength(FULL_EXPECTED.length);
    },
  );

  it.each([
    ['Deployment in a custom group', workload('Deployment', FULL_SPEC, 'example.com/v1')],
    ['StatefulSet in extensions', workload('StatefulSet', FULL_SPEC, 'extensions/v1beta1')],
    ['Pod in apps', workload('Pod', FULL_SPEC, 'apps/v1')],
    ['a ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', data: { spec: 'x' } }],
    ['a Service with a spec', { apiVersion: 'v1', kind: 'Service', spec: { containers: [{ image: 'x' }] } }],
    ['no kind', { apiVersion: 'v1', spec: FULL_SPEC }],
    ['an empty object', {}],
  ])('%s has no slots, and no error', (_, object) => {
    expect(celSlots(object)).toEqual([]);
    expect(loadManifests([object]).workloads.flatMap((w) => w.slots)).toEqual([]);
    expect(evaluateVariables(VARIABLES, object).spec).toEqual({});
  });

  it('a workload kind without apiVersion is matched on kind alone (libs/k8s workloadKind)', () => {
    const { apiVersion: _, ...object } = workload('Deployment', FULL_SPEC);
    expectSlots(object, FULL_EXPECTED);
  });

  it.each([
    ['Pod without spec', { apiVersion: 'v1', kind: 'Pod' }],
    ['Deployment without spec', { apiVersion: 'apps/v1', kind: 'Deployment' }],
    ['Deployment without template', { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 1 } }],
    ['Job whose template has no spec', { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { metadata: {} } } }],
    ['CronJob without jobTemplate.spec', { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: {} } }],
    ['PodTemplate without template', { apiVersion: 'v1', kind: 'PodTemplate' }],
    ['an empty pod spec', workload('StatefulSet', {})],
    ['empty lists', workload('Pod', { containers: [], initContainers: [], volumes: [] })],
    ['only non-image volumes', workload('Pod', { volumes: [{ name: 'e', emptyDir: {} }] })],
  ])('missing levels and lists give no slots: %s', (_, object) => {
    expectSlots(object, []);
  });

  it('missing fields inside a slot read as empty strings (an image volume without reference, a nameless container)', () => {
    const object = workload('Deployment', {
      containers: [{ image: 'nginx:1.27' }, { name: 'noimage' }],
      volumes: [{ name: 'later', image: {} }, { image: { reference: 'x/y' } }],
    });
    expectSlots(object, [
      pullwiseSlot('container', '', 'nginx:1.27', ''),
      pullwiseSlot('container', 'noimage', '', ''),
      pullwiseSlot('imageVolume', 'later', '', ''),
      pullwiseSlot('imageVolume', '', 'x/y', ''),
    ]);
    expect(celSlots(object)[1]).toMatchObject({ valid: false, host: '', tag: '', effective: 'IfNotPresent' });
  });

  it('JSON nulls read as absent, as the API server decodes them', () => {
    const object = workload('Pod', {
      initContainers: null,
      containers: [{ name: 'a', image: 'nginx', imagePullPolicy: null }],
      volumes: null,
    });
    expectSlots(object, [pullwiseSlot('container', 'a', 'nginx', '')]);
  });

  it('every slot map has exactly the documented keys', () => {
    for (const s of celSlots(workload('Pod', FULL_SPEC)))
      expect(Object.keys(s).sort()).toEqual([...CEL_SLOT_KEYS].sort());
  });
});

describe('cel-slots: reading references as pullwise does', () => {
  const hex64 = 'f'.repeat(64);
  // [image, host, repository, tag, digest, valid]
  const CASES: Array<[string, string, string, string, string, boolean]> = [
    ['nginx', 'docker.io', 'library/nginx', 'latest', '', true],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', '', true],
    ['nginx:LATEST', 'docker.io', 'library/nginx', 'LATEST', '', true],
    [`nginx@${DIGEST}`, 'docker.io', 'library/nginx', '', DIGEST, true],
    [`nginx:latest@${DIGEST}`, 'docker.io', 'library/nginx', 'latest', DIGEST, true],
    ['acme/app', 'docker.io', 'acme/app', 'latest', '', true],
    ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', '', true],
    ['index.docker.io/nginx', 'docker.io', 'library/nginx', 'latest', '', true],
    ['registry-1.docker.io/nginx', 'docker.io', 'library/nginx', 'latest', '', true],
    ['DOCKER.IO/nginx', 'docker.io', 'library/nginx', 'latest', '', true],
    ['docker.io:443/acme/app', 'docker.io', 'acme/app', 'latest', '', true],
    ['registry-1.docker.io:5000/nginx', 'registry-1.docker.io:5000', 'nginx', 'latest', '', true],
    ['GHCR.IO/acme/app:v1', 'ghcr.io', 'acme/app', 'v1', '', true],
    ['ghcr.io:443/acme/app', 'ghcr.io', 'acme/app', 'latest', '', true],
    ['ghcr.io:000443/acme/app', 'ghcr.io', 'acme/app', 'latest', '', true],
    ['ghcr.io:0080/acme/app', 'ghcr.io:80', 'acme/app', 'latest', '', true],
    ['ghcr.io:0/acme/app', 'ghcr.io:0', 'acme/app', 'latest', '', true],
    ['ghcr.io:000/acme/app', 'ghcr.io:0', 'acme/app', 'latest', '', true],
    ['ghcr.io:0000000000000000000000005000/a', 'ghcr.io:5000', 'a', 'latest', '', true],
    ['localhost/app', 'localhost', 'app', 'latest', '', true],
    ['localhost:5000/app:1', 'localhost:5000', 'app', '1', '', true],
    ['localhost:5000', 'docker.io', 'library/localhost', '5000', '', true],
    ['LocalHost/app', 'localhost', 'app', 'latest', '', true],
    ['127.0.0.1:5000/app', '127.0.0.1:5000', 'app', 'latest', '', true],
    ['[::1]:5000/app', '[::1]:5000', 'app', 'latest', '', true],
    ['[::1]/app', '[::1]', 'app', 'latest', '', true],
    ['[FE80::1]:443/app', '[fe80::1]', 'app', 'latest', '', true],
    ['my-registry/app', 'docker.io', 'my-registry/app', 'latest', '', true],
    ['MyRegistry/app', 'myregistry', 'app', 'latest', '', true],
    ['a_b.com/foo', '', 'a_b.com/foo', 'latest', '', true],
    ['a__b.c/d/e:t', '', 'a__b.c/d/e', 't', '', true],
    [`quay.io/a/b@sha512:${'0'.repeat(128)}`, 'quay.io', 'a/b', '', `sha512:${'0'.repeat(128)}`, true],
    [`x${'a'.repeat(246)}`, 'docker.io', `library/x${'a'.repeat(246)}`, 'latest', '', true],
    [`x${'a'.repeat(247)}`, '', '', '', '', false],
    [`ghcr.io/${'a'.repeat(255)}`, 'ghcr.io', 'a'.repeat(255), 'latest', '', true],
    [`ghcr.io/${'a'.repeat(256)}`, '', '', '', '', false],
    [`registry-1.docker.io/${'a'.repeat(250)}`, 'docker.io', `library/${'a'.repeat(250)}`, 'latest', '', true],
    [`index.docker.io/${'a'.repeat(250)}`, '', '', '', '', false],
    [`docker.io/${'a'.repeat(248)}`, '', '', '', '', false],
    [`docker.io/${'a'.repeat(247)}`, 'docker.io', `library/${'a'.repeat(247)}`, 'latest', '', true],
    [`DOCKER.IO/${'a'.repeat(250)}`, 'docker.io', `library/${'a'.repeat(250)}`, 'latest', '', true],
    [`nginx:${'t'.repeat(128)}`, 'docker.io', 'library/nginx', 't'.repeat(128), '', true],
    [`nginx:${'t'.repeat(129)}`, '', '', '', '', false],
    ['', '', '', '', '', false],
    ['Nginx', '', '', '', '', false],
    ['ghcr.io/Acme/app', '', '', '', '', false],
    ['A_B/foo', '', '', '', '', false],
    ['foo_bar:5000/x', '', '', '', '', false],
    ['nginx:', '', '', '', '', false],
    ['nginx:1:2', '', '', '', '', false],
    ['http://x/y', '', '', '', '', false],
    [' nginx', '', '', '', '', false],
    ['nginx\n', '', '', '', '', false],
    [hex64, '', '', '', '', false],
    [`${hex64}:tag`, 'docker.io', `library/${hex64}`, 'tag', '', true],
    ['nginx@sha256:abc', '', '', '', '', false],
    [`nginx@SHA256:${'a'.repeat(64)}`, '', '', '', '', false],
    [`nginx@sha256:${'A'.repeat(64)}`, '', '', '', '', false],
    [`nginx@md5:${'a'.repeat(32)}`, '', '', '', '', false],
    [`nginx@sha256:${'a'.repeat(64)}@x`, '', '', '', '', false],
    ['ko://github.com/acme/app', '', '', '', '', false],
    ['nginx@', '', '', '', '', false],
    ['n\u0130nx', '', '', '', '', false],
    ['\u212Aube/app', '', '', '', '', false],
  ];

  it.each(CASES)('%j', (image, host, repository, tag, digest, valid) => {
    const expected = pullwiseSlot('container', 'c', image, '');
    // The table is pullwise's reading; the CEL must give the same.
    expect([expected.host, expected.repository, expected.tag, expected.digest, expected.valid]).toEqual([
      host,
      repository,
      tag,
      digest,
      valid,
    ]);
    expectSlots(workload('Pod', { containers: [{ name: 'c', image }] }), [expected]);
  });

  it('ports past 2^53 keep their digits (known difference: libs/k8s canonicalRegistryHost rounds them through a JS number)', () => {
    const object = workload('Pod', {
      containers: [
        { name: 'a', image: 'ghcr.io:9007199254740993/a' },
        { name: 'b', image: 'ghcr.io:0001000000000000000000000/a' },
      ],
    });
    expect(celSlots(object).map((s) => s.host)).toEqual(['ghcr.io:9007199254740993', 'ghcr.io:1000000000000000000000']);
  });

  it.each([
    ['', 'nginx', 'Always'],
    ['', 'nginx:latest', 'Always'],
    ['', `nginx:latest@${DIGEST}`, 'Always'],
    ['', `nginx@${DIGEST}`, 'IfNotPresent'],
    ['', 'nginx:Latest', 'IfNotPresent'],
    ['', 'Nginx:latest', 'IfNotPresent'],
    ['', '', 'IfNotPresent'],
    ['Never', 'nginx', 'Never'],
    ['IfNotPresent', 'nginx:latest', 'IfNotPresent'],
    ['Always', 'nginx:1', 'Always'],
    ['always', 'nginx', 'Always'],
    ['always', 'nginx:1', 'IfNotPresent'],
    [' Never', 'nginx:1', 'IfNotPresent'],
  ])('written %j on %j: effective %s', (written, image, effective) => {
    const container = { name: 'c', image, ...(written === '' ? {} : { imagePullPolicy: written }) };
    const volume = { name: 'v', image: { reference: image, ...(written === '' ? {} : { pullPolicy: written }) } };
    const object = workload('CronJob', { containers: [container], volumes: [volume] });
    const expected = [pullwiseSlot('container', 'c', image, written), pullwiseSlot('imageVolume', 'v', image, written)];
    expect(expected.map((s) => s.effective)).toEqual([effective, effective]);
    expectSlots(object, expected);
  });
});

// --- the expressions themselves -----------------------------------------------------------------------------------

type Expr = ReturnType<typeof parse>['expr'];

/** Comprehensions (map, filter, all, exists) nested in another comprehension's loop, anywhere in `e`. */
function nestedComprehensions(e: Expr | undefined, inLoop: boolean): number {
  if (!e) return 0;
  const k = e.exprKind;
  switch (k.case) {
    case 'comprehensionExpr': {
      const c = k.value;
      const here = inLoop ? 1 : 0;
      return (
        here +
        nestedComprehensions(c.iterRange, inLoop) +
        nestedComprehensions(c.accuInit, inLoop) +
        nestedComprehensions(c.loopCondition, true) +
        nestedComprehensions(c.loopStep, true) +
        nestedComprehensions(c.result, inLoop)
      );
    }
    case 'callExpr':
      return (
        nestedComprehensions(k.value.target, inLoop) +
        k.value.args.reduce((n, a) => n + nestedComprehensions(a, inLoop), 0)
      );
    case 'selectExpr':
      return nestedComprehensions(k.value.operand, inLoop);
    case 'listExpr':
      return k.value.elements.reduce((n, a) => n + nestedComprehensions(a, inLoop), 0);
    case 'structExpr':
      return k.value.entries.reduce(
        (n, en) =>
          n +
          (en.keyKind.case === 'mapKey' ? nestedComprehensions(en.keyKind.value, inLoop) : 0) +
          nestedComprehensions(en.value, inLoop),
        0,
      );
    default:
      return 0;
  }
}

describe('cel-slots: the expressions', () => {
  it('are in dependency order, and name the variables rules read', () => {
    const names = VARIABLES.map((v) => v.name);
    expect(names).toContain('spec');
    expect(names[names.length - 1]).toBe('slots');
    for (const [i, v] of VARIABLES.entries()) {
      for (const [, used] of v.expression.matchAll(/variables\.(\w+)/g)) expect(names.slice(0, i)).toContain(used);
    }
  });

  it('use only CEL the API server and @bufbuild/cel share (no optionals, cel.bind, two-variable macros, k8s libraries)', () => {
    for (const { expression } of VARIABLES) {
      // String literals removed first: regexes contain `?:` and `.`.
      const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(code).not.toMatch(
        /\?\.|\.\?|\.orValue|optional\.|cel\.bind|\.reverse\(|\.find\(|\.findAll\(|url\(|quantity\(|isSorted|sets\./,
      );
      expect(code).not.toMatch(/\.(?:all|exists|exists_one|map|filter)\(\s*\w+\s*,\s*\w+\s*,\s*\w+\s*,/);
    }
  });

  it('are single passes: no comprehension runs inside another one', () => {
    for (const { name, expression } of VARIABLES) {
      const parsed = parse(expression);
      expect(nestedComprehensions(parsed.expr, false), name).toBe(0);
    }
  });

  it('quote every regex as a CEL string that reads back as itself', () => {
    for (const { expression } of VARIABLES) {
      for (const [literal] of expression.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
        const text = JSON.parse(literal) as string;
        expect(celString(text)).toBe(literal);
      }
    }
  });
});

// --- the corpus ---------------------------------------------------------------------------------------------------

// The corpus lives in shared/ beside the clone (as for libs/k8s manifest/corpus.spec.ts; the same layout in CI).
const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/corpus');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'LICENSES' ? [] : corpusFiles(path);
    return /\.(ya?ml|json)$/.test(d.name) ? [path] : [];
  });
}

/** Every object of a stream: documents, and the items of List documents (libs/k8s isListKind: one level). */
function objectsOf(text: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text, { merge: true, uniqueKeys: false })) {
    if (doc.errors.length > 0) continue;
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const o = value as Record<string, unknown>;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) out.push(...o.items);
    else out.push(o);
  }
  return out;
}

describe('cel-slots: every corpus manifest, object by object, against pullwise', () => {
  const files = corpusFiles(CORPUS);
  const seen = { workloads: 0, slots: 0, kinds: new Set<string>(), types: new Set<string>() };
  const refused: string[] = [];
  const customResources: string[] = [];

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((f) => [relative(CORPUS, f), f]))('%s', (name, file) => {
    const text = readFileSync(file, 'utf8');
    const fromCelSlots: Array<[string, string, string]> = [];
    for (const object of objectsOf(text)) {
      const o = object as { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown } };
      const kind = typeof o.kind === 'string' ? o.kind : '';
      const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : null;
      const where = `${name} ${kind} ${JSON.stringify(o.metadata?.name)}`;
      const loaded = loadManifests([object]);
      // A removed API version (apps/v1beta1 StatefulSet, …): no API server serves it, so no admission runs.
      if (loaded.errors.some((e) => e.code === 'unknown-kind')) {
        refused.push(where);
        continue;
      }
      const pullwise = loaded.workloads.flatMap((w) => w.slots);
      if (workloadKind(kind, apiVersion) === null) {
        // Custom resources pullwise reads (Argo, Tekton, …) are outside these variables.
        if (pullwise.length > 0) customResources.push(where);
        expect(celSlots(object), where).toEqual([]);
        continue;
      }
      const expected = pullwise.map((s) => pullwiseSlot(s.type, s.name, s.image ?? '', s.declaredPolicy ?? ''));
      const slots = celSlots(object);
      expect(slots, where).toEqual(expected);
      fromCelSlots.push(...slots.map((s): [string, string, string] => [s.slot, s.name, s.image]));
      // The engine's effective policy (no admission plugins) is the slot's `effective`.
      const evaluated = evaluateManifests([object]).workloads.flatMap((w) => w.slots);
      expect(
        evaluated.map((s) => s.pullPolicy.effective),
        where,
      ).toEqual(expected.map((s) => s.effective));
      const defaulted = celSlots(apiServerDefaults(object));
      expect(
        defaulted.map(({ written: _, ...rest }) => rest),
        `${where} (defaulted)`,
      ).toEqual(expected.map(({ written: _, ...rest }) => rest));
      seen.workloads++;
      seen.slots += expected.length;
      seen.kinds.add(kind);
      for (const s of expected) seen.types.add(s.slot);
    }
    // The same slots as pullwise reading the file as a stream (its own YAML reader, not yaml's toJS).
    const streamed = loadManifests(text).workloads.flatMap((w) => w.slots);
    expect(fromCelSlots).toEqual(streamed.map((s) => [s.type, s.name, s.image ?? '']));
  });

  it('covered every built-in workload kind and slot type', () => {
    console.info(
      `corpus: ${files.length} files, ${seen.workloads} workload objects, ${seen.slots} slots; ` +
        `${refused.length} objects in removed API versions; custom resources: ${customResources.length}; ` +
        `kinds ${[...seen.kinds].sort().join(' ')}; slot types ${[...seen.types].sort().join(' ')}`,
    );
    expect(seen.workloads).toBeGreaterThan(100);
    expect(seen.slots).toBeGreaterThan(200);
    // ReplicaSet and PodTemplate do not occur in the corpus; the table tests above cover them.
    for (const kind of ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']) {
      expect(seen.kinds).toContain(kind);
    }
    expect([...seen.types].sort()).toEqual(['container', 'ephemeralContainer', 'imageVolume', 'initContainer']);
    expect(refused.length).toBeLessThan(20);
  });
});

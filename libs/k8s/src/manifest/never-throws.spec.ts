import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadManifests, type LoadedManifests } from './index.js';

const SLOT_TYPES = new Set(['container', 'initContainer', 'ephemeralContainer', 'imageVolume']);
const isPositive = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const isStringRecord = (r: unknown) =>
  typeof r === 'object' && r !== null && Object.values(r).every((v) => typeof v === 'string');

/** Shape invariants of every result, including document indexes within [0, documents) (or the next one for limits). */
function assertWellFormed(result: LoadedManifests): void {
  expect(Number.isInteger(result.documents) && result.documents >= 0).toBe(true);
  for (const error of result.errors) {
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.document === null || (Number.isInteger(error.document) && error.document <= result.documents)).toBe(
      true,
    );
    expect(isStringOrNull(error.path)).toBe(true);
    expect(error.line === null || isPositive(error.line)).toBe(true);
    expect(error.column === null || isPositive(error.column)).toBe(true);
  }
  for (const skipped of result.skipped) {
    expect(skipped.document).toBeLessThan(result.documents);
    expect(isStringOrNull(skipped.kind) && isStringOrNull(skipped.name)).toBe(true);
  }
  for (const workload of result.workloads) {
    expect(workload.document).toBeLessThan(result.documents);
    expect(
      typeof workload.kind === 'string' && typeof workload.name === 'string' && typeof workload.apiVersion === 'string',
    ).toBe(true);
    expect(isPositive(workload.line)).toBe(true);
    expect(isStringRecord(workload.labels) && isStringRecord(workload.objectLabels)).toBe(true);
    expect(workload.imagePullSecrets.every((s) => typeof s === 'string')).toBe(true);
    for (const slot of workload.slots) {
      expect(SLOT_TYPES.has(slot.type)).toBe(true);
      expect(slot.path.startsWith(workload.podSpecPath)).toBe(true);
      expect(isPositive(slot.line) && isPositive(slot.column)).toBe(true);
      expect(
        isStringOrNull(slot.image) && isStringOrNull(slot.declaredPolicy) && isStringOrNull(slot.restartPolicy),
      ).toBe(true);
      expect(slot.imageLine === null ? slot.image === null : isPositive(slot.imageLine)).toBe(true);
    }
  }
}

/** YAML-looking text built from tokens that reach the interesting branches (anchors, merges, flow, lists). */
const yamlish = fc
  .array(
    fc.constantFrom(
      'kind: Pod\n',
      'kind: List\n',
      'kind: CronJob\n',
      'apiVersion: apps/v1\n',
      'items:\n',
      'spec:\n',
      '  containers:\n',
      '  - name: a\n',
      '    image: nginx\n',
      '    image: [x]\n',
      '    imagePullPolicy: Always\n',
      'template:\n',
      '  template:\n',
      '    spec:\n',
      'metadata: {name: x, labels: {a: b}}\n',
      '&a ',
      '*a',
      '<<: *a\n',
      '<<: ',
      '- ',
      '  ',
      '[',
      ']',
      '{',
      '}',
      ', ',
      ': ',
      '---\n',
      '...\n',
      '# c\n',
      '"',
      "'",
      '\n',
      '\t',
      'volumes: [{name: v, image: {reference: r}}]\n',
      '~',
      '!!str ',
      'initContainers: [{name: s, restartPolicy: Always}]\n',
      '%YAML 1.2\n',
      '? ',
      '|\n',
      '>-\n',
      '\u00a0',
      '\ufeff',
    ),
    { maxLength: 40 },
  )
  .map((tokens) => tokens.join(''));

/** Objects shaped roughly like workloads, with arbitrary values where the readers expect strings or lists. */
const loose = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const container = fc.record(
  { name: loose, image: fc.oneof(fc.string(), loose), imagePullPolicy: loose },
  { requiredKeys: [] },
);
const podSpec = fc.record(
  {
    containers: fc.oneof(fc.array(fc.oneof(container, loose), { maxLength: 3 }), loose),
    initContainers: fc.array(container, { maxLength: 2 }),
    volumes: fc.array(
      fc.record({ name: fc.string(), image: fc.oneof(fc.record({ reference: loose, pullPolicy: loose }), loose) }),
      { maxLength: 2 },
    ),
    imagePullSecrets: fc.oneof(fc.array(fc.record({ name: loose }), { maxLength: 2 }), loose),
  },
  { requiredKeys: [] },
);
const workloadObject = fc.oneof(
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Pod'),
    metadata: fc.record({ name: loose, labels: loose }, { requiredKeys: [] }),
    spec: podSpec,
  }),
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constant('Deployment'),
    spec: fc.record({ template: fc.record({ metadata: fc.record({ labels: loose }), spec: podSpec }) }),
  }),
  fc.record({
    apiVersion: fc.constant('batch/v1'),
    kind: fc.constant('CronJob'),
    spec: fc.record({ jobTemplate: fc.record({ spec: fc.record({ template: fc.record({ spec: podSpec }) }) }) }),
  }),
);

describe('loadManifests never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => assertWellFormed(loadManifests(text))),
      { numRuns: 500 },
    );
  });

  it('on YAML-like token soup', () => {
    fc.assert(
      fc.property(yamlish, (text) => assertWellFormed(loadManifests(text))),
      { numRuns: 1000 },
    );
  });

  it('on arbitrary JSON values, as objects and as JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assertWellFormed(loadManifests(value));
        assertWellFormed(loadManifests(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary non-JSON values', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }), (value) =>
        assertWellFormed(loadManifests(value)),
      ),
      { numRuns: 300 },
    );
  });

  it('reads the same workloads from an object, its JSON and its YAML rendering', () => {
    const view = (r: LoadedManifests) => ({
      errors: r.errors.map((e) => [e.document, e.path, e.message]),
      workloads: r.workloads.map((w) => ({
        ...w,
        line: 0,
        slots: w.slots.map((s) => ({
          ...s,
          line: 0,
          column: 0,
          imageLine: s.imageLine === null,
          policyLine: s.policyLine === null,
        })),
      })),
      skipped: r.skipped,
    });
    fc.assert(
      fc.property(workloadObject, (object) => {
        const fromObject = loadManifests(object);
        assertWellFormed(fromObject);
        expect(view(loadManifests(JSON.stringify(object)))).toEqual(view(fromObject));
        expect(view(loadManifests(stringify(object)))).toEqual(view(fromObject));
      }),
      { numRuns: 300 },
    );
  });
});

// Property: a gate never passes input it could not judge. Valid manifests get one random corruption of a kind
// the API server or the kubelet refuses; whatever the rules say, the verdict is then `error`, never `pass`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { evaluate, makeRule } from './test-support.js';

const images = fc.constantFrom(
  'nginx:1.27',
  'ghcr.io/acme/api:v2',
  'busybox',
  'registry.k8s.io/pause:3.10',
  'redis@sha256:' + 'a'.repeat(64),
);
const policies = fc.constantFrom(undefined, 'Always', 'IfNotPresent', 'Never');
const container = fc
  .record({ name: fc.constantFrom('app', 'side', 'init'), image: images, imagePullPolicy: policies })
  .map((c) => {
    const out: Record<string, string> = { name: c.name, image: c.image };
    if (c.imagePullPolicy) out.imagePullPolicy = c.imagePullPolicy;
    return out;
  });
const podSpec = fc.array(container, { minLength: 1, maxLength: 3 }).map((containers) => ({
  containers: containers.map((c, i) => ({ ...c, name: `${c.name}-${i}` })),
}));

type Manifest = Record<string, unknown>;
const manifest: fc.Arbitrary<Manifest> = fc
  .tuple(fc.constantFrom('Pod', 'Deployment', 'Job', 'CronJob', 'ConfigMap'), podSpec)
  .map(([kind, spec]) => {
    const metadata = { name: `w-${kind.toLowerCase()}`, labels: { app: 'x' } };
    const template = { metadata: { labels: { app: 'x' } }, spec };
    switch (kind) {
      case 'Pod':
        return { apiVersion: 'v1', kind, metadata, spec };
      case 'Deployment':
        return { apiVersion: 'apps/v1', kind, metadata, spec: { selector: { matchLabels: { app: 'x' } }, template } };
      case 'Job':
        return {
          apiVersion: 'batch/v1',
          kind,
          metadata,
          spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } },
        };
      case 'CronJob':
        return {
          apiVersion: 'batch/v1',
          kind,
          metadata,
          spec: {
            schedule: '0 * * * *',
            jobTemplate: { spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } } },
          },
        };
      default:
        return { apiVersion: 'v1', kind, metadata, data: { a: 'b' } };
    }
  });

/** The pod spec of a workload manifest, or null for kinds without one. */
function podSpecOf(m: Manifest): Record<string, unknown> | null {
  const spec = m.spec as Record<string, any> | undefined;
  if (!spec) return null;
  if (m.kind === 'Pod') return spec;
  if (m.kind === 'CronJob') return spec.jobTemplate.spec.template.spec;
  return spec.template?.spec ?? null;
}

const BROKEN_DOCUMENTS = [
  'this is : not : yaml: [',
  'hello world',
  '42',
  'foo: bar',
  'apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {name: dup}\nspec:\n  containers: [{name: a, image: nginx}]',
];
const BAD_IMAGES = ['MyOrg/App:1.0', 'nginx@sha256:xyz', 'nginx :1.27', 'nginx:'];

type Corruption =
  | { type: 'broken-document'; text: string; at: number }
  | { type: 'misspelt-kind'; target: number; kind: (k: string) => string }
  | { type: 'bad-image'; target: number; image: string }
  | { type: 'unknown-field'; target: number }
  | { type: 'no-containers'; target: number }
  | { type: 'bad-policy'; target: number };

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({
    type: fc.constant('broken-document' as const),
    text: fc.constantFrom(...BROKEN_DOCUMENTS),
    at: fc.nat(),
  }),
  fc.record({
    type: fc.constant('misspelt-kind' as const),
    target: fc.nat(),
    kind: fc.constantFrom(
      (k: string) => k.toLowerCase(),
      (k: string) => `${k.slice(0, -2)}${k.slice(-1)}${k.slice(-2, -1)}`,
      (k: string) => `${k}s`,
    ),
  }),
  fc.record({ type: fc.constant('bad-image' as const), target: fc.nat(), image: fc.constantFrom(...BAD_IMAGES) }),
  fc.record({ type: fc.constant('unknown-field' as const), target: fc.nat() }),
  fc.record({ type: fc.constant('no-containers' as const), target: fc.nat() }),
  fc.record({ type: fc.constant('bad-policy' as const), target: fc.nat() }),
);

/** The manifests as a YAML stream with the corruption applied; workload-targeted ones pick a workload. */
function corrupt(manifests: Manifest[], c: Corruption): string {
  const docs = manifests.map((m) => structuredClone(m));
  const workloads = docs.filter((m) => podSpecOf(m) !== null);
  const texts = (): string[] => docs.map((d) => stringify(d));
  if (c.type === 'broken-document') {
    const out = texts();
    out.splice(c.at % (out.length + 1), 0, `${c.text}\n`);
    return out.join('---\n');
  }
  if (c.type === 'misspelt-kind') {
    const target = docs[c.target % docs.length]!;
    target.kind = c.kind(String(target.kind));
    return texts().join('---\n');
  }
  // The generator always yields at least one workload for these (see the property's precondition).
  const spec = podSpecOf(workloads[c.target % workloads.length]!)!;
  const first = (spec.containers as Array<Record<string, unknown>>)[0]!;
  if (c.type === 'bad-image') first.image = c.image;
  else if (c.type === 'unknown-field') {
    spec.container = spec.containers;
  } else if (c.type === 'no-containers') delete spec.containers;
  else first.imagePullPolicy = 'always';
  return texts().join('---\n');
}

const ruleSets = [
  [],
  [makeRule({ name: 'audit-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'audit' })],
  [makeRule({ name: 'warn-explicit', kind: 'explicit-pull-policy', enforcement: 'warn' })],
];

describe('a corrupted input never passes', () => {
  it('any one refused document, kind, image, field or policy makes the verdict `error`', () => {
    fc.assert(
      fc.property(
        fc.array(manifest, { minLength: 1, maxLength: 4 }),
        corruption,
        fc.constantFrom(...ruleSets),
        (manifests, c, rules) => {
          const needsWorkload = c.type !== 'broken-document' && c.type !== 'misspelt-kind';
          fc.pre(!needsWorkload || manifests.some((m) => podSpecOf(m) !== null));
          const text = corrupt(manifests, c);
          const result = evaluate(text, rules);
          expect(result.errors.length, text).toBeGreaterThan(0);
          expect(result.verdict, text).toBe('error');
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });

  it('the same manifests without corruption are judged (no error)', () => {
    fc.assert(
      fc.property(fc.array(manifest, { minLength: 1, maxLength: 4 }), (manifests) => {
        const result = evaluate(manifests.map((m) => stringify(m)).join('---\n'), []);
        expect(result.errors).toEqual([]);
        expect(result.verdict).toBe('pass');
      }),
      { numRuns: 100, seed: 13 },
    );
  });
});

import { evaluateManifests } from '#k8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.js';
import { ImagePatternList, slashPrefixes } from './image-pattern.js';
import type { WorkloadSubject } from './match-spec.js';
import { makeRule } from './test-support.js';

const IMAGES = [
  'nginx',
  'nginx:1.27',
  'library/nginx@sha256:' + 'a'.repeat(64),
  'registry.example.com/team-1/web:2.0',
  'registry.example.com/team-12/web:latest',
  'registry.example.com:5000/team-1/api',
  'ghcr.io/acme/tools/cli:v1',
  'eu.gcr.io/proj/app:1',
  'localhost:5000/app',
  'quay.io/prometheus/node-exporter:v1.8.2',
  'UPPER/case:1', // does not parse: matched as written
];
const PATTERNS = [
  'registry.example.com/team-1/*',
  'registry.example.com/team-1*',
  'registry.example.com/*',
  'registry.example.com:5000/*',
  'ghcr.io/acme/*',
  'ghcr.io/acme/tools/cli:v1',
  '*.gcr.io/*',
  '*:latest',
  'nginx',
  'nginx:*',
  'docker.io/library/nginx@*',
  'localhost:5000/app',
  '*',
  'UPPER/*',
];

describe('image index keys', () => {
  it.each([
    ['registry.example.com/team-7/*', ['registry.example.com/team-7/']],
    ['registry.example.com/team-7*', ['registry.example.com/']],
    ['nginx:*', ['docker.io/library/']],
    ['ghcr.io/acme/tools/cli:v1', ['ghcr.io/acme/tools/']],
    ['*:latest', null],
    ['*.gcr.io/*', null],
  ])('%s -> %j', (pattern, keys) => {
    expect(new ImagePatternList([pattern]).indexKeys()).toEqual(keys);
  });

  it('a pattern that cannot be indexed makes the whole list unindexed', () => {
    expect(new ImagePatternList(['ghcr.io/acme/*', '*:latest']).indexKeys()).toBeNull();
  });

  it('lists the slash prefixes of the canonical name, or of the text when it does not parse', () => {
    const [nginx, upper, bad] = evaluateManifests(pod(['nginx:1.27', 'UPPER/case:1', 'UPPER/Case:1'])).workloads[0]!
      .slots;
    expect(slashPrefixes(nginx!.image)).toEqual(['docker.io/', 'docker.io/library/']);
    // An uppercase first component is a registry host (normalize.go splitDockerDomain), compared in lowercase.
    expect(slashPrefixes(upper!.image)).toEqual(['upper/']);
    expect(bad!.image.error).not.toBeNull();
    expect(slashPrefixes(bad!.image)).toEqual(['UPPER/']);
  });
});

function pod(images: string[], namespace = 'team-1', labels: Record<string, string> = { app: 'web' }) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace, labels },
    spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
  };
}

describe('indexed rule lookup', () => {
  // The index must only skip work: for any rules and any slot it yields exactly the rules a full scan applies,
  // in the same (name) order.
  it('meets exactly the rules a full scan applies, in name order', () => {
    const spec = fc
      .record(
        {
          images: fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 3 }),
          namespaces: fc.array(fc.constantFrom('team-1', 'team-*', 'prod'), { minLength: 1, maxLength: 2 }),
          labels: fc.constant({ matchLabels: { app: 'web' } }),
          slots: fc.array(fc.constantFrom('container', 'initContainer'), { minLength: 1, maxLength: 2 }),
        },
        { requiredKeys: [] },
      )
      .filter((s) => Object.keys(s).length > 0);
    const rule = fc.record({
      match: fc.option(spec, { nil: undefined }),
      exclude: fc.option(spec, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 25 }),
        fc.array(fc.constantFrom(...IMAGES), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('team-1', 'prod', 'other'),
        fc.constantFrom({ app: 'web' }, { app: 'db' }),
        (specs, images, namespace, labels) => {
          const set = compileRuleSet(
            specs.map((s, i) => makeRule({ name: `r-${String(i).padStart(2, '0')}`, kind: 'require-digest', ...s })),
          );
          const w = evaluateManifests(pod(images, namespace, labels)).workloads[0]!;
          const subject: WorkloadSubject = { cluster: null, namespace: w.namespace, kind: w.kind, labels: w.labels };
          for (const slot of w.slots) {
            const s = { image: slot.image, type: slot.type };
            const indexed = set
              .workloadRules(subject)
              .forImage(slot.image)
              .filter((r) => r.scope.appliesToSlot(subject, s));
            const scanned = set.rules.filter((r) => r.scope.applies(subject, s));
            expect(indexed.map((r) => r.definition.name)).toEqual(scanned.map((r) => r.definition.name));
          }
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });
});

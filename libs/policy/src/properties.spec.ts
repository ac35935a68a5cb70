import { evaluateManifests, PULL_POLICIES } from '#k8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRules } from './apply-rules.js';
import { compileRuleSet } from './compile.js';
import { compileGlob } from './glob.js';
import { RULE_KINDS } from './rule-types.js';
import { SLOT_TYPES } from './validate-match.js';
import { validateExceptionInput } from './validate-exception.js';
import { validateRuleInput, validateRulePatch } from './validate-rule.js';
import { NOW, makeRule } from './test-support.js';

const words = fc.constantFrom(
  'latest',
  'v1.*',
  '*',
  '',
  'ghcr.io',
  'ghcr.io/acme/*',
  'nginx',
  'ubuntu:20.14',
  'team-*',
  'a b',
  'k8s.gcr.io',
  '*@sha256:*',
  'Always',
  'Never',
  'In',
  'NotIn',
  'Exists',
  'x/y',
);
const loose = fc.oneof(words, fc.jsonValue({ maxDepth: 2 }));
const list = fc.oneof(fc.array(words, { maxLength: 3 }), loose);

const selector = fc.record(
  {
    matchLabels: fc.oneof(
      fc.dictionary(fc.constantFrom('app', 'team', 'a/b', 'bad key'), fc.oneof(words, loose)),
      loose,
    ),
    matchExpressions: fc.array(
      fc.record(
        {
          key: fc.oneof(words, fc.constant('app')),
          operator: fc.oneof(fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), words),
          values: list,
        },
        { requiredKeys: [] },
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

const match = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      clusters: list,
      namespaces: list,
      kinds: list,
      labels: fc.oneof(selector, loose),
      images: list,
      slots: fc.oneof(fc.subarray([...SLOT_TYPES]), list),
    },
    { requiredKeys: [] },
  ),
  loose,
);

const params = fc.record(
  {
    allowed: fc.oneof(fc.subarray([...PULL_POLICIES]), list),
    when: fc.oneof(fc.record({ digest: fc.oneof(fc.boolean(), loose) }, { requiredKeys: [] }), loose),
    immutableTags: list,
    tags: list,
    registries: list,
    rewrites: fc.oneof(fc.array(fc.record({ from: words, to: words }), { maxLength: 2 }), loose),
    secretName: fc.oneof(fc.constant('regcred'), loose),
  },
  { requiredKeys: [] },
);

const ruleLike = fc.record(
  {
    name: fc.oneof(fc.constantFrom('r', 'rule-1', 'a.b'), loose),
    description: fc.oneof(fc.string(), loose),
    kind: fc.oneof(fc.constantFrom(...RULE_KINDS), loose),
    params: fc.oneof(params, loose),
    match,
    exclude: match,
    enforcement: fc.oneof(fc.constantFrom('deny', 'warn', 'audit'), loose),
    severity: fc.oneof(fc.constantFrom('critical', 'low'), loose),
    enabled: fc.oneof(fc.boolean(), loose),
  },
  { requiredKeys: ['name', 'kind', 'enforcement'] },
);

// Mostly valid rules, so that acceptance is common and compilation is exercised on many shapes.
const some = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 3 });
const glob = fc.constantFrom('*', 'team-*', 'prod', 'kube-system', 'Deployment', 'a*b');
const tagGlob = fc.constantFrom('latest', 'v*', '*-SNAPSHOT', 'main', '*');
const registry = fc.constantFrom(
  'ghcr.io',
  'ghcr.io/acme/*',
  'docker.io/library/*',
  'nginx',
  '*.gcr.io',
  'localhost:5000',
  '*',
);
const imagePattern = fc.constantFrom(
  '*',
  'nginx',
  'nginx:*',
  'ghcr.io/acme/*',
  '*@sha256:*',
  '*:latest',
  'docker.io/*',
);
const goodSelector = fc.record(
  {
    matchLabels: fc.dictionary(
      fc.constantFrom('app', 'team', 'app.kubernetes.io/name'),
      fc.constantFrom('web', '', 'x'),
    ),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key: fc.constantFrom('app', 'env'),
          operator: fc.constantFrom('In', 'NotIn'),
          values: some(fc.constantFrom('web', 'prod', '')),
        }),
        fc.record({ key: fc.constantFrom('app', 'env'), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);
const goodMatch = fc.oneof(
  fc.constant(null),
  fc
    .record(
      {
        clusters: some(glob),
        namespaces: some(glob),
        kinds: some(glob),
        labels: goodSelector,
        images: some(imagePattern),
        slots: fc.subarray([...SLOT_TYPES], { minLength: 1 }),
      },
      { requiredKeys: [] },
    )
    .filter((m) => Object.keys(m).length > 0),
);
const goodParams: Record<string, fc.Arbitrary<unknown>> = {
  'pull-policy': fc.record(
    {
      allowed: fc.subarray([...PULL_POLICIES], { minLength: 1 }),
      when: fc.record({ digest: fc.boolean() }, { requiredKeys: [] }),
    },
    { requiredKeys: ['allowed'] },
  ),
  'explicit-pull-policy': fc.constant({}),
  'mutable-tag-requires-always': fc.record(
    { immutableTags: fc.array(tagGlob, { maxLength: 3 }) },
    { requiredKeys: [] },
  ),
  'require-digest': fc.constant({}),
  'disallowed-tags': fc.record({ tags: some(tagGlob) }),
  'allowed-registries': fc.record(
    {
      registries: some(registry),
      rewrites: fc.array(
        fc.record({
          from: fc.constantFrom('k8s.gcr.io', 'docker.io/library'),
          to: fc.constantFrom('registry.k8s.io', 'ghcr.io/acme'),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['registries'] },
  ),
  'denied-registries': fc.record({ registries: some(registry) }),
  'never-requires-preloaded': fc.constant({}),
  'mutable-tag-drift': fc.constant({}),
  'pull-secrets-for-registries': fc.record(
    { registries: some(registry), secretName: fc.constant('regcred') },
    { requiredKeys: ['registries'] },
  ),
  'set-pull-policy': fc.record(
    { policy: fc.constantFrom(...PULL_POLICIES), when: fc.record({ digest: fc.boolean() }, { requiredKeys: [] }) },
    { requiredKeys: [] },
  ),
};
const goodRule = fc.constantFrom(...RULE_KINDS).chain((kind) =>
  fc.record({
    name: fc.constantFrom('r', 'rule-1', 'a.b'),
    kind: fc.constant(kind),
    params: goodParams[kind]!,
    match: goodMatch,
    exclude: goodMatch,
    enforcement: fc.constantFrom('deny', 'warn', 'audit'),
  }),
);

const sample = evaluateManifests(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers: [{name: i, image: "busybox@sha256:${'d'.repeat(64)}"}]
      containers:
      - {name: a, image: nginx, imagePullPolicy: Never}
      - {name: b, image: "ghcr.io/acme/app:1.0"}
      - {name: c, image: "bad@ref"}
      volumes: [{name: v, image: {reference: "k8s.gcr.io/x:1"}}]
`);

describe('properties', () => {
  it('validators never throw on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        validateRuleInput(value);
        validateExceptionInput(value);
        validateRulePatch(makeRule({ name: 'base', kind: 'require-digest' }), value);
      }),
      { numRuns: 300 },
    );
  });

  it('validators never throw on rule-shaped JSON, and every accepted rule compiles and runs', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(ruleLike, goodRule), (input) => {
        const v = validateRuleInput(input);
        if (!v.ok) {
          expect(v.problems.length).toBeGreaterThan(0);
          for (const p of v.problems) expect(typeof p.path === 'string' && p.message.length > 0).toBe(true);
          return;
        }
        accepted++;
        const set = compileRuleSet([{ ...v.value, enabled: true, id: 'id', version: 1 }], []);
        expect(set.skipped).toEqual([]);
        expect(set.rules.length).toBe(1);
        applyRules(sample, set, { cluster: 'prod', preloadedImages: [], now: NOW });
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  it('exceptions: never throw; accepted ones waive consistently', () => {
    const exceptionLike = fc.record(
      {
        name: fc.oneof(fc.constant('w'), loose),
        rules: fc.oneof(fc.constant(['*']), fc.array(words, { maxLength: 2 }), loose),
        match,
        justification: fc.oneof(fc.constant('why'), loose),
        owner: fc.oneof(fc.constant('me'), loose),
        ticket: loose,
        expiresAt: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), fc.date({ noInvalidDate: false }), loose),
      },
      { requiredKeys: ['name', 'rules', 'justification', 'owner'] },
    );
    const rule = makeRule({ name: 'r', kind: 'require-digest' });
    fc.assert(
      fc.property(exceptionLike, (input) => {
        const v = validateExceptionInput(input);
        if (!v.ok) return;
        const set = compileRuleSet([rule], [{ ...v.value, id: 'e' }]);
        expect(set.exceptions.skipped).toEqual([]);
        applyRules(sample, set, { cluster: null, preloadedImages: [], now: NOW });
      }),
      { numRuns: 500 },
    );
  });

  it('a glob without `*` matches exactly itself', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('*')),
        fc.string(),
        (pattern, other) => {
          expect(compileGlob(pattern).test(pattern)).toBe(true);
          expect(compileGlob(pattern).test(other)).toBe(other === pattern);
        },
      ),
    );
  });
});

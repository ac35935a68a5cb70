import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@bufbuild/cel';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DNS1123_SUBDOMAIN, WORKLOAD_KINDS, evaluateManifests, loadManifests, workloadKind } from '#k8s';
import { applyRules } from '../apply-rules.js';
import { compileRuleSet } from '../compile.js';
import { compileLabelSelector } from '../label-selector.js';
import type { LabelSelector } from '../rule-types.js';
import { NOW, makeException, makeRule } from '../test-support.js';
import { admittedKinds, compileAdmissionPolicies, policyName } from './admission-policies.js';
import { SCOPED_RULES } from './admission-policies.fixtures.js';
import { apiServerDefaults, evaluateExpression, evaluateVariables } from './cel-test-harness.js';
import { waiverCel } from './exceptions-cel.js';
import { kindsMatching, labelSelectorCel, podLabelsCel, scopeCel } from './scope-cel.js';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> } } & {
  spec: Record<string, any>;
};

const CLUSTER = { name: 'prod-eu', preloadedImages: [] as string[], hasNodeInventory: false };
const DIGEST = `sha256:${'b'.repeat(64)}`;
const LATER = new Date(NOW.getTime() + 86_400_000);

const RULES = SCOPED_RULES;

const NOT_HERE = [
  makeRule({ name: 'staging-only', kind: 'require-digest', match: { clusters: ['staging'] } }),
  makeRule({ name: 'disabled-rule', kind: 'require-digest', enabled: false }),
  makeRule({ name: 'explicit', kind: 'explicit-pull-policy' }),
  makeRule({ name: 'set.always', kind: 'set-pull-policy', match: { namespaces: ['prod-*'] } }),
];

const EXCEPTIONS = [
  makeException({
    name: 'legacy-hub',
    rules: ['require-digest-prod'],
    match: { namespaces: ['prod-legacy'], images: ['docker.io/library/*'] },
    expiresAt: LATER,
  }),
  makeException({
    name: 'waive-all',
    rules: ['*'],
    expiresAt: new Date(NOW.getTime() + 60 * 86_400_000),
    match: { labels: { matchLabels: { 'pullwise.io/waive': 'all' } } },
  }),
  makeException({ name: 'lapsed', rules: ['*'], expiresAt: LATER }),
];
// "lapsed" is expired at export time: evaluate both engines one day later than the exceptions were written.
const AT = new Date(LATER.getTime() + 1000);
const STILL = makeException({
  name: 'legacy-hub',
  rules: ['require-digest-prod'],
  expiresAt: new Date(AT.getTime() + 1),
});
const EXCEPTION_SET = [{ ...EXCEPTIONS[0]!, expiresAt: STILL.expiresAt }, EXCEPTIONS[1]!, EXCEPTIONS[2]!];

const { list, notExported } = compileAdmissionPolicies({
  rules: [...RULES, ...NOT_HERE],
  exceptions: EXCEPTION_SET,
  cluster: CLUSTER,
  now: AT,
});
const ITEMS = list.items as Obj[];

describe('compileAdmissionPolicies: the List', () => {
  it('has one policy and one binding per exported rule, and says why the others have none', () => {
    const vaps = ITEMS.filter((i) => i.kind === 'ValidatingAdmissionPolicy').map((i) => i.metadata.name);
    expect(vaps.sort()).toEqual(RULES.map((r) => `pullwise-${r.name}`).sort());
    expect(notExported.map((n) => n.rule)).toEqual(['disabled-rule', 'explicit', 'set.always', 'staging-only']);
    expect(notExported.find((n) => n.rule === 'staging-only')!.reason).toBe('does not apply to cluster prod-eu');
    expect(JSON.parse(list.metadata.annotations['pullwise.io/not-exported'])).toEqual(notExported);
    const maps = ITEMS.filter((i) => i.kind === 'MutatingAdmissionPolicy');
    expect(maps.map((m) => m.metadata.name)).toHaveLength(4);
    expect(ITEMS.filter((i) => i.kind === 'MutatingAdmissionPolicyBinding')).toHaveLength(4);
  });

  it('binds each rule with its enforcement and marks policies whose exceptions expire', () => {
    const binding = (rule: string) =>
      ITEMS.find((i) => i.kind.endsWith('Binding') && i.metadata.name === `pullwise-${rule}`)!;
    expect(binding('no-latest').spec.validationActions).toEqual(['Warn']);
    expect(binding('trusted-registries').spec.validationActions).toEqual(['Deny']);
    expect(binding('always-for-mutable').spec.validationActions).toEqual(['Audit']);
    const vap = ITEMS.find((i) => i.metadata.name === 'pullwise-require-digest-prod')!;
    expect(vap.metadata.annotations).toEqual({
      'pullwise.io/rule': 'require-digest-prod',
      'pullwise.io/expires': STILL.expiresAt!.toISOString(),
    });
  });

  it('narrows resources by match.kinds and covers pods/ephemeralcontainers', () => {
    const vap = ITEMS.find((i) => i.metadata.name === 'pullwise-trusted-registries')!;
    const resources = (vap.spec.matchConstraints.resourceRules as { resources: string[] }[]).flatMap(
      (r) => r.resources,
    );
    expect(admittedKinds(resources).sort()).toEqual(['CronJob', 'Deployment', 'Job', 'Pod']);
    expect(resources).toContain('pods/ephemeralcontainers');
  });

  it('names policies as DNS subdomains, with a hash when the name had to change', () => {
    expect(policyName('a-b')).toBe('pullwise-a-b');
    expect(policyName('Set Always!')).toMatch(/^pullwise-set-always-[0-9a-f]{8}$/);
    expect(policyName('Set Always!')).not.toBe(policyName('set always'));
    expect(policyName('x'.repeat(300)).length).toBeLessThanOrEqual(253);
  });

  it('every object has the v1 shape, and every expression parses', () => {
    const actions = new Set(['Deny', 'Warn', 'Audit']);
    for (const item of ITEMS) {
      expect(item.apiVersion).toBe('admissionregistration.k8s.io/v1');
      expect(item.metadata.name.length).toBeLessThanOrEqual(253);
      expect(item.metadata.name).toMatch(DNS1123_SUBDOMAIN);
      const exprs: unknown[] = [];
      if (item.kind === 'ValidatingAdmissionPolicyBinding') {
        expect(item.spec.validationActions.every((a: string) => actions.has(a))).toBe(true);
      }
      if (item.kind.endsWith('Binding')) {
        expect(ITEMS.some((p) => p.metadata.name === item.spec.policyName && !p.kind.endsWith('Binding'))).toBe(true);
        continue;
      }
      expect(item.spec.failurePolicy).toBe('Fail');
      for (const v of item.spec.variables) exprs.push(v.expression);
      for (const c of item.spec.matchConditions ?? []) exprs.push(c.expression);
      for (const v of item.spec.validations ?? []) exprs.push(v.expression, v.messageExpression);
      for (const m of item.spec.mutations ?? []) {
        expect(m.patchType).toBe('ApplyConfiguration');
        exprs.push(m.applyConfiguration.expression);
      }
      if (item.kind === 'MutatingAdmissionPolicy') expect(item.spec.reinvocationPolicy).toBe('IfNeeded');
      for (const e of exprs) {
        expect(typeof e).toBe('string');
        expect(() => parse(e as string)).not.toThrow();
      }
    }
  });
});

describe('scope and exception CEL', () => {
  const SELECTORS: LabelSelector[] = [
    { matchLabels: { app: 'x' } },
    { matchExpressions: [{ key: 'app', operator: 'In', values: ['x', 'y'] }] },
    { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['x'] }] },
    { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
    { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
    {},
  ];
  const LABELS: Record<string, string>[] = [{}, { app: 'x' }, { app: 'y', tier: '' }, { app: 'x', tier: 'web' }];
  it.each(SELECTORS.map((s) => [JSON.stringify(s), s] as const))(
    'selector %s as label-selector.ts decides',
    (_, sel) => {
      for (const labels of LABELS) {
        expect(evaluateExpression(labelSelectorCel(sel, 'l'), { l: labels }), JSON.stringify(labels)).toBe(
          compileLabelSelector(sel)(labels),
        );
      }
    },
  );

  it('matches the pod template labels, not the object own labels', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { labels: { app: 'own' } },
      spec: { template: { metadata: { labels: { app: 'pod' } }, spec: { containers: [] } } },
    };
    expect(evaluateExpression(podLabelsCel(), { object: deployment })).toEqual({ app: 'pod' });
    expect(evaluateExpression(podLabelsCel(), { object: { kind: 'Pod', metadata: { labels: { a: 'b' } } } })).toEqual({
      a: 'b',
    });
    expect(evaluateExpression(podLabelsCel(), { object: { kind: 'CronJob', spec: {} } })).toEqual({});
    expect(kindsMatching(['*Set'])).toEqual(['ReplicaSet', 'DaemonSet', 'StatefulSet']);
  });

  it('leaves out expired exceptions and those of other rules or clusters', () => {
    const subjects = { kind: 'k', labels: 'l' };
    const waive = (rule: string, now: Date) => waiverCel(rule, EXCEPTIONS, CLUSTER.name, now, subjects);
    expect(waive('require-digest-prod', NOW).exceptions).toEqual(['lapsed', 'legacy-hub', 'waive-all']);
    expect(waive('require-digest-prod', AT).exceptions).toEqual(['waive-all']);
    expect(waive('other', NOW).expiresAt).toEqual(LATER);
    const other = makeException({ name: 'x', rules: ['other'], match: { clusters: ['staging'] } });
    expect(waiverCel('other', [other], CLUSTER.name, NOW, subjects).waived).toBe('false');
    expect(scopeCel({ clusters: ['prod-*'] }, CLUSTER.name, subjects)).toEqual({
      applies: true,
      workload: 'true',
      slot: 'true',
    });
  });
});

// --- the differential test -----------------------------------------------------------------------------------

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/corpus');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'LICENSES' ? [] : corpusFiles(path);
    return /\.(ya?ml|json)$/.test(d.name) ? [path] : [];
  });
}

function objectsOf(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
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

const IMAGES = [
  'nginx',
  'nginx:latest',
  `ghcr.io/acme/app:1.0@${DIGEST}`,
  `GHCR.IO:443/acme/x@${DIGEST}`,
  'index.docker.io/busybox',
  'registry.example.com:5000/x:1.2-rc1',
  'quay.io/evil/thing:v1',
  'bad image',
  'localhost/x:2',
  'docker.io/library/busybox:1.36',
  'a_b.c/x',
  'Registry.K8s.io/pause:3.9',
];

function generated(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const namespaces = ['prod-a', 'prod-legacy', 'kube-system', 'team-b', 'dev'];
  const labelSets = [{}, { app: 'x' }, { app: 'x', tier: 'web' }, { tier: 'web', 'pullwise.io/waive': 'all' }];
  Object.keys(WORKLOAD_KINDS).forEach((kind, k) => {
    IMAGES.forEach((image, i) => {
      const spec = {
        initContainers: [{ name: 'init', image: IMAGES[(i + 3) % IMAGES.length] }],
        containers: [
          { name: 'main', image, ...(i % 3 === 0 ? { imagePullPolicy: 'IfNotPresent' } : {}) },
          { name: 'side', image: IMAGES[(i + k) % IMAGES.length], imagePullPolicy: 'Always' },
        ],
        ...(kind === 'Pod' ? { ephemeralContainers: [{ name: 'dbg', image: IMAGES[(i + 5) % IMAGES.length] }] } : {}),
        volumes: [{ name: 'v', image: { reference: IMAGES[(i + 7) % IMAGES.length] } }],
      };
      const labels = labelSets[(i + k) % labelSets.length];
      const path = WORKLOAD_KINDS[kind]!.podSpecPath;
      let node: Record<string, unknown> = { metadata: { labels }, spec };
      for (const field of path.slice(0, -1).reverse()) node = { [field]: node };
      const group = WORKLOAD_KINDS[kind]!.groups[0]!;
      out.push({
        apiVersion: group === '' ? 'v1' : `${group}/v1`,
        kind,
        metadata: {
          name: `g-${k}-${i}`,
          namespace: namespaces[(i + k) % namespaces.length],
          labels: kind === 'Pod' ? labels : { own: 'x' },
        },
        ...(kind === 'Pod' ? { spec } : node),
      });
    });
  });
  return out;
}

/** What the validating policies decide for the admitted object: `<rule>:<action>` for each failed validation. */
function nativeDecisions(object: Record<string, unknown>, namespace: string): string[] {
  const admitted = apiServerDefaults(object);
  const request = { namespace, subResource: '' };
  const out: string[] = [];
  for (const policy of ITEMS.filter((i) => i.kind === 'ValidatingAdmissionPolicy')) {
    const resources = (policy.spec.matchConstraints.resourceRules as { resources: string[] }[]).flatMap(
      (r) => r.resources,
    );
    if (!admittedKinds(resources).includes(object.kind as string)) continue;
    const conditions = (policy.spec.matchConditions ?? []) as { expression: string }[];
    if (!conditions.every((c) => evaluateExpression(c.expression, { object: admitted, request }) === true)) continue;
    const variables = evaluateVariables(policy.spec.variables, admitted);
    const binding = ITEMS.find(
      (i) => i.kind === 'ValidatingAdmissionPolicyBinding' && i.spec.policyName === policy.metadata.name,
    )!;
    for (const v of policy.spec.validations as { expression: string; messageExpression: string }[]) {
      const bindings = { object: admitted, request, variables };
      if (evaluateExpression(v.expression, bindings) === true) continue;
      const message = evaluateExpression(v.messageExpression, bindings);
      expect(typeof message).toBe('string');
      for (const action of binding.spec.validationActions) out.push(`${policy.metadata.name}:${action}`);
    }
  }
  return out.sort();
}

const waivedBy = new Set<string>();

/** pullwise's decision: every unwaived finding's rule and enforcement (set-pull-policy is the mutation's). */
function pullwiseDecisions(object: Record<string, unknown>): string[] {
  const k8s = evaluateManifests([object]);
  const findings = applyRules(k8s, compileRuleSet(RULES, EXCEPTION_SET), {
    cluster: CLUSTER.name,
    preloadedImages: [],
    now: AT,
  });
  const seen = new Set<string>();
  for (const list of findings.values()) {
    for (const f of list) {
      if (f.waived) {
        waivedBy.add(f.waivedBy!);
        continue;
      }
      seen.add(`pullwise-${f.rule}:${{ deny: 'Deny', warn: 'Warn', audit: 'Audit' }[f.enforcement]}`);
    }
  }
  return [...seen].sort();
}

describe('differential: the generated policies decide what pullwise decides, object by object', () => {
  const objects: Array<[string, Record<string, unknown>]> = [];
  for (const file of corpusFiles(CORPUS)) {
    for (const o of objectsOf(readFileSync(file, 'utf8'))) {
      const kind = typeof o.kind === 'string' ? o.kind : '';
      if (workloadKind(kind, typeof o.apiVersion === 'string' ? o.apiVersion : null) === null) continue;
      if (loadManifests([o]).errors.some((e) => e.code === 'unknown-kind')) continue;
      objects.push([`${file.slice(CORPUS.length + 1)} ${kind}`, o]);
    }
  }
  for (const o of generated())
    objects.push([`generated ${o.kind as string} ${(o.metadata as { name: string }).name}`, o]);
  let fired = 0;
  const decided = new Set<string>();

  it('agrees on every corpus object and every generated workload', () => {
    expect(objects.length).toBeGreaterThan(200);
    for (const [where, object] of objects) {
      const meta = (object.metadata ?? {}) as { namespace?: unknown };
      const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
      const withNamespace = { ...object, metadata: { ...(object.metadata as object), namespace } };
      const expected = pullwiseDecisions(withNamespace);
      expect(nativeDecisions(withNamespace, namespace), where).toEqual(expected);
      if (expected.length > 0) fired++;
      for (const d of expected) decided.add(d.slice(0, d.indexOf(':')));
    }
    console.info(`differential: ${objects.length} objects, ${fired} with a native denial, warning or audit`);
    expect([...waivedBy].sort()).toEqual(['legacy-hub', 'waive-all']);
    expect([...decided].sort()).toEqual(RULES.map((r) => `pullwise-${r.name}`).sort());
    // Both outcomes, and every rule, are exercised.
    expect(fired).toBeGreaterThan(50);
    expect(fired).toBeLessThan(objects.length);
  }, 600_000);
});

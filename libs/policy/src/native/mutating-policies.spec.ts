import { describe, expect, it } from 'vitest';
import { evaluateManifests, WORKLOAD_KINDS } from '#k8s';
import { applyRules } from '../apply-rules.js';
import { compileRuleSet } from '../compile.js';
import type { RuleDefinition } from '../rule-types.js';
import { NOW, makeRule } from '../test-support.js';
import { admittedKinds, compileAdmissionPolicies } from './admission-policies.js';
import { apiServerDefaults, evaluateExpression, evaluateVariables } from './cel-test-harness.js';

/**
 * The MutatingAdmissionPolicies' behaviour: their ApplyConfiguration expressions evaluated and applied, then
 * pullwise's engine asked again.
 *
 * @bufbuild/cel has no Kubernetes object types, so `Object{…}` / `Object.spec.template{…}` constructors are
 * rewritten to map literals (`{"field": …}`) before evaluation. The rewrite is narrow: outside string literals,
 * `Object(.field)*{` becomes `{`, and only the field names directly inside such a brace are quoted. What it loses
 * is the API server's type check of the constructors against the schema, so `typedPaths` checks the constructor
 * names by hand: every field of `Object.a.b{…}` is either the next constructor `Object.a.b.<field>` or, in a
 * container constructor, `name` / `imagePullPolicy`. The result is then merged as server-side apply merges an apply
 * configuration (apiserver admission/plugin/policy/mutating/patch/smd.go): maps field by field, container lists as
 * list-maps keyed by `name` (core/v1 types.go `+listType=map +listMapKey=name`).
 */

type Json = Record<string, unknown>;
type Obj = { kind: string; metadata: { name: string }; spec: Record<string, any> };

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Object.x.y{a: …}` -> `{"a": …}`; also returns the constructor names and the (constructor, field) pairs seen. */
function rewrite(expression: string): { text: string; constructors: Set<string>; fields: Array<[string, string]> } {
  const constructors = new Set<string>();
  const fields: Array<[string, string]> = [];
  const stack: Array<string | null> = []; // open brackets: a constructor's name, or null for ( [ and map {
  let out = '';
  let i = 0;
  const quoteKey = () => {
    const m = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*):/.exec(expression.slice(i));
    const type = stack.at(-1);
    if (!m || typeof type !== 'string') return;
    fields.push([type, m[2]!]);
    out += `${m[1]}"${m[2]}"${m[3]}:`;
    i += m[0].length;
  };
  while (i < expression.length) {
    const ch = expression[i]!;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (expression[j] !== ch) {
        if (j >= expression.length) throw new Error(`unterminated string in ${expression}`);
        j += expression[j] === '\\' ? 2 : 1;
      }
      out += expression.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const ctor = /^Object(?:\.[A-Za-z_][A-Za-z0-9_]*)*\{/.exec(expression.slice(i));
    if (ctor && !/[A-Za-z0-9_.]/.test(expression[i - 1] ?? '')) {
      const name = ctor[0].slice(0, -1);
      constructors.add(name);
      stack.push(name);
      out += '{';
      i += ctor[0].length;
      quoteKey();
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') stack.push(null);
    if (ch === ')' || ch === ']' || ch === '}') stack.pop();
    out += ch;
    i++;
    if (ch === ',') quoteKey();
  }
  expect(stack).toEqual([]);
  return { text: out, constructors, fields };
}

function typedPaths(constructors: Set<string>, fields: Array<[string, string]>, listPath: string): void {
  for (const name of constructors) expect(`${listPath}.`.startsWith(`${name}.`), name).toBe(true);
  for (const [type, field] of fields) {
    if (type === listPath) expect(['name', 'imagePullPolicy'], `${type}.${field}`).toContain(field);
    else expect(constructors.has(`${type}.${field}`), `${type}.${field}`).toBe(true);
  }
}

/** Server-side apply of an apply configuration onto `target` (container lists merged by name). */
function apply(target: Json, config: Json): void {
  for (const [field, value] of Object.entries(config)) {
    if (CONTAINER_LISTS.includes(field) && Array.isArray(value)) {
      const list = target[field];
      if (!Array.isArray(list)) throw new Error(`apply configuration sets ${field}, which the object has not`);
      for (const entry of value as Json[]) {
        const existing = (list as Json[]).find((c) => c.name === entry.name);
        // SSA would append a new entry: with a name from variables.slots that would be a bug.
        if (!existing) throw new Error(`apply configuration names no container ${String(entry.name)}`);
        Object.assign(existing, entry);
      }
    } else if (isRecord(value)) {
      if (!isRecord(target[field])) target[field] = {};
      apply(target[field] as Json, value);
    } else target[field] = value;
  }
}

interface Request {
  namespace: string;
  operation: 'CREATE' | 'UPDATE';
  subResource: string;
}

function admits(policy: Obj, kind: string, request: Request): boolean {
  return (policy.spec.matchConstraints.resourceRules as { resources: string[]; operations: string[] }[]).some((r) => {
    const resource = request.subResource === '' ? null : `pods/${request.subResource}`;
    const resources = resource === null ? r.resources : r.resources.includes(resource) ? ['pods'] : [];
    return r.operations.includes(request.operation) && admittedKinds(resources).includes(kind);
  });
}

/** Every matching MutatingAdmissionPolicy applied once, in order; returns the mutated copy. */
function mutate(policies: Obj[], object: Json, request: Request): Json {
  const current = structuredClone(object);
  for (const policy of policies) {
    if (!admits(policy, object.kind as string, request)) continue;
    const conditions = (policy.spec.matchConditions ?? []) as { expression: string }[];
    if (!conditions.every((c) => evaluateExpression(c.expression, { object: current, request }) === true)) continue;
    const kind = object.kind as string;
    const path = ['Object', ...WORKLOAD_KINDS[kind]!.podSpecPath].join('.');
    for (const m of policy.spec.mutations as { patchType: string; applyConfiguration: { expression: string } }[]) {
      expect(m.patchType).toBe('ApplyConfiguration');
      const { text, constructors, fields } = rewrite(m.applyConfiguration.expression);
      const variables = evaluateVariables(policy.spec.variables, current);
      const config = evaluateExpression(text, { object: current, request, variables });
      expect(isRecord(config)).toBe(true);
      if (Object.keys(config as Json).length > 0) {
        const list = CONTAINER_LISTS.find((l) => constructors.has(`${path}.${l}`))!;
        typedPaths(constructors, fields, `${path}.${list}`);
      }
      apply(current, config as Json);
    }
  }
  return current;
}

const IMAGES = [
  'nginx',
  'nginx:latest',
  'nginx:1.27',
  `ghcr.io/acme/api@sha256:${'c'.repeat(64)}`,
  'ghcr.io/acme/api:2.0',
  'ghcr.io/acme/worker:latest',
  'localhost:5000/app',
  `registry.k8s.io/pause:3.9@sha256:${'d'.repeat(64)}`,
  'quay.io/org/tool:v1',
  'docker.io/library/busybox:1.36',
];
const POLICIES = ['', 'Always', 'IfNotPresent', 'Never'];
const NAMESPACES = ['prod-eu', 'prod-us', 'dev', 'team-b'];
const KINDS = ['Pod', 'Deployment', 'CronJob', 'StatefulSet', 'Job'];

function container(name: string, n: number): Json {
  const policy = POLICIES[n % POLICIES.length]!;
  return { name, image: IMAGES[n % IMAGES.length]!, ...(policy ? { imagePullPolicy: policy } : {}) };
}

function workloads(): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < 60; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const spec: Json = {
      initContainers: [container('init', i * 3 + 1)],
      containers: [container('app', i * 7), container('side', i * 5 + 2)],
    };
    let node: Json = { metadata: { labels: { tier: i % 2 ? 'web' : 'batch' } }, spec };
    for (const field of WORKLOAD_KINDS[kind]!.podSpecPath.slice(0, -1).reverse()) node = { [field]: node };
    const group = WORKLOAD_KINDS[kind]!.groups[0]!;
    out.push({
      apiVersion: group === '' ? 'v1' : `${group}/v1`,
      kind,
      metadata: { name: `w-${i}`, namespace: NAMESPACES[i % NAMESPACES.length], labels: { tier: 'web' } },
      ...(kind === 'Pod' ? { spec } : node),
    });
  }
  return out;
}

const RULE_SETS: RuleDefinition[] = [
  makeRule({ name: 'set.always', kind: 'set-pull-policy', match: { namespaces: ['prod-*'] } }),
  makeRule({
    name: 'set.pinned',
    kind: 'set-pull-policy',
    params: { policy: 'IfNotPresent', when: { digest: true } },
    match: { kinds: ['CronJob', 'Deployment', 'Pod'], images: ['ghcr.io/acme/*', 'registry.k8s.io/*'] },
    exclude: { slots: ['initContainer'] },
  }),
  makeRule({
    name: 'set.never-web',
    kind: 'set-pull-policy',
    params: { policy: 'Never' },
    match: { labels: { matchLabels: { tier: 'web' } }, slots: ['container', 'ephemeralContainer'] },
  }),
];

/** pullwise's set-pull-policy findings, as `<list>/<container name>`, for container slots. */
function findings(rule: RuleDefinition, object: Json): string[] {
  const k8s = evaluateManifests([object]);
  const out: string[] = [];
  const result = applyRules(k8s, compileRuleSet([rule], []), { cluster: 'prod-eu', preloadedImages: [], now: NOW });
  for (const workload of k8s.workloads) {
    for (const slot of workload.slots) {
      const list = `${slot.type}s`;
      if (!CONTAINER_LISTS.includes(list)) continue;
      const found = result.get(`${workload.document}:${slot.path}`) ?? [];
      if (found.some((f) => f.rule === rule.name && !f.waived)) out.push(`${list}/${slot.name}`);
    }
  }
  return out.sort();
}

function containersOf(object: Json): Map<string, Json> {
  let spec: unknown = object;
  for (const field of WORKLOAD_KINDS[object.kind as string]!.podSpecPath) spec = (spec as Json)[field];
  const out = new Map<string, Json>();
  for (const list of CONTAINER_LISTS) {
    for (const c of ((spec as Json)[list] ?? []) as Json[]) out.set(`${list}/${c.name as string}`, c);
  }
  return out;
}

function changed(before: Json, after: Json): string[] {
  const a = containersOf(after);
  return [...containersOf(before)]
    .filter(([key, c]) => JSON.stringify(c) !== JSON.stringify(a.get(key)))
    .map(([key]) => key)
    .sort();
}

describe('MutatingAdmissionPolicy: applying the generated ApplyConfigurations', () => {
  it('rewrites typed constructors narrowly', () => {
    const { text, fields } = rewrite(
      'x == "Object{a: 1}" ? Object{} : Object{spec: Object.spec{containers: l.map(s, Object.spec.containers{name: s.name, imagePullPolicy: "Always"})}}',
    );
    expect(text).toBe(
      'x == "Object{a: 1}" ? {} : {"spec": {"containers": l.map(s, {"name": s.name, "imagePullPolicy": "Always"})}}',
    );
    expect(fields).toEqual([
      ['Object', 'spec'],
      ['Object.spec', 'containers'],
      ['Object.spec.containers', 'name'],
      ['Object.spec.containers', 'imagePullPolicy'],
    ]);
  });

  for (const rule of RULE_SETS) {
    it(`${rule.name}: after mutation pullwise finds nothing in scope, and nothing else changed`, () => {
      const { list } = compileAdmissionPolicies({
        rules: [rule],
        exceptions: [],
        cluster: { name: 'prod-eu', preloadedImages: [], hasNodeInventory: false },
        now: NOW,
      });
      const policies = (list.items as Obj[]).filter((i) => i.kind === 'MutatingAdmissionPolicy');
      expect(policies.length).toBeGreaterThan(0);
      let mutated = 0;
      for (const object of workloads()) {
        const where = `${object.kind as string} ${(object.metadata as { name: string }).name}`;
        const admitted = apiServerDefaults(object);
        const namespace = (object.metadata as { namespace: string }).namespace;
        const request: Request = { namespace, operation: 'CREATE', subResource: '' };
        const before = findings(rule, admitted);
        const after = mutate(policies, admitted, request);
        expect(findings(rule, after), where).toEqual([]);
        expect(changed(admitted, after), where).toEqual(before);
        // Reinvocation (IfNeeded) changes nothing more.
        expect(mutate(policies, after, request), where).toEqual(after);
        if (before.length > 0) mutated++;
      }
      expect(mutated).toBeGreaterThan(5);
    });
  }

  it('pods/ephemeralcontainers: only the ephemeral containers change', () => {
    const rule = RULE_SETS[0]!;
    const { list } = compileAdmissionPolicies({
      rules: [rule],
      exceptions: [],
      cluster: { name: 'prod-eu', preloadedImages: [], hasNodeInventory: false },
      now: NOW,
    });
    const policies = (list.items as Obj[]).filter((i) => i.kind === 'MutatingAdmissionPolicy');
    const pod = apiServerDefaults({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debugged', namespace: 'prod-eu' },
      spec: {
        containers: [container('app', 2)],
        ephemeralContainers: [container('debug', 2), container('debug-2', 6)],
      },
    }) as Json;
    const request: Request = { namespace: 'prod-eu', operation: 'UPDATE', subResource: 'ephemeralcontainers' };
    const before = findings(rule, pod);
    expect(before).toEqual(['containers/app', 'ephemeralContainers/debug', 'ephemeralContainers/debug-2']);
    const after = mutate(policies, pod, request);
    expect(changed(pod, after)).toEqual(['ephemeralContainers/debug', 'ephemeralContainers/debug-2']);
    expect(findings(rule, after)).toEqual(['containers/app']);
    // An UPDATE of the Pod itself is not admitted: its imagePullPolicy cannot change after creation.
    expect(mutate(policies, pod, { ...request, subResource: '' })).toEqual(pod);
  });
});

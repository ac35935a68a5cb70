import { evaluateManifests } from '#k8s';
import { describe, expect, it } from 'vitest';
import { applyRules } from './apply-rules.js';
import { evaluate as evaluateWith } from './evaluate.js';
import { compileRuleSet } from './compile.js';
import { assembleResult, slotKey } from './evaluation-result.js';
import type { RuleDefinition } from './rule-types.js';
import { NOW, evaluate, makeRule, pod } from './test-support.js';

const ctx = { cluster: null, preloadedImages: [], now: NOW };

describe('verdicts (assembleResult)', () => {
  it.each<[string, 'deny' | 'warn' | 'audit', 'pass' | 'warn' | 'fail']>([
    ['deny fails', 'deny', 'fail'],
    ['warn warns', 'warn', 'warn'],
    ['audit passes', 'audit', 'pass'],
  ])('%s', (_name, enforcement, verdict) => {
    const result = evaluate(pod(['nginx:1.27']), [makeRule({ name: 'pin', kind: 'require-digest', enforcement })]);
    expect(result.verdict).toBe(verdict);
    expect(result.summary.findings[enforcement]).toBe(1);
  });

  it('deny beats warn; no findings pass', () => {
    const rules = [
      makeRule({ name: 'a', kind: 'require-digest', enforcement: 'warn' }),
      makeRule({ name: 'b', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' }),
    ];
    expect(evaluate(pod(['nginx']), rules).verdict).toBe('fail');
    expect(evaluate(pod(['nginx:1.27']), rules).verdict).toBe('warn');
    expect(evaluate(pod([`nginx:1.27@sha256:${'c'.repeat(64)}`]), rules).verdict).toBe('pass');
  });

  it('located findings carry workload, slot, namespace and line; severity defaults to medium', () => {
    const result = evaluate(pod(['nginx:1.27'], { namespace: 'team-a', name: 'web' }), [
      makeRule({ name: 'pin', kind: 'require-digest' }),
    ]);
    expect(result.findings[0]).toMatchObject({
      rule: 'pin',
      ruleVersion: 1,
      kind: 'require-digest',
      enforcement: 'deny',
      severity: 'medium',
      waived: false,
      waivedBy: null,
      document: 0,
      workload: 'Pod/web',
      slot: 'spec.containers[0]',
      namespace: 'team-a',
    });
  });
});

describe('applyRules', () => {
  const manifests = [
    pod(['nginx:1.27', 'ghcr.io/acme/app:1'], { name: 'a', namespace: 'team-a', labels: { app: 'a' } }),
    pod(['nginx:1.27'], { name: 'b', namespace: 'kube-system' }),
  ];

  it('orders findings by rule name, whatever the definition order', () => {
    const rules = [
      makeRule({ name: 'zz-digest', kind: 'require-digest' }),
      makeRule({ name: 'aa-explicit', kind: 'explicit-pull-policy' }),
      makeRule({ name: 'mm-mutable', kind: 'mutable-tag-requires-always' }),
    ];
    const k8s = evaluateManifests(manifests);
    const map = applyRules(k8s, compileRuleSet(rules, []), ctx);
    expect(map.get(slotKey(0, 'spec.containers[0]'))!.map((f) => f.rule)).toEqual([
      'aa-explicit',
      'mm-mutable',
      'zz-digest',
    ]);
    const reversed = applyRules(k8s, compileRuleSet([...rules].reverse(), []), ctx);
    expect(reversed).toEqual(map);
  });

  it('leaves out disabled rules and slots without findings', () => {
    const rules = [makeRule({ name: 'pin', kind: 'require-digest', enabled: false })];
    expect(applyRules(evaluateManifests(manifests), compileRuleSet(rules, []), ctx).size).toBe(0);
    expect(compileRuleSet(rules, []).rules).toEqual([]);
  });

  it('scopes by namespace, labels, images and slots; exclude wins', () => {
    const rules = [
      makeRule({ name: 'ns', kind: 'require-digest', match: { namespaces: ['team-*'] } }),
      makeRule({ name: 'img', kind: 'explicit-pull-policy', match: { images: ['ghcr.io/acme/*'] } }),
      makeRule({ name: 'sys', kind: 'mutable-tag-requires-always', exclude: { namespaces: ['kube-*'] } }),
      makeRule({
        name: 'lbl',
        kind: 'disallowed-tags',
        params: { tags: ['1*'] },
        match: { labels: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] } },
      }),
    ];
    const result = evaluate(manifests, rules);
    expect(result.findings.map((f) => `${f.workload} ${f.slot} ${f.rule}`)).toEqual([
      'Pod/a spec.containers[0] ns',
      'Pod/a spec.containers[0] sys',
      'Pod/a spec.containers[1] img',
      'Pod/a spec.containers[1] ns',
      'Pod/a spec.containers[1] sys',
      'Pod/b spec.containers[0] lbl',
    ]);
  });

  it('a rule scoped to clusters applies only when that cluster is named', () => {
    const rules = [makeRule({ name: 'prod-only', kind: 'require-digest', match: { clusters: ['prod-*'] } })];
    expect(evaluate(pod(['nginx:1']), rules).findings).toEqual([]);
    expect(evaluate(pod(['nginx:1']), rules, { rule: { cluster: 'prod-eu' } }).findings.length).toBe(1);
    expect(evaluate(pod(['nginx:1']), rules, { rule: { cluster: 'stage' } }).findings).toEqual([]);
  });

  it('matches namespaces from the context when documents name none', () => {
    const rules = [makeRule({ name: 'r', kind: 'require-digest', match: { namespaces: ['ci'] } })];
    const p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'x' },
      spec: { containers: [{ name: 'a', image: 'nginx:1' }] },
    };
    expect(evaluate(p, rules, { context: { namespace: 'ci' } }).findings.length).toBe(1);
    expect(evaluate(p, rules).findings.length).toBe(0);
  });

  it('never throws on odd slots (empty images, unparsable references, invalid policies)', () => {
    const everyKind = [
      makeRule({ name: 'a', kind: 'pull-policy', params: { allowed: ['Always'] } }),
      makeRule({ name: 'b', kind: 'explicit-pull-policy' }),
      makeRule({ name: 'c', kind: 'mutable-tag-requires-always' }),
      makeRule({ name: 'd', kind: 'require-digest' }),
      makeRule({ name: 'e', kind: 'disallowed-tags', params: { tags: ['*'] } }),
      makeRule({ name: 'f', kind: 'allowed-registries', params: { registries: ['ghcr.io'] } }),
      makeRule({ name: 'g', kind: 'denied-registries', params: { registries: ['*'] } }),
      makeRule({ name: 'h', kind: 'never-requires-preloaded' }),
      makeRule({ name: 'i', kind: 'pull-secrets-for-registries', params: { registries: ['*'] } }),
    ];
    const odd = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'odd' },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'a' },
              { name: 'b', image: 'UPPER/case' },
              { name: 'c', image: ' nginx ', imagePullPolicy: 'Sometimes' },
              { name: 'd', image: 'x@', imagePullPolicy: 'Never' },
            ],
            volumes: [{ name: 'v', image: {} }],
          },
        },
      },
    };
    const result = evaluate(odd, everyKind);
    expect(result.workloads[0]!.slots.length).toBe(5);
    expect(result.findings.filter((f) => f.slot.endsWith('volumes[0].image')).map((f) => f.rule)).toEqual(['a', 'b']);
  });
});

describe('compileRuleSet', () => {
  it('skips stored rules that no longer validate instead of failing the set', () => {
    const broken: RuleDefinition = {
      ...makeRule({ name: 'ok', kind: 'require-digest' }),
      name: 'broken',
      id: 'x',
      params: { allowed: [] },
      kind: 'pull-policy',
    };
    const set = compileRuleSet([broken, makeRule({ name: 'ok', kind: 'require-digest' })], []);
    expect(set.rules.map((r) => r.definition.name)).toEqual(['ok']);
    expect(set.skipped).toEqual([
      {
        id: 'x',
        name: 'broken',
        problems: [{ path: 'params.allowed', message: expect.stringMatching(/must not be empty/) }],
      },
    ]);
  });

  it('visits only the rules that can apply to a workload (index by cluster, namespace, kind, labels)', () => {
    const rules: RuleDefinition[] = [];
    for (let i = 0; i < 200; i++)
      rules.push(makeRule({ name: `ns-${i}`, kind: 'require-digest', match: { namespaces: [`team-${i}`] } }));
    for (let i = 0; i < 50; i++)
      rules.push(makeRule({ name: `cl-${i}`, kind: 'require-digest', match: { clusters: [`cluster-${i}`] } }));
    rules.push(makeRule({ name: 'kind-cron', kind: 'require-digest', match: { kinds: ['CronJob'] } }));
    rules.push(makeRule({ name: 'glob', kind: 'require-digest', match: { namespaces: ['team-1*'] } }));
    rules.push(makeRule({ name: 'lbl', kind: 'require-digest', match: { labels: { matchLabels: { app: 'x' } } } }));
    rules.push(makeRule({ name: 'ex', kind: 'require-digest', exclude: { namespaces: ['team-17'] } }));
    const set = compileRuleSet(rules, []);
    const subject = { cluster: 'cluster-3', namespace: 'team-17', kind: 'Deployment', labels: { app: 'y' } };
    expect(set.candidates(subject.cluster, subject.namespace, subject.kind).map((r) => r.definition.name)).toEqual([
      'cl-3',
      'ex',
      'glob',
      'lbl',
      'ns-17',
    ]);
    expect(set.rulesForWorkload(subject).map((r) => r.definition.name)).toEqual(['cl-3', 'glob', 'ns-17']);
    expect(set.candidates(null, 'other', 'CronJob').map((r) => r.definition.name)).toEqual(['ex', 'kind-cron', 'lbl']);
  });

  it('reuses the compiled form of rules whose kind, params, match and exclude are unchanged', () => {
    const a = makeRule({ name: 'a', kind: 'disallowed-tags', params: { tags: ['latest'] } });
    const b = makeRule({ name: 'b', kind: 'require-digest', match: { namespaces: ['prod'] } });
    const first = compileRuleSet([a, b]);
    const renamed = { ...a, name: 'a2', enforcement: 'warn' as const };
    const changed = { ...b, match: { namespaces: ['staging'] } };
    const second = compileRuleSet([renamed, changed], [], first);
    const [ra, rb] = second.rules;
    expect(ra!.definition).toBe(renamed);
    expect(ra!.check).toBe(first.rules[0]!.check);
    expect(rb!.scope).not.toBe(first.rules[1]!.scope);
    const staging = pod(['nginx:1.27'], { namespace: 'staging' });
    expect(
      applyRules(evaluateManifests(staging), second, ctx)
        .get('0:spec.containers[0]')!
        .map((f) => f.rule),
    ).toEqual(['b']);
  });

  it('evaluate takes preloaded images from the cluster context', () => {
    const set = compileRuleSet([makeRule({ name: 'never', kind: 'never-requires-preloaded' })], []);
    const p = pod(['registry.k8s.io/pause:3.9|Never']);
    const settings = { ruleSet: set, cluster: null, now: NOW };
    const preloaded = { preloadedImages: ['registry.k8s.io/pause:3.9'] };
    expect(evaluateWith(p, { ...settings, context: preloaded }).verdict).toBe('pass');
    expect(evaluateWith(p, { ...settings, context: {} }).verdict).toBe('fail');
    const k8s = evaluateManifests(p);
    expect(
      assembleResult(k8s, applyRules(k8s, set, { ...ctx, preloadedImages: ['registry.k8s.io/pause:3.9'] })).verdict,
    ).toBe('pass');
  });
});

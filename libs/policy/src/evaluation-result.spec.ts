import { evaluateManifests, type K8sEvaluation } from '#k8s';
import { describe, expect, it } from 'vitest';
import { applyRules } from './apply-rules.js';
import { compileRuleSet } from './compile.js';
import { assembleResult, nothingReadDetail, worseVerdict } from './evaluation-result.js';
import { NOW, makeRule, pod } from './test-support.js';

const deny = makeRule({
  name: 'no-latest',
  kind: 'disallowed-tags',
  params: { tags: ['latest'] },
  enforcement: 'deny',
});
const warn = makeRule({ name: 'pin', kind: 'require-digest', enforcement: 'warn' });
const ctx = { cluster: null, preloadedImages: [], now: NOW };

function result(k8s: K8sEvaluation, rules = [deny, warn]) {
  const set = compileRuleSet(rules, []);
  return assembleResult(k8s, applyRules(k8s, set, ctx), set.evaluatedRules);
}

const broken = (k8s: K8sEvaluation): K8sEvaluation => ({
  ...k8s,
  errors: [
    {
      code: 'invalid-pull-policy',
      document: 0,
      path: 'spec.containers[0].imagePullPolicy',
      line: 9,
      message: 'Unsupported value',
    },
  ],
});

describe(assembleResult.name, () => {
  it.each([
    ['a deny finding', 'nginx', 'fail'],
    ['a warn finding', 'nginx:1.27', 'warn'],
    ['no finding', `nginx:1.27@sha256:${'c'.repeat(64)}`, 'pass'],
  ] as const)('input errors make the verdict error whatever the findings: %s', (_name, image, judged) => {
    const k8s = evaluateManifests(pod([image]));
    expect(result(k8s).verdict).toBe(judged);
    const withErrors = result(broken(k8s));
    expect(withErrors.verdict).toBe('error');
    expect(withErrors.summary.findings).toEqual(result(k8s).summary.findings);
  });

  it('lists the rules it ran, with or without findings, in rule-name order', () => {
    const r = result(evaluateManifests(pod([`nginx:1.27@sha256:${'c'.repeat(64)}`])));
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([
      {
        id: deny.id,
        name: 'no-latest',
        kind: 'disallowed-tags',
        version: 1,
        enforcement: 'deny',
        severity: 'medium',
        description: null,
      },
      {
        id: warn.id,
        name: 'pin',
        kind: 'require-digest',
        version: 1,
        enforcement: 'warn',
        severity: 'medium',
        description: null,
      },
    ]);
    const disabled = result(evaluateManifests(pod(['nginx'])), [deny, { ...warn, enabled: false }]);
    expect(disabled.rules.map((x) => x.name)).toEqual(['no-latest']);
  });

  it('carries the skipped objects and they do not change the verdict', () => {
    const k8s = evaluateManifests(pod([`nginx:1.27@sha256:${'c'.repeat(64)}`]));
    const skipped = {
      document: 1,
      apiVersion: 'example.com/v1',
      kind: 'Runner',
      name: 'ci',
      reason: 'a custom resource whose pod templates pullwise does not know',
      imagePaths: ['spec.image'],
    };
    const r = result({ ...k8s, skipped: [skipped] });
    expect(r.skipped).toEqual([skipped]);
    expect(r.verdict).toBe('pass');
  });
});

describe(worseVerdict.name, () => {
  it.each([
    ['pass', 'warn', 'warn'],
    ['fail', 'warn', 'fail'],
    ['fail', 'error', 'error'],
    ['error', 'pass', 'error'],
  ] as const)('%s, %s -> %s', (a, b, worse) => expect(worseVerdict(a, b)).toBe(worse));
});

describe(nothingReadDetail.name, () => {
  it.each([
    'hello world',
    '42',
    'null',
    'foo: bar',
    'this is : not : yaml: [',
    '[]',
    'apiVersion: v1\nkind: List\nitems: [42]',
  ])('nothing read from %j', (text) => {
    const k8s = evaluateManifests(text);
    expect(k8s.errors.length).toBeGreaterThan(0);
    expect(nothingReadDetail(k8s)).toMatch(/^No Kubernetes object could be read from the input: /);
  });

  it.each([
    ['a blank input', '# nothing\n'],
    ['a readable object', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n'],
    ['one broken document beside a workload', `${JSON.stringify(pod(['nginx:1.27']))}\n---\nfoo: [\n`],
    ['a broken document beside a readable object', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n42\n'],
    ['a workload with an invalid field', JSON.stringify(pod(['nginx:1.27|always']))],
  ])('something read: %s', (_name, text) => {
    expect(nothingReadDetail(evaluateManifests(text))).toBeNull();
  });

  it('an object listed as skipped was read', () => {
    const k8s = evaluateManifests('foo: bar');
    expect(nothingReadDetail({ ...k8s, skipped: [{ document: 0 }] })).toBeNull();
  });

  it('says how many documents failed', () => {
    expect(nothingReadDetail(evaluateManifests('1\n---\n2\n'))).toContain('all 2 documents have errors');
  });
});

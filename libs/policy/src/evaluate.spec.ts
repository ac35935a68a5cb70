import { evaluateManifests, KubeletVersionError } from '#k8s';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.js';
import { contextFromProfile, evaluate, judge, type ProfileFacts } from './evaluate.js';
import { DIGEST, NOW, makeException, makeRule, pod } from './test-support.js';

const rules = [
  makeRule({ name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' }),
  makeRule({ name: 'prod-digest', kind: 'require-digest', enforcement: 'warn', match: { clusters: ['prod'] } }),
];
const ruleSet = compileRuleSet(rules, []);
const base = { ruleSet, context: {}, cluster: null, now: NOW };

describe(evaluate.name, () => {
  it('is the engine, the rules and the assembly in one: findings, verdict and the rules it ran', () => {
    const r = evaluate(pod(['nginx:latest']), base);
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => f.rule)).toEqual(['no-latest']);
    // `rules` lists the rules that applied to a slot: prod-digest is for cluster prod only.
    const noLatest = rules[0]!;
    expect(r.rules.map((x) => [x.id, x.name, x.version])).toEqual([[noLatest.id, noLatest.name, noLatest.version]]);
    expect(r).toEqual(judge(evaluateManifests(pod(['nginx:latest'])), base));
    const onProd = evaluate(pod(['nginx:latest']), { ...base, cluster: 'prod' });
    expect(onProd.rules.map((x) => x.name)).toEqual(['no-latest', 'prod-digest']);
  });

  it('lists a rule that applied without a finding, and no rule at all for an input with no slots', () => {
    expect(evaluate(pod(['nginx:1.27']), base).rules.map((x) => x.name)).toEqual(['no-latest']);
    expect(evaluate('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', base).rules).toEqual([]);
  });

  it('matches rules and exceptions on the cluster it is given', () => {
    expect(evaluate(pod(['nginx:1.27']), base).verdict).toBe('pass');
    expect(evaluate(pod(['nginx:1.27']), { ...base, cluster: 'prod' }).verdict).toBe('warn');
  });

  it('decides exception expiry at `now`', () => {
    const exception = makeException({ name: 'x', rules: ['no-latest'], expiresAt: '2026-06-01T00:00:00Z' });
    const set = compileRuleSet(rules, [exception]);
    const before = evaluate(pod(['nginx:latest']), { ...base, ruleSet: set });
    const after = evaluate(pod(['nginx:latest']), { ...base, ruleSet: set, now: new Date('2026-07-01T00:00:00Z') });
    expect([before.verdict, before.findings[0]!.waivedBy]).toEqual(['pass', 'x']);
    expect([after.verdict, after.findings[0]!.expiredWaiver]).toEqual(['fail', 'x']);
  });

  it('takes preloaded images from the context, for the engine and the rules alike', () => {
    const set = compileRuleSet([makeRule({ name: 'never', kind: 'never-requires-preloaded' })], []);
    const p = pod(['registry.k8s.io/pause:3.9|Never']);
    const preloaded = { preloadedImages: ['registry.k8s.io/pause:3.9'] };
    expect(evaluate(p, { ...base, ruleSet: set, context: preloaded }).verdict).toBe('pass');
    expect(evaluate(p, { ...base, ruleSet: set }).verdict).toBe('fail');
  });

  it('applies the limits it is given, as coded errors', () => {
    const r = evaluate(pod(['a:1', 'b:1']), { ...base, limits: { maxSlots: 1 } });
    expect(r.verdict).toBe('error');
    expect(r.errors.map((e) => e.code)).toEqual(['too-many-slots']);
    expect(evaluate(pod(['a:1', 'b:1']), base).errors).toEqual([]);
  });

  it('answers an empty input with the one no-objects error', () => {
    expect(evaluate('', base).errors.map((e) => e.code)).toEqual(['no-objects']);
    expect(evaluate({}, base).verdict).toBe('error');
  });

  it('throws KubeletVersionError for a kubelet version it cannot model', () => {
    expect(() => evaluate(pod(['nginx:1.27']), { ...base, context: { kubeletVersion: '0.9' } })).toThrow(
      KubeletVersionError,
    );
  });

  it('judges one reading under different rule sets without reading it again', () => {
    const k8s = evaluateManifests(pod([`nginx@${DIGEST}`, 'nginx:latest']));
    const none = judge(k8s, { ...base, ruleSet: compileRuleSet([], []) });
    expect([none.verdict, none.rules]).toEqual(['pass', []]);
    expect(judge(k8s, base).verdict).toBe('fail');
  });
});

describe(contextFromProfile.name, () => {
  const profile: ProfileFacts = {
    admissionPlugins: ['AlwaysPullImages'],
    kubeletVersion: null,
    credentialVerificationPolicy: null,
    verificationAllowlist: [],
    preloadedImages: ['pause'],
    podTemplatePaths: [],
  };

  it('leaves out what the profile does not set, so defaults and explicit fields apply', () => {
    expect(contextFromProfile(profile)).toEqual({
      admissionPlugins: ['AlwaysPullImages'],
      verificationAllowlist: [],
      preloadedImages: ['pause'],
    });
  });

  it('carries what it sets', () => {
    const paths = [{ apiVersion: 'example.com/v1', kind: 'Run', path: 'spec.template.spec' }];
    expect(
      contextFromProfile({
        ...profile,
        kubeletVersion: '1.33',
        credentialVerificationPolicy: 'AlwaysVerify',
        podTemplatePaths: paths,
      }),
    ).toMatchObject({ kubeletVersion: '1.33', credentialVerificationPolicy: 'AlwaysVerify', podTemplatePaths: paths });
  });
});

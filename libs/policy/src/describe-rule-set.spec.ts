import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.js';
import { describeRuleSet } from './describe-rule-set.js';
import { makeRule } from './test-support.js';

describe('describeRuleSet ("what applies in namespace X?")', () => {
  const set = compileRuleSet(
    [
      makeRule({ name: 'everywhere', kind: 'require-digest' }),
      makeRule({
        name: 'team-only',
        kind: 'disallowed-tags',
        params: { tags: ['latest'] },
        match: { namespaces: ['team-*'] },
      }),
      makeRule({ name: 'prod-only', kind: 'explicit-pull-policy', match: { clusters: ['prod'] } }),
      makeRule({ name: 'jobs', kind: 'mutable-tag-requires-always', match: { kinds: ['CronJob', 'Job'] } }),
      makeRule({
        name: 'web-pods',
        kind: 'pull-policy',
        params: { allowed: ['Always'] },
        match: { labels: { matchLabels: { app: 'web' } }, images: ['ghcr.io/*'] },
      }),
      makeRule({ name: 'not-system', kind: 'never-requires-preloaded', exclude: { namespaces: ['team-sys'] } }),
      makeRule({ name: 'off', kind: 'require-digest', enabled: false }),
    ],
    [],
  );

  it('lists the enabled rules that may apply, marking conditional ones', () => {
    const rows = describeRuleSet(set, { namespace: 'team-a' }).map((r) => [r.rule.name, r.conditional, r.conditions]);
    expect(rows).toEqual([
      ['everywhere', false, []],
      ['jobs', true, ['only kinds CronJob, Job']],
      ['not-system', true, ['except what its exclude names']],
      ['team-only', false, []],
      ['web-pods', true, ['only workloads whose labels match its selector', 'only images ghcr.io/*']],
    ]);
  });

  it('decides kinds, labels, clusters and whole-workload excludes when they are given', () => {
    const names = (q: Parameters<typeof describeRuleSet>[1]) => describeRuleSet(set, q).map((r) => r.rule.name);
    expect(names({ namespace: 'team-sys', kind: 'Deployment', labels: { app: 'api' }, cluster: 'prod' })).toEqual([
      'everywhere',
      'prod-only',
      'team-only',
    ]);
    expect(names({ namespace: 'default', kind: 'CronJob', labels: { app: 'web' } })).toEqual([
      'everywhere',
      'jobs',
      'not-system',
      'web-pods',
    ]);
    expect(describeRuleSet(set, { namespace: 'default', kind: 'Job', labels: {} })[0]!.summary).toBe(
      'the image is pinned by digest',
    );
  });
});

describe('compiled sets tolerate bad stored data', () => {
  it('skips an exception whose match no longer validates', () => {
    const set = compileRuleSet(
      [],
      [
        {
          id: 'e',
          name: 'bad',
          rules: ['*'],
          match: { namespaces: 'x' as unknown as string[] },
          justification: 'j',
          owner: 'o',
        },
      ],
    );
    expect(set.exceptions.skipped).toEqual(['bad']);
  });

  it('skips a rule of an unknown kind', () => {
    const rule = { ...makeRule({ name: 'r', kind: 'require-digest' }), kind: 'gone' as 'require-digest' };
    expect(compileRuleSet([rule], []).skipped).toEqual([
      { id: rule.id, name: 'r', problems: [{ path: 'kind', message: '"gone" is not a rule kind' }] },
    ]);
  });
});

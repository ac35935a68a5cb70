import { describe, expect, it } from 'vitest';
import { RULE_KINDS, type RuleDefinition } from './rule-types.js';
import { validateRuleInput, validateRulePatch } from './validate-rule.js';

function problems(input: unknown) {
  const r = validateRuleInput(input);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
}

const base = { name: 'r1', kind: 'require-digest', params: {}, enforcement: 'deny' };

describe('validateRuleInput', () => {
  it('accepts a minimal rule and applies defaults', () => {
    expect(validateRuleInput(base)).toEqual({
      ok: true,
      value: {
        name: 'r1',
        description: null,
        kind: 'require-digest',
        params: {},
        match: null,
        exclude: null,
        enforcement: 'deny',
        severity: 'medium',
        enabled: true,
      },
    });
  });

  it('treats absent params as {} for kinds without params', () => {
    const r = validateRuleInput({ name: 'r1', kind: 'explicit-pull-policy', enforcement: 'warn' });
    expect(r.ok && r.value.params).toEqual({});
  });

  it('keeps every field of a full rule, dropping null match fields', () => {
    const r = validateRuleInput({
      ...base,
      kind: 'pull-policy',
      params: { allowed: ['IfNotPresent'], when: { digest: true } },
      description: 'pinned images need no registry round-trip',
      match: {
        namespaces: ['team-*'],
        kinds: null,
        labels: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      },
      exclude: { images: ['docker.io/library/busybox'] },
      severity: 'low',
      enabled: false,
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        params: { allowed: ['IfNotPresent'], when: { digest: true } },
        match: { namespaces: ['team-*'], labels: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } },
        exclude: { images: ['docker.io/library/busybox'] },
        severity: 'low',
        enabled: false,
      },
    });
    expect(r.ok && Object.hasOwn(r.value.match!, 'kinds')).toBe(false);
  });

  it.each<[string, unknown, Array<[string, RegExp]>]>([
    ['not an object', null, [['', /must be an object, got null/]]],
    [
      'missing everything',
      {},
      [
        ['name', /required/],
        ['enforcement', /required/],
        ['kind', /required: known kinds: pull-policy/],
      ],
    ],
    ['bad name', { ...base, name: 'Bad_Name' }, [['name', /not a valid name.*lowercase/]]],
    ['long name', { ...base, name: 'a'.repeat(254) }, [['name', /at most 253/]]],
    [
      'unknown kind',
      { ...base, kind: 'latest-tag' },
      [['kind', /"latest-tag" is not a rule kind; known kinds: pull-policy, explicit-pull-policy/]],
    ],
    [
      'bad enforcement',
      { ...base, enforcement: 'block' },
      [['enforcement', /"block" is not allowed; allowed values: deny, warn, audit/]],
    ],
    [
      'bad severity',
      { ...base, severity: 'urgent' },
      [['severity', /allowed values: critical, high, medium, low, info/]],
    ],
    ['enabled not boolean', { ...base, enabled: 'yes' }, [['enabled', /must be true or false, got "yes"/]]],
    [
      'unknown top-level field',
      { ...base, id: 'x' },
      [['id', /unknown field "id"; allowed fields: name, description, kind/]],
    ],
    [
      'unknown param',
      { ...base, params: { foo: 1 } },
      [['params.foo', /unknown field "foo"; this object takes no fields/]],
    ],
    [
      'pull-policy without allowed',
      { ...base, kind: 'pull-policy', params: {} },
      [['params.allowed', /required: must be a list/]],
    ],
    [
      'pull-policy empty allowed',
      { ...base, kind: 'pull-policy', params: { allowed: [] } },
      [['params.allowed', /must not be empty/]],
    ],
    [
      'pull-policy bad value',
      { ...base, kind: 'pull-policy', params: { allowed: ['Always', 'PullAlways'] } },
      [['params.allowed[1]', /"PullAlways" is not allowed; allowed values: Always, IfNotPresent, Never/]],
    ],
    [
      'pull-policy bad when',
      { ...base, kind: 'pull-policy', params: { allowed: ['Always'], when: { tag: 'x' } } },
      [['params.when.tag', /unknown field "tag"; allowed fields: digest/]],
    ],
    ['disallowed-tags without tags', { ...base, kind: 'disallowed-tags', params: {} }, [['params.tags', /required/]]],
    [
      'disallowed-tags empty glob',
      { ...base, kind: 'disallowed-tags', params: { tags: ['latest', ''] } },
      [['params.tags[1]', /must not be empty/]],
    ],
    [
      'disallowed-tags image instead of tag',
      { ...base, kind: 'disallowed-tags', params: { tags: ['nginx:latest'] } },
      [['params.tags[0]', /cannot match a tag/]],
    ],
    [
      'immutableTags not a list',
      { ...base, kind: 'mutable-tag-requires-always', params: { immutableTags: 'v*' } },
      [['params.immutableTags', /must be a list, got "v\*"/]],
    ],
    [
      'registries with a tag',
      { ...base, kind: 'allowed-registries', params: { registries: ['ghcr.io/*', 'ubuntu:20.14'] } },
      [['params.registries[1]', /names a tag or digest/]],
    ],
    [
      'registries empty',
      { ...base, kind: 'denied-registries', params: { registries: [] } },
      [['params.registries', /must not be empty/]],
    ],
    [
      'rewrite glob',
      {
        ...base,
        kind: 'denied-registries',
        params: { registries: ['k8s.gcr.io'], rewrites: [{ from: 'k8s.gcr.io/*', to: 'registry.k8s.io' }] },
      },
      [['params.rewrites[0].from', /not a glob/]],
    ],
    [
      'secret name',
      { ...base, kind: 'pull-secrets-for-registries', params: { registries: ['ghcr.io'], secretName: 'Reg Cred' } },
      [['params.secretName', /Secret name/]],
    ],
    ['match not an object', { ...base, match: 'prod' }, [['match', /must be an object, got "prod"/]]],
    [
      'match unknown field',
      { ...base, match: { namespace: ['a'] } },
      [
        [
          'match.namespace',
          /unknown field "namespace"; allowed fields: clusters, namespaces, kinds, labels, images, slots/,
        ],
      ],
    ],
    [
      'match empty list',
      { ...base, match: { namespaces: [] } },
      [['match.namespaces', /omit the field to match everything/]],
    ],
    ['match empty glob', { ...base, match: { images: ['ghcr.io/*', ''] } }, [['match.images[1]', /must not be empty/]]],
    [
      'match slot type',
      { ...base, match: { slots: ['sidecar'] } },
      [
        [
          'match.slots[0]',
          /"sidecar" is not allowed; allowed values: container, initContainer, ephemeralContainer, imageVolume/,
        ],
      ],
    ],
    [
      'selector operator',
      { ...base, match: { labels: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] } } },
      [
        [
          'match.labels.matchExpressions[0].operator',
          /"Equals" is not a valid selector operator: use one of In, NotIn, Exists, DoesNotExist/,
        ],
      ],
    ],
    [
      'selector values for In',
      { ...base, match: { labels: { matchExpressions: [{ key: 'app', operator: 'In' }] } } },
      [['match.labels.matchExpressions[0].values', /must be specified/]],
    ],
    [
      'selector unknown field',
      { ...base, exclude: { labels: { matchLabel: { a: 'b' } } } },
      [['exclude.labels.matchLabel', /unknown field "matchLabel"; allowed fields: matchLabels, matchExpressions/]],
    ],
    [
      'selector label value',
      { ...base, match: { labels: { matchLabels: { 'app.kubernetes.io/name': 1 } } } },
      [['match.labels.matchLabels[app.kubernetes.io/name]', /must be a string, got 1/]],
    ],
    ['empty exclude', { ...base, exclude: {} }, [['exclude', /would exclude everything/]]],
  ])('%s', (_name, input, expected) => {
    const got = problems(input);
    for (const [path, message] of expected) {
      expect(got, JSON.stringify(got)).toContainEqual({ path, message: expect.stringMatching(message) });
    }
    expect(got.length).toBe(expected.length);
  });

  it('reports problems in several places at once', () => {
    const got = problems({
      name: 'ok',
      kind: 'pull-policy',
      params: { allowed: ['Sometimes'] },
      enforcement: 'deny',
      match: { kinds: [''] },
    });
    expect(got.map((p) => p.path)).toEqual(['params.allowed[0]', 'match.kinds[0]']);
  });

  it('knows every kind', () => {
    for (const kind of RULE_KINDS) {
      const params =
        {
          'pull-policy': { allowed: ['Always'] },
          'disallowed-tags': { tags: ['latest'] },
          'allowed-registries': { registries: ['ghcr.io'] },
          'denied-registries': { registries: ['k8s.gcr.io'] },
          'pull-secrets-for-registries': { registries: ['ghcr.io'] },
        }[kind as string] ?? {};
      expect(validateRuleInput({ ...base, kind, params }).ok, kind).toBe(true);
    }
  });
});

describe('validateRulePatch', () => {
  const existing: RuleDefinition = {
    id: 'id-1',
    version: 3,
    name: 'no-latest',
    kind: 'disallowed-tags',
    params: { tags: ['latest'] },
    match: { namespaces: ['team-*'] },
    exclude: null,
    enforcement: 'warn',
    severity: 'high',
    enabled: true,
    description: 'x',
  };

  it('merges the given fields and keeps the others', () => {
    const r = validateRulePatch(existing, { enforcement: 'deny', match: null, description: null });
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'no-latest',
        description: null,
        kind: 'disallowed-tags',
        params: { tags: ['latest'] },
        match: null,
        exclude: null,
        enforcement: 'deny',
        severity: 'high',
        enabled: true,
      },
    });
  });

  it('an empty patch returns the stored rule', () => {
    expect(validateRulePatch(existing, {})).toMatchObject({
      ok: true,
      value: { params: { tags: ['latest'] }, enforcement: 'warn' },
    });
  });

  it('changes kind together with valid params', () => {
    const r = validateRulePatch(existing, { kind: 'pull-policy', params: { allowed: ['Always'] } });
    expect(r).toMatchObject({ ok: true, value: { kind: 'pull-policy', params: { allowed: ['Always'] } } });
  });

  it('refuses a kind change whose stored params do not fit the new kind', () => {
    const r = validateRulePatch(existing, { kind: 'pull-policy' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual(['params.allowed', 'params.tags']);
    expect(r.problems[0]!.message).toMatch(
      /kind changes from disallowed-tags to pull-policy .*send params for the new kind/,
    );
  });

  it('allows a kind change when the stored params fit (both take {})', () => {
    const r = validateRulePatch({ ...existing, kind: 'require-digest', params: {} }, { kind: 'explicit-pull-policy' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'explicit-pull-policy', params: {} } });
  });

  it('rejects invalid patches with exact paths', () => {
    expect(validateRulePatch(existing, { params: { tags: [] } })).toEqual({
      ok: false,
      problems: [{ path: 'params.tags', message: expect.stringMatching(/must not be empty/) }],
    });
    expect(validateRulePatch(existing, { version: 4 })).toEqual({
      ok: false,
      problems: [{ path: 'version', message: expect.stringMatching(/unknown field "version"/) }],
    });
    expect(validateRulePatch(existing, 'x')).toEqual({
      ok: false,
      problems: [{ path: '', message: 'must be an object, got "x"' }],
    });
    expect(validateRulePatch(existing, { name: 'Bad' })).toMatchObject({ ok: false, problems: [{ path: 'name' }] });
  });
});

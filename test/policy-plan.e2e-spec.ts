// Issue 18 (policy as code): POST /v1/policy/plan. What applying a bundle would change, object by object —
// create, update (with the fields it changes), delete (with prune), unchanged, and unmanaged (stored, not named
// by the bundle, kept because the plan does not prune) — compared on meaning: defaults, key order and equivalent
// spellings (an expiry at +02:00 or in Z) are no change, and one bundle in YAML or JSON is one plan and one
// digest. A plan writes nothing. With impact=N each created or updated rule carries its impact preview over the
// last N recorded evaluations. Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, createException, createRule, expectProblem, pod, yamlStream } from './support/policy-client.js';
import {
  FORMATS,
  actions,
  bundle,
  bundleText,
  exportPolicy,
  footprint,
  plan,
  planRequest,
  type BundleParts,
} from './support/policy-bundle-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

// -------------------------------------------------------------------------------------------------------------
// One store, one wanted bundle: every action a plan can name
// -------------------------------------------------------------------------------------------------------------
describe('a plan names every change, rules first, then exceptions, then cluster profiles, each by name', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
    await createRule(t, { name: 'keep', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await createRule(t, {
      name: 'change',
      description: 'no latest',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'warn',
    });
    await createRule(t, { name: 'drop', kind: 'explicit-pull-policy', params: {}, enforcement: 'audit' });
    await createException(t, {
      name: 'keep-waiver',
      rules: ['keep'],
      match: { namespaces: ['legacy'] },
      justification: 'legacy images',
      owner: 'team-a',
      ticket: 'OPS-1',
      expiresAt: '2031-06-30T18:00:00+02:00',
    });
    await createException(t, { name: 'drop-waiver', rules: ['drop'], justification: 'tooling', owner: 'team-b' });
    await createCluster(t, {
      name: 'edge',
      labels: { env: 'prod', region: 'eu' },
      admissionPlugins: ['AlwaysPullImages'],
      kubeletVersion: '1.33',
    });
    await createCluster(t, { name: 'old' });
  });
  afterAll(() => t?.close());

  /** The store as wanted, spelled otherwise than it was written where it does not change. */
  const WANTED: BundleParts = {
    rules: [
      // Defaults written out, keys in another order, no params for a kind without any.
      { enforcement: 'warn', severity: 'medium', enabled: true, kind: 'require-digest', name: 'keep' },
      {
        name: 'change',
        description: 'no latest',
        kind: 'disallowed-tags',
        params: { tags: ['latest', 'dev'] },
        enforcement: 'deny',
      },
      { name: 'fresh', kind: 'disallowed-tags', params: { tags: ['edge'] }, enforcement: 'warn' },
    ],
    exceptions: [
      {
        owner: 'team-a',
        name: 'keep-waiver',
        justification: 'legacy images',
        rules: ['keep'],
        ticket: 'OPS-1',
        match: { namespaces: ['legacy'] },
        expiresAt: '2031-06-30T16:00:00Z',
      },
      { name: 'fresh-waiver', rules: ['fresh'], justification: 'rollout', owner: 'team-c' },
    ],
    clusters: [
      {
        kubeletVersion: '1.33',
        labels: { region: 'eu', env: 'prod' },
        name: 'edge',
        admissionPlugins: ['AlwaysPullImages'],
        preloadedImages: [],
      },
      { name: 'new-edge', admissionPlugins: [] },
    ],
  };

  it.each([
    {
      prune: false,
      actions: [
        'update rule change',
        'unchanged rule drop (unmanaged)',
        'create rule fresh',
        'unchanged rule keep',
        'unchanged exception drop-waiver (unmanaged)',
        'create exception fresh-waiver',
        'unchanged exception keep-waiver',
        'unchanged cluster edge',
        'create cluster new-edge',
        'unchanged cluster old (unmanaged)',
      ],
      summary: { create: 3, update: 1, delete: 0, unchanged: 6 },
    },
    {
      prune: true,
      actions: [
        'update rule change',
        'delete rule drop',
        'create rule fresh',
        'unchanged rule keep',
        'delete exception drop-waiver',
        'create exception fresh-waiver',
        'unchanged exception keep-waiver',
        'unchanged cluster edge',
        'create cluster new-edge',
        'delete cluster old',
      ],
      summary: { create: 3, update: 1, delete: 3, unchanged: 3 },
    },
  ])('prune=$prune', async ({ prune, actions: expected, summary }) => {
    const before = await footprint(t);
    const p = await plan(t, bundle(WANTED), { prune });
    expect(actions(p)).toEqual(expected);
    expect(p.summary).toEqual(summary);
    expect(p.prune).toBe(prune);
    expect(p.policyVersion).toBe(before.policyVersion);
    expect(p.bundleDigest).toMatch(DIGEST);
    const byName = (name: string) => p.changes.find((c: any) => c.name === name);

    // An update: the stored entry, the wanted one, and the fields that differ.
    expect(byName('change')).toEqual({
      action: 'update',
      type: 'rule',
      name: 'change',
      before: {
        name: 'change',
        description: 'no latest',
        kind: 'disallowed-tags',
        params: { tags: ['latest'] },
        enforcement: 'warn',
        severity: 'medium',
        enabled: true,
      },
      after: {
        name: 'change',
        description: 'no latest',
        kind: 'disallowed-tags',
        params: { tags: ['latest', 'dev'] },
        enforcement: 'deny',
        severity: 'medium',
        enabled: true,
      },
      fields: ['params', 'enforcement'],
    });
    // A create has no before, and its after is the canonical entry (defaults filled in).
    expect(byName('fresh')).toEqual({
      action: 'create',
      type: 'rule',
      name: 'fresh',
      before: null,
      after: {
        name: 'fresh',
        kind: 'disallowed-tags',
        params: { tags: ['edge'] },
        enforcement: 'warn',
        severity: 'medium',
        enabled: true,
      },
    });
    // Unchanged: both sides the same canonical entry (the expiry in UTC), no fields.
    const keepWaiver = byName('keep-waiver');
    expect(keepWaiver.before).toEqual(keepWaiver.after);
    expect(keepWaiver.after.expiresAt).toBe('2031-06-30T16:00:00.000Z');
    expect(keepWaiver).not.toHaveProperty('fields');
    expect(keepWaiver).not.toHaveProperty('unmanaged');
    const old = byName('old');
    if (prune)
      expect(old).toEqual({ action: 'delete', type: 'cluster', name: 'old', before: { name: 'old' }, after: null });
    // Kept: shown as it is and will stay.
    else
      expect(old).toEqual({
        action: 'unchanged',
        type: 'cluster',
        name: 'old',
        before: { name: 'old' },
        after: { name: 'old' },
        unmanaged: true,
      });

    // Writes nothing.
    expect(await footprint(t)).toEqual(before);
  });

  it('the same bundle sent again, as YAML, in another list order, with metadata: the same plan and digest', async () => {
    const reference = await plan(t, bundle(WANTED), { prune: true });
    const reordered = bundle({
      metadata: { policyVersion: 12345 },
      clusters: [...WANTED.clusters!].reverse(),
      exceptions: [...WANTED.exceptions!].reverse(),
      rules: [...WANTED.rules!].reverse(),
    });
    for (const format of FORMATS) {
      const p = await plan(t, bundleText(reordered, format), { prune: true, format });
      expect(p, format).toEqual(reference);
    }
  });

  it.each([
    {
      what: 'a rule severity',
      stored: { name: 'u-rule', kind: 'require-digest', params: {}, enforcement: 'warn' },
      wanted: { name: 'u-rule', kind: 'require-digest', enforcement: 'warn', severity: 'high' },
      fields: ['severity'],
    },
    {
      what: 'a rule description removed and disabled',
      stored: { name: 'u-rule', kind: 'require-digest', params: {}, enforcement: 'warn', description: 'x' },
      wanted: { name: 'u-rule', kind: 'require-digest', enforcement: 'warn', enabled: false },
      fields: ['enabled', 'description'],
    },
    {
      what: 'a rule match added',
      stored: { name: 'u-rule', kind: 'require-digest', params: {}, enforcement: 'warn' },
      wanted: { name: 'u-rule', kind: 'require-digest', enforcement: 'warn', match: { namespaces: ['prod'] } },
      fields: ['match'],
    },
    {
      what: 'an exception expiry moved by one second',
      stored: { name: 'u-waiver', rules: ['keep'], justification: 'j', owner: 'o', expiresAt: '2031-01-01T00:00:00Z' },
      wanted: { name: 'u-waiver', rules: ['keep'], justification: 'j', owner: 'o', expiresAt: '2031-01-01T00:00:01Z' },
      fields: ['expiresAt'],
    },
    {
      what: 'an exception ticket added and owner changed',
      stored: { name: 'u-waiver', rules: ['keep'], justification: 'j', owner: 'o' },
      wanted: { name: 'u-waiver', rules: ['keep'], justification: 'j', owner: 'p', ticket: 'T-2' },
      fields: ['owner', 'ticket'],
    },
    {
      what: 'a cluster kubelet version removed',
      stored: { name: 'u-cluster', kubeletVersion: '1.31' },
      wanted: { name: 'u-cluster' },
      fields: ['kubeletVersion'],
    },
    {
      what: 'cluster plugins reordered (order is meaningful)',
      stored: { name: 'u-cluster', admissionPlugins: ['AlwaysPullImages', 'NodeRestriction'] },
      wanted: { name: 'u-cluster', admissionPlugins: ['NodeRestriction', 'AlwaysPullImages'] },
      fields: ['admissionPlugins'],
    },
  ])('an update names the fields it changes: $what', async ({ stored, wanted, fields }) => {
    const type = stored.name.slice(2) as 'rule' | 'waiver' | 'cluster';
    const create = { rule: createRule, waiver: createException, cluster: createCluster }[type];
    const created = await create(t, stored);
    const list = { rule: 'rules', waiver: 'exceptions', cluster: 'clusters' }[type];
    const p = await plan(t, bundle({ [list]: [wanted] }));
    const change = p.changes.find((c: any) => c.name === stored.name);
    expect(change.action).toBe('update');
    // Compared as a set: the order of removed fields is the implementation's (see the report).
    expect([...change.fields].sort()).toEqual([...fields].sort());
    const path = { rule: 'rules', waiver: 'exceptions', cluster: 'clusters' }[type];
    await t.http().delete(`/v1/${path}/${created.id}`).expect(204);
  });
});

// -------------------------------------------------------------------------------------------------------------
// Meaning, not text
// -------------------------------------------------------------------------------------------------------------
describe('plans compare meaning, not text', () => {
  let t: TestApp;
  const RULE = {
    name: 'spelled',
    kind: 'disallowed-tags',
    params: { tags: ['latest'] },
    match: { namespaces: ['prod'], kinds: ['Deployment'] },
    enforcement: 'warn',
  };
  const EXCEPTION = {
    name: 'spelled-waiver',
    rules: ['spelled'],
    justification: 'legacy',
    owner: 'team-a',
    expiresAt: '2031-06-30T16:00:00Z',
  };
  const CLUSTER = { name: 'spelled-cluster', labels: { a: '1', b: '2' }, kubeletVersion: '1.32' };
  const AS_STORED: BundleParts = { rules: [RULE], exceptions: [EXCEPTION], clusters: [CLUSTER] };
  let reference: any;

  beforeAll(async () => {
    t = await bootTestApp();
    await createRule(t, RULE);
    await createException(t, EXCEPTION);
    await createCluster(t, CLUSTER);
    reference = await plan(t, bundle(AS_STORED), { prune: true });
    expect(reference.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 3 });
  });
  afterAll(() => t?.close());

  const reversed = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(o)
        .reverse()
        .map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? reversed(v as any) : v]),
    );

  it.each<[string, BundleParts]>([
    ['severity: medium written (the default)', { rules: [{ ...RULE, severity: 'medium' }] }],
    ['enabled: true written (the default)', { rules: [{ ...RULE, enabled: true }] }],
    ['description and exclude written as null', { rules: [{ ...RULE, description: null, exclude: null }] }],
    ['rule keys in another order, at every depth', { rules: [reversed(RULE)] }],
    ['expiresAt with a +02:00 offset', { exceptions: [{ ...EXCEPTION, expiresAt: '2031-06-30T18:00:00+02:00' }] }],
    ['expiresAt with a -05:30 offset', { exceptions: [{ ...EXCEPTION, expiresAt: '2031-06-30T10:30:00-05:30' }] }],
    ['expiresAt with milliseconds', { exceptions: [{ ...EXCEPTION, expiresAt: '2031-06-30T16:00:00.000Z' }] }],
    ['expiresAt without seconds', { exceptions: [{ ...EXCEPTION, expiresAt: '2031-06-30T16:00Z' }] }],
    ['ticket and match written as null', { exceptions: [{ ...EXCEPTION, ticket: null, match: null }] }],
    ['exception keys in another order', { exceptions: [reversed(EXCEPTION)] }],
    ['cluster labels in another order', { clusters: [{ ...CLUSTER, labels: { b: '2', a: '1' } }] }],
    [
      'cluster defaults written out',
      {
        clusters: [
          {
            ...CLUSTER,
            admissionPlugins: [],
            credentialVerificationPolicy: null,
            verificationAllowlist: [],
            preloadedImages: [],
            podTemplatePaths: [],
          },
        ],
      },
    ],
  ])('%s: unchanged, and the same bundle digest', async (_what, spelled) => {
    const doc = bundle({ ...AS_STORED, ...spelled });
    for (const format of FORMATS) {
      const p = await plan(t, bundleText(doc, format), { prune: true, format });
      expect(p.summary, format).toEqual({ create: 0, update: 0, delete: 0, unchanged: 3 });
      expect(p.bundleDigest, format).toBe(reference.bundleDigest);
      expect(p.changes, format).toEqual(reference.changes);
    }
  });

  it('a real difference changes the digest', async () => {
    const p = await plan(t, bundle({ ...AS_STORED, rules: [{ ...RULE, severity: 'low' }] }), { prune: true });
    expect(p.bundleDigest).toMatch(DIGEST);
    expect(p.bundleDigest).not.toBe(reference.bundleDigest);
    expect(actions(p)).toEqual([
      'update rule spelled',
      'unchanged exception spelled-waiver',
      'unchanged cluster spelled-cluster',
    ]);
  });

  it('the export, planned against the store it came from, is all unchanged, in both formats', async () => {
    for (const format of FORMATS) {
      const exported = await exportPolicy(t, format);
      const p = await plan(t, exported.text, { prune: true, format });
      expect(p.summary, format).toEqual({ create: 0, update: 0, delete: 0, unchanged: 3 });
      expect(p.bundleDigest, format).toBe(reference.bundleDigest);
    }
  });
});

// -------------------------------------------------------------------------------------------------------------
// A plan writes nothing
// -------------------------------------------------------------------------------------------------------------
describe('a plan writes nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
    await createRule(t, { name: 'a', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await createRule(t, { name: 'b', kind: 'explicit-pull-policy', params: {}, enforcement: 'audit' });
    await createException(t, { name: 'b-waiver', rules: ['b'], justification: 'j', owner: 'o' });
    await createCluster(t, { name: 'c' });
  });
  afterAll(() => t?.close());

  it.each([
    { what: 'creates, updates and deletes (prune)', prune: true, impact: undefined },
    { what: 'the same with impact=10', prune: true, impact: 10 },
    { what: 'without prune', prune: false, impact: 5 },
  ])('$what: policy version, rule versions, audit trail and export unchanged', async ({ prune, impact }) => {
    const before = await footprint(t);
    const exported = await exportPolicy(t, 'yaml');
    const rule = await t.db.prisma.rule.findUniqueOrThrow({ where: { name: 'a' } });
    const p = await plan(
      t,
      bundle({
        rules: [
          { name: 'a', kind: 'require-digest', enforcement: 'deny' },
          { name: 'new', kind: 'require-digest', enforcement: 'warn' },
        ],
        clusters: [{ name: 'c2' }],
      }),
      { prune, impact },
    );
    expect(p.summary.create).toBe(2);
    expect(p.summary.update).toBe(1);
    expect(p.summary.delete).toBe(prune ? 3 : 0);
    expect(await footprint(t)).toEqual(before);
    expect((await exportPolicy(t, 'yaml')).text).toBe(exported.text);
    const versions = await t.http().get(`/v1/rules/${rule.id}/versions`).expect(200);
    expect(versions.body.items.map((v: any) => `v${v.version} ${v.change}`)).toEqual(['v1 created']);
    expect(await t.db.prisma.rule.findUnique({ where: { name: 'new' } })).toBeNull();
  });
});

// -------------------------------------------------------------------------------------------------------------
// impact=N
// -------------------------------------------------------------------------------------------------------------
describe('impact=N: an impact preview for each created or updated rule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
    await createRule(t, { name: 'digests', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await createRule(t, {
      name: 'steady',
      kind: 'disallowed-tags',
      params: { tags: ['nightly'] },
      enforcement: 'warn',
    });
    // Recorded in this order, so "the last 2" are the last two: 1.27 and the digest.
    for (const image of ['nginx:latest', 'nginx:1.27', `nginx@sha256:${'e3b0c442'.repeat(8)}`]) {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: yamlStream(pod({ name: 'app', namespace: 'prod', image })), record: true });
      expect(res.status, res.text).toBe(200);
    }
  });
  afterAll(() => t?.close());

  const WANTED = bundle({
    rules: [
      // Updated: warn -> deny fails every image without a digest.
      { name: 'digests', kind: 'require-digest', enforcement: 'deny' },
      // Created: fails the latest image only.
      { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' },
      // Unchanged.
      { name: 'steady', kind: 'disallowed-tags', params: { tags: ['nightly'] }, enforcement: 'warn' },
    ],
    exceptions: [{ name: 'latest-waiver', rules: ['no-latest'], justification: 'j', owner: 'o' }],
    clusters: [{ name: 'edge' }],
  });

  it.each([
    { last: 3, digests: { evaluated: 3, flipped: 2 }, noLatest: { evaluated: 3, flipped: 1 } },
    { last: 2, digests: { evaluated: 2, flipped: 1 }, noLatest: { evaluated: 2, flipped: 0 } },
    { last: 1000, digests: { evaluated: 3, flipped: 2 }, noLatest: { evaluated: 3, flipped: 1 } },
  ])('impact=$last', async ({ last, digests, noLatest }) => {
    const before = await footprint(t);
    const p = await plan(t, WANTED, { impact: last });
    const change = (name: string) => p.changes.find((c: any) => c.name === name);
    expect(change('digests').action).toBe('update');
    expect(change('digests').impact).toMatchObject({
      rule: 'digests',
      replaces: { name: 'digests', version: 1 },
      ...digests,
      summary: `this change flips ${digests.flipped} of the last ${digests.evaluated} evaluations`,
    });
    if (digests.flipped) expect(change('digests').impact.byTransition).toEqual({ 'warn->fail': digests.flipped });
    expect(change('no-latest').action).toBe('create');
    expect(change('no-latest').impact).toMatchObject({ rule: 'no-latest', replaces: null, ...noLatest });
    // Only created and updated rules carry one.
    for (const name of ['steady', 'latest-waiver', 'edge']) expect(change(name), name).not.toHaveProperty('impact');
    expect(await footprint(t)).toEqual(before);
  });

  it('without impact, no change carries one', async () => {
    const p = await plan(t, WANTED);
    for (const c of p.changes) expect(c, c.name).not.toHaveProperty('impact');
  });

  it.each(['0', '-1', '1001', 'lots', '2.5'])('impact=%s is a 400 naming impact', async (impact) => {
    const res = await planRequest(t, WANTED, { impact });
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path)).toContain('impact');
  });
});

// -------------------------------------------------------------------------------------------------------------
// A stored exception of every rule
// -------------------------------------------------------------------------------------------------------------
describe('a stored exception of every rule ("*", with the expiry it must have)', () => {
  let t: TestApp;
  const ends = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const WAIVER = { name: 'freeze', rules: ['*'], justification: 'release freeze', owner: 'sre', expiresAt: ends };
  beforeAll(async () => {
    t = await bootTestApp();
    await createRule(t, { name: 'r', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await createException(t, WAIVER);
  });
  afterAll(() => t?.close());

  it('is exported, and planned as unchanged against the bundle that names it', async () => {
    const res = await t.http().get('/v1/policy');
    expect(res.status, res.text).toBe(200);
    expect(res.body.exceptions).toEqual([{ ...WAIVER, expiresAt: new Date(ends).toISOString() }]);
    const p = await plan(
      t,
      bundle({ rules: [{ name: 'r', kind: 'require-digest', enforcement: 'warn' }], exceptions: [WAIVER] }),
      {
        prune: true,
      },
    );
    expect(p.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 2 });
  });
});

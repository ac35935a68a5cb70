// Issue 18 (policy as code): GET /v1/policy and POST /v1/policy/apply.
// - Round trip: the export of a store, applied to an empty store, exports the same bundle (but for
//   metadata.policyVersion); an unchanged store exports the same bytes, JSON and YAML.
// - An apply carries out its plan in one transaction: every change writes its version and an audit event naming
//   the bundle digest and the caller; one policy version per apply; the same bundle again changes nothing.
// - All or nothing: an invalid item is a 400 naming it (and its line in YAML) and changes nothing; a change that
//   fails while being written (deleting a cluster profile in use) rolls back everything before it (409).
// - Concurrency: If-Match (412 stale, 400 malformed); single-object writes racing an apply land wholly before or
//   after it, and none is lost.
// - Refusals: bodies that are not a bundle, scopes.
// Plans are in policy-plan.e2e-spec.ts, two replicas on one PostgreSQL in policy-replicas.e2e-spec.ts.
// Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY_VERSION_HEADER } from '../apps/api/src/snapshot/policy-snapshot.service.js';
import {
  PROBLEM,
  createCluster,
  createException,
  createRule,
  expectProblem,
  listAll,
  pod,
  yamlStream,
} from './support/policy-client.js';
import {
  FORMATS,
  actions,
  apiKey,
  apply,
  applyRequest,
  auditOfBundle,
  bundle,
  bundleText,
  exportPolicy,
  footprint,
  plan,
  planRequest,
  ruleVersions,
  storedPolicyVersion,
  withoutPolicyVersion,
  type BundleParts,
} from './support/policy-bundle-client.js';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from './support/test-app.js';
import { testDbKind } from './support/test-database.js';

const DAY_MS = 86_400_000;

/** What an evaluation through `t` is computed from: its Pullwise-Policy-Version header. */
async function answeredAt(t: TestApp): Promise<number> {
  const res = await t
    .http()
    .post('/v1/evaluations')
    .send({ manifests: yamlStream(pod({ image: 'nginx:1.27' })) });
  expect(res.status, res.text).toBe(200);
  return Number(res.headers[POLICY_VERSION_HEADER]);
}

/** REST objects without what the server assigns, for comparing two stores. */
const content = (items: any[]) =>
  items.map(({ id: _i, version: _v, createdAt: _ca, updatedAt: _ua, createdBy: _cb, updatedBy: _ub, ...rest }) => rest);

async function storeContent(t: TestApp) {
  return {
    rules: content(await listAll(t, '/v1/rules', { limit: 500 })),
    exceptions: content(await listAll(t, '/v1/exceptions', { limit: 500 })),
    clusters: content(await listAll(t, '/v1/clusters', { limit: 500 })),
  };
}

// -------------------------------------------------------------------------------------------------------------
// 1. Round trip
// -------------------------------------------------------------------------------------------------------------
/** An expiry 30 days ahead (a "*" waiver must end within 90), written with an offset. */
const freezeEnds = `${new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10)}T12:00:00+01:00`;

describe.each([
  { store: 'rules, exceptions and cluster profiles of every kind', wildcard: false },
  { store: 'the same and an exception of every rule ("*") with its expiry', wildcard: true },
])('round trip of $store: export, apply to an empty store, export again', ({ wildcard }) => {
  let src: TestApp;
  const RULES = [
    {
      name: 'registries',
      kind: 'allowed-registries',
      params: {
        registries: ['registry.example.com/*', 'docker.io/library/*'],
        rewrites: [{ from: 'docker.io/library', to: 'mirror.example.com/library' }],
      },
      enforcement: 'warn',
      enabled: false,
    },
    {
      name: 'no-latest',
      description: 'Moving tags are not releases.\nSee: https://wiki.example.com/tags #2 — “ünïcödé”',
      kind: 'disallowed-tags',
      params: { tags: ['latest', 'dev-*'] },
      match: {
        namespaces: ['prod-*'],
        labels: {
          matchLabels: { tier: 'web' },
          matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }],
        },
      },
      exclude: { kinds: ['Job'] },
      enforcement: 'deny',
      severity: 'high',
    },
    {
      name: 'always-for-mutable',
      kind: 'mutable-tag-requires-always',
      params: { immutableTags: ['v*.*.*'] },
      match: { images: ['docker.io/*'], slots: ['container', 'initContainer'] },
      enforcement: 'audit',
      severity: 'low',
    },
    {
      name: 'digest-in-prod',
      kind: 'require-digest',
      params: {},
      match: { clusters: ['prod-eu-1'] },
      enforcement: 'warn',
      severity: 'critical',
    },
    {
      name: 'pinned-if-not-present',
      kind: 'pull-policy',
      params: { allowed: ['IfNotPresent'], when: { digest: true } },
      enforcement: 'warn',
    },
    {
      name: 'secrets',
      kind: 'pull-secrets-for-registries',
      params: { registries: ['registry.example.com/*'], secretName: 'regcred' },
      enforcement: 'warn',
    },
    {
      name: 'set-always',
      kind: 'set-pull-policy',
      params: { policy: 'Always', when: { digest: false } },
      match: { namespaces: ['ci'] },
      enforcement: 'audit',
    },
  ];
  const EXCEPTIONS = [
    {
      name: 'legacy-web',
      rules: ['no-latest', 'always-for-mutable'],
      match: { namespaces: ['legacy'], labels: { matchLabels: { app: 'old-web' } } },
      justification: 'Migrating by Q3',
      owner: 'team-web',
      ticket: 'https://tickets.example.com/OPS-42',
      expiresAt: '2031-06-30T18:00:00+02:00',
    },
    ...(wildcard
      ? [{ name: 'freeze', rules: ['*'], justification: 'Release freeze', owner: 'sre', expiresAt: freezeEnds }]
      : []),
    // Strings YAML would read as something else unless quoted.
    { name: 'ci-digest', rules: ['digest-in-prod'], justification: 'true', owner: 'team: platform', ticket: '00123' },
  ];
  const CLUSTERS = [
    {
      name: 'prod-eu-1',
      labels: { region: 'eu-west-1', env: 'prod' },
      admissionPlugins: ['NodeRestriction', 'AlwaysPullImages'],
      kubeletVersion: '1.33',
      credentialVerificationPolicy: 'NeverVerifyAllowlistedImages',
      verificationAllowlist: ['registry.k8s.io/*'],
      preloadedImages: ['registry.k8s.io/pause:3.9', 'docker.io/library/busybox:1.36'],
      podTemplatePaths: [{ apiVersion: 'batch.example.com/v1', kind: 'BatchRun', path: 'spec.jobs[*].template.spec' }],
    },
    { name: 'stock' },
    {
      name: 'edge',
      labels: { env: 'edge', version: '1.10', enabled: 'yes', empty: '' },
      kubeletVersion: '1.30',
      preloadedImages: ['registry.k8s.io/pause:3.9'],
    },
  ];
  const OBJECTS = RULES.length + EXCEPTIONS.length + CLUSTERS.length;

  beforeAll(async () => {
    src = await bootTestApp();
    for (const r of RULES) await createRule(src, r);
    for (const e of EXCEPTIONS) await createException(src, e);
    for (const c of CLUSTERS) await createCluster(src, c);
  });
  afterAll(() => src?.close());

  it.each(FORMATS)(
    '%s: an unchanged store exports the same bytes; ETag and metadata name the policy version',
    async (format) => {
      const first = await exportPolicy(src, format);
      const version = await storedPolicyVersion(src);
      expect(first.policyVersion).toBe(version);
      expect(first.etag).toBe(`"${version}"`);
      expect(first.contentType).toMatch(format === 'json' ? /^application\/json/ : /^application\/yaml/);
      // Reads in between (and a plan, which writes nothing) change nothing.
      await listAll(src, '/v1/rules');
      await plan(src, first.text, { format });
      const second = await exportPolicy(src, format);
      expect(second.text).toBe(first.text);
      expect(second.etag).toBe(first.etag);
      // Sorted by name, whatever the order of creation.
      const parsed = format === 'json' ? JSON.parse(first.text) : null;
      if (parsed) {
        expect(parsed).toMatchObject({
          apiVersion: 'pullwise.io/v1',
          kind: 'PolicyBundle',
          metadata: { policyVersion: version },
        });
        expect(parsed.rules.map((r: any) => r.name)).toEqual(RULES.map((r) => r.name).sort());
        expect(parsed.exceptions.map((r: any) => r.name)).toEqual(EXCEPTIONS.map((r) => r.name).sort());
        expect(parsed.clusters.map((r: any) => r.name)).toEqual(CLUSTERS.map((r) => r.name).sort());
      }
    },
  );

  it.each(FORMATS)('the %s export, applied to an empty store, exports the same bundle there', async (format) => {
    const dst = await bootTestApp();
    try {
      const empty = JSON.parse((await exportPolicy(dst, 'json')).text);
      expect([empty.rules, empty.exceptions, empty.clusters]).toEqual([[], [], []]);
      const exported = await exportPolicy(src, format);
      const result = await apply(dst, exported.text, { format });
      expect(result.applied).toBe(true);
      expect(result.summary).toEqual({ create: OBJECTS, update: 0, delete: 0, unchanged: 0 });
      expect(result.policyVersion).toBe(result.previousPolicyVersion + 1);
      for (const f of FORMATS) {
        const mine = await exportPolicy(src, f);
        const theirs = await exportPolicy(dst, f);
        expect(theirs.policyVersion).toBe(result.policyVersion);
        expect(withoutPolicyVersion(theirs.text), f).toBe(withoutPolicyVersion(mine.text));
      }
      // What the REST API answers for each object is the same too (but for ids, versions and who/when).
      expect(await storeContent(dst)).toEqual(await storeContent(src));
      // And applying it once more changes nothing.
      const again = await apply(dst, exported.text, { format, prune: true });
      expect(again).toMatchObject({
        applied: false,
        policyVersion: result.policyVersion,
        bundleDigest: result.bundleDigest,
      });
    } finally {
      await dst.close();
    }
  });
});

// -------------------------------------------------------------------------------------------------------------
// 3. What an apply writes
// -------------------------------------------------------------------------------------------------------------
describe('an apply carries out its plan: versions, audit events, one policy version', () => {
  let t: TestApp;
  let writer: { token: string; actor: string };
  const ids: Record<string, string> = {};
  let first: any;

  const OLD_NAME = {
    name: 'old-name',
    description: 'renamed soon',
    kind: 'disallowed-tags',
    params: { tags: ['edge'] },
    enforcement: 'warn',
  };
  const WANTED: BundleParts = {
    rules: [
      { name: 'keep', kind: 'require-digest', enforcement: 'warn' },
      { name: 'change', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' },
      { name: 'fresh', kind: 'explicit-pull-policy', enforcement: 'audit', severity: 'low' },
      // A rename is a delete and a create; the exception naming it follows it.
      { ...OLD_NAME, name: 'new-name' },
    ],
    exceptions: [
      { name: 'rename-waiver', rules: ['new-name'], justification: 'edge builds', owner: 'team-edge' },
      {
        name: 'fresh-waiver',
        rules: ['fresh'],
        justification: 'rollout',
        owner: 'team-a',
        expiresAt: '2031-01-01T00:00:00Z',
      },
    ],
    clusters: [
      { name: 'edge', labels: { env: 'prod' }, kubeletVersion: '1.34' },
      { name: 'new-edge', admissionPlugins: ['AlwaysPullImages'] },
    ],
  };

  beforeAll(async () => {
    t = await bootTestApp();
    writer = await apiKey(t, ['rules:write']);
    for (const r of [
      { name: 'keep', kind: 'require-digest', params: {}, enforcement: 'warn' },
      { name: 'change', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'warn' },
      { name: 'drop', kind: 'explicit-pull-policy', params: {}, enforcement: 'audit' },
      OLD_NAME,
    ])
      ids[r.name] = (await createRule(t, r)).id;
    // drop-waiver must go before drop can; rename-waiver must move to new-name before old-name can go.
    ids['drop-waiver'] = (
      await createException(t, { name: 'drop-waiver', rules: ['drop'], justification: 'j', owner: 'o' })
    ).id;
    ids['rename-waiver'] = (
      await createException(t, {
        name: 'rename-waiver',
        rules: ['old-name'],
        justification: 'edge builds',
        owner: 'team-edge',
      })
    ).id;
    ids.edge = (await createCluster(t, { name: 'edge', labels: { env: 'prod' } })).id;
    ids.gone = (await createCluster(t, { name: 'gone' })).id;
  });
  afterAll(() => t?.close());

  it('planned, then applied with If-Match of the plan: the plan carried out, the policy version moved by one', async () => {
    const planned = await plan(t, bundle(WANTED), { prune: true });
    expect(actions(planned)).toEqual([
      'update rule change',
      'delete rule drop',
      'create rule fresh',
      'unchanged rule keep',
      'create rule new-name',
      'delete rule old-name',
      'delete exception drop-waiver',
      'create exception fresh-waiver',
      'update exception rename-waiver',
      'update cluster edge',
      'delete cluster gone',
      'create cluster new-edge',
    ]);
    expect(planned.summary).toEqual({ create: 4, update: 3, delete: 4, unchanged: 1 });
    const before = await storedPolicyVersion(t);
    expect(planned.policyVersion).toBe(before);
    expect(await answeredAt(t)).toBe(before);

    first = await apply(t, bundle(WANTED), { prune: true, ifMatch: `"${planned.policyVersion}"`, auth: writer.token });
    expect(first).toMatchObject({
      applied: true,
      prune: true,
      previousPolicyVersion: before,
      policyVersion: before + 1,
      bundleDigest: planned.bundleDigest,
      summary: planned.summary,
    });
    expect(first.changes).toEqual(planned.changes);
    // The new version everywhere: the database, the export (metadata and ETag), evaluations.
    expect(await storedPolicyVersion(t)).toBe(before + 1);
    const exported = await exportPolicy(t, 'yaml');
    expect(exported.policyVersion).toBe(before + 1);
    expect(exported.etag).toBe(`"${before + 1}"`);
    expect(await answeredAt(t)).toBe(before + 1);
    // And the store is the bundle.
    const after = await plan(t, bundle(WANTED), { prune: true });
    expect(after.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 8 });
  });

  it('each change wrote an audit event with via.bundle = the digest and the caller as actor', async () => {
    const events = await auditOfBundle(t, first.bundleDigest);
    expect(events.map((e) => `${e.action} ${e.entityName}`).sort()).toEqual(
      [
        'rule.updated change',
        'rule.deleted drop',
        'rule.created fresh',
        'rule.created new-name',
        'rule.deleted old-name',
        'exception.deleted drop-waiver',
        'exception.created fresh-waiver',
        'exception.updated rename-waiver',
        'cluster.updated edge',
        'cluster.deleted gone',
        'cluster.created new-edge',
      ].sort(),
    );
    for (const e of events) {
      expect(e.actor, `${e.action} ${e.entityName}`).toBe(writer.actor);
      expect(e.via).toEqual({ bundle: first.bundleDigest });
    }
    expect(writer.actor).toMatch(/^key:/);
    // Nothing for what did not change; single API calls carry no via.
    expect(await t.db.prisma.auditEvent.count({ where: { entityName: 'keep' } })).toBe(1);
    expect(
      (await t.db.prisma.auditEvent.findFirstOrThrow({ where: { entityName: 'keep', action: 'rule.created' } })).via,
    ).toBeNull();
  });

  it('each rule change wrote its version (GET /v1/rules/{id}/versions)', async () => {
    const history = async (id: string) =>
      (await ruleVersions(t, id)).map((v: any) => `v${v.version} ${v.change} by ${v.changedBy}`);
    const updated = await ruleVersions(t, ids.change!);
    expect(updated.map((v: any) => `v${v.version} ${v.change} by ${v.changedBy}`)).toEqual([
      `v2 updated by ${writer.actor}`,
      'v1 created by admin-token',
    ]);
    expect(updated[0]).toMatchObject({ enforcement: 'deny', params: { tags: ['latest'] } });
    expect(await history(ids.keep!)).toEqual(['v1 created by admin-token']);
    expect(await history(ids.drop!)).toEqual([`v2 deleted by ${writer.actor}`, 'v1 created by admin-token']);
    expect(await history(ids['old-name']!)).toEqual([`v2 deleted by ${writer.actor}`, 'v1 created by admin-token']);
    const fresh = await t.db.prisma.rule.findUniqueOrThrow({ where: { name: 'fresh' } });
    expect(await history(fresh.id)).toEqual([`v1 created by ${writer.actor}`]);
    const renamed = await t.db.prisma.rule.findUniqueOrThrow({ where: { name: 'new-name' } });
    expect(renamed.id).not.toBe(ids['old-name']);
    expect(await history(renamed.id)).toEqual([`v1 created by ${writer.actor}`]);
    // Exceptions and profiles: their versions moved, deleted ones are gone.
    const waiver = await t.http().get(`/v1/exceptions/${ids['rename-waiver']}`).expect(200);
    expect(waiver.body).toMatchObject({ rules: ['new-name'], version: 2, updatedBy: writer.actor });
    const edge = await t.http().get(`/v1/clusters/${ids.edge}`).expect(200);
    expect(edge.body).toMatchObject({ kubeletVersion: '1.34', version: 2, updatedBy: writer.actor });
    await t.http().get(`/v1/exceptions/${ids['drop-waiver']}`).expect(404);
    await t.http().get(`/v1/clusters/${ids.gone}`).expect(404);
  });

  it.each(FORMATS)(
    'the same bundle again (%s): applied: false, no version, no audit event, same policy version',
    async (format) => {
      const before = await footprint(t);
      const exported = await exportPolicy(t, 'json');
      const res = await applyRequest(t, bundleText(bundle(WANTED), format), {
        prune: true,
        format,
        auth: writer.token,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.headers.etag).toBe(`"${before.policyVersion}"`);
      expect(res.body).toMatchObject({
        applied: false,
        previousPolicyVersion: before.policyVersion,
        policyVersion: before.policyVersion,
        bundleDigest: first.bundleDigest,
        summary: { create: 0, update: 0, delete: 0, unchanged: 8 },
      });
      expect(await footprint(t)).toEqual(before);
      expect((await exportPolicy(t, 'json')).text).toBe(exported.text);
    },
  );

  it('without prune, what the bundle leaves out stays: only what it names changes', async () => {
    const before = await footprint(t);
    const res = await apply(
      t,
      bundle({ rules: [{ name: 'keep', kind: 'require-digest', enforcement: 'warn', severity: 'high' }] }),
    );
    expect(actions(res)).toEqual([
      'unchanged rule change (unmanaged)',
      'unchanged rule fresh (unmanaged)',
      'update rule keep',
      'unchanged rule new-name (unmanaged)',
      'unchanged exception fresh-waiver (unmanaged)',
      'unchanged exception rename-waiver (unmanaged)',
      'unchanged cluster edge (unmanaged)',
      'unchanged cluster new-edge (unmanaged)',
    ]);
    expect(res.policyVersion).toBe(before.policyVersion + 1);
    expect(await footprint(t)).toEqual({
      ...before,
      policyVersion: before.policyVersion + 1,
      ruleVersions: before.ruleVersions + 1,
      auditEvents: before.auditEvents + 1,
    });
    const events = await auditOfBundle(t, res.bundleDigest);
    expect(events.map((e) => `${e.action} ${e.entityName} v${e.version} by ${e.actor}`)).toEqual([
      'rule.updated keep v2 by admin-token',
    ]);
  });

  it('one policy version per apply, however many objects it writes', async () => {
    const before = await footprint(t);
    const many = bundle({
      rules: Array.from({ length: 60 }, (_, i) => ({
        name: `bulk-${String(i).padStart(3, '0')}`,
        kind: 'disallowed-tags',
        params: { tags: [`t${i}`] },
        enforcement: 'warn',
      })),
      exceptions: Array.from({ length: 10 }, (_, i) => ({
        name: `bulk-waiver-${i}`,
        rules: [`bulk-00${i}`, 'keep'],
        justification: 'j',
        owner: 'o',
      })),
      clusters: Array.from({ length: 10 }, (_, i) => ({ name: `bulk-cluster-${i}`, labels: { i: String(i) } })),
    });
    const res = await apply(t, many);
    expect(res.summary.create).toBe(80);
    expect(res.policyVersion).toBe(before.policyVersion + 1);
    expect(await storedPolicyVersion(t)).toBe(before.policyVersion + 1);
    expect(await auditOfBundle(t, res.bundleDigest)).toHaveLength(80);
    expect(await answeredAt(t)).toBe(before.policyVersion + 1);
    // The reverse, with prune: 80 deletes, one version.
    const back = await apply(t, bundle(WANTED), { prune: true });
    expect(back.summary).toMatchObject({ create: 0, update: 1, delete: 80 });
    expect(back.policyVersion).toBe(before.policyVersion + 2);
    // WANTED was applied before: its digest names those events too.
    expect(back.bundleDigest).toBe(first.bundleDigest);
    expect(await auditOfBundle(t, back.bundleDigest)).toHaveLength(
      first.summary.create + first.summary.update + first.summary.delete + back.summary.delete + back.summary.update,
    );
  });
});

// -------------------------------------------------------------------------------------------------------------
// 4. All or nothing
// -------------------------------------------------------------------------------------------------------------
describe('all or nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
    await createRule(t, { name: 'base-rule', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await createException(t, { name: 'base-waiver', rules: ['base-rule'], justification: 'j', owner: 'o' });
    await createCluster(t, { name: 'idle' });
    await createCluster(t, { name: 'busy', labels: { env: 'prod' } });
    // A recorded evaluation names "busy": it is in use, and deleting it is refused (409) unless forced.
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: yamlStream(pod({ image: 'nginx:1.27' })), cluster: 'busy', record: true });
    expect(res.status, res.text).toBe(200);
  });
  afterAll(() => t?.close());

  /** Valid items that would be written before the invalid one, so that a partial apply would show. */
  const GOOD_RULES = [
    { name: 'base-rule', kind: 'require-digest', enforcement: 'deny' },
    { name: 'good-1', kind: 'require-digest', enforcement: 'warn' },
  ];
  const GOOD_CLUSTER = { name: 'good-cluster', kubeletVersion: '1.33' };

  interface Invalid {
    what: string;
    parts: BundleParts & Record<string, unknown>;
    path: string;
    /** A text on the YAML line the problem is reported at (its nth occurrence, default 1). */
    on: string;
    nth?: number;
  }
  const INVALID: Invalid[] = [
    {
      what: 'rule params of the wrong type',
      parts: {
        rules: [
          ...GOOD_RULES,
          { name: 'bad', kind: 'disallowed-tags', params: { tags: 'latest' }, enforcement: 'warn' },
        ],
      },
      path: 'rules[2].params.tags',
      on: 'tags: latest',
    },
    {
      what: 'a rule kind that does not exist',
      parts: { rules: [GOOD_RULES[0]!, { name: 'bad', kind: 'no-such-kind', enforcement: 'warn' }, GOOD_RULES[1]!] },
      path: 'rules[1].kind',
      on: 'kind: no-such-kind',
    },
    {
      what: 'one rule name twice',
      parts: { rules: [...GOOD_RULES, { name: 'good-1', kind: 'require-digest', enforcement: 'audit' }] },
      path: 'rules[2].name',
      on: 'name: good-1',
      nth: 2,
    },
    {
      what: 'an exception naming no rule that exists',
      parts: {
        rules: GOOD_RULES,
        exceptions: [{ name: 'w', rules: ['good-1', 'no-such-rule'], justification: 'j', owner: 'o' }],
      },
      path: 'exceptions[0].rules[1]',
      on: '- no-such-rule',
    },
    {
      what: 'an exception naming a stored rule the bundle leaves out (prune deletes it)',
      parts: {
        rules: GOOD_RULES.slice(1),
        exceptions: [{ name: 'w', rules: ['base-rule'], justification: 'j', owner: 'o' }],
      },
      path: 'exceptions[0].rules[0]',
      on: '- base-rule',
    },
    {
      what: 'an exception of every rule without an expiry',
      parts: { rules: GOOD_RULES, exceptions: [{ name: 'forever', rules: ['*'], justification: 'j', owner: 'o' }] },
      path: 'exceptions[0].expiresAt',
      on: 'name: forever',
    },
    {
      what: 'an expiry that is not a date',
      parts: {
        rules: GOOD_RULES,
        exceptions: [
          { name: 'w', rules: ['good-1'], justification: 'j', owner: 'o', expiresAt: '2031-06-31T00:00:00Z' },
        ],
      },
      path: 'exceptions[0].expiresAt',
      on: '2031-06-31',
    },
    {
      what: 'a kubelet version that is not one',
      parts: { rules: GOOD_RULES, clusters: [GOOD_CLUSTER, { name: 'bad-cluster', kubeletVersion: 'banana' }] },
      path: 'clusters[1].kubeletVersion',
      on: 'kubeletVersion: banana',
    },
    {
      what: 'a preloaded image that does not parse',
      parts: { rules: GOOD_RULES, clusters: [{ ...GOOD_CLUSTER, preloadedImages: ['nginx:1.27', 'Nginx'] }] },
      path: 'clusters[0].preloadedImages[1]',
      on: '- Nginx',
    },
    { what: 'an unknown top-level field', parts: { rules: GOOD_RULES, rulez: [] }, path: 'rulez', on: 'rulez:' },
    {
      what: 'rules that are not a list',
      parts: { clusters: [GOOD_CLUSTER], rules: { 'good-1': {} } as any },
      path: 'rules',
      on: 'good-1:',
    },
    {
      what: 'a negative metadata.policyVersion',
      parts: { metadata: { policyVersion: -1 }, rules: GOOD_RULES },
      path: 'metadata.policyVersion',
      on: 'policyVersion: -1',
    },
  ];

  describe.each(FORMATS)('an invalid item (%s): 400 naming it, and nothing changes', (format) => {
    it.each(INVALID)('$what: $path', async ({ parts, path, on, nth }) => {
      const before = await footprint(t);
      const exported = await exportPolicy(t, 'yaml');
      const text = bundleText(bundle(parts), format);
      for (const send of [applyRequest, planRequest]) {
        const res = await send(t, text, { prune: true, format });
        expectProblem(res, 400);
        expect(res.body.type).toBe(PROBLEM('invalid-input'));
        expect(res.body.detail).toMatch(/nothing was changed/);
        const problem = res.body.errors.find((e: any) => e.path === path);
        expect(problem, JSON.stringify(res.body.errors)).toBeDefined();
        if (format === 'yaml') {
          const lines = text.split('\n');
          const at = lines.map((l, i) => (l.includes(on) ? i + 1 : 0)).filter(Boolean)[(nth ?? 1) - 1];
          expect(problem.line, `${path} in\n${text}`).toBe(at);
        }
      }
      expect(await footprint(t)).toEqual(before);
      expect((await exportPolicy(t, 'yaml')).text).toBe(exported.text);
    });
  });

  it('every problem of a bundle is reported at once', async () => {
    const res = await applyRequest(
      t,
      bundle({
        rules: [INVALID[0]!.parts.rules![2]!, { name: 'Bad Name', kind: 'require-digest', enforcement: 'warn' }],
        clusters: [{ name: 'c', kubeletVersion: 'banana' }],
      }),
    );
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual([
      'clusters[0].kubeletVersion',
      'rules[0].params.tags',
      'rules[1].name',
    ]);
    expect(res.body.detail).toMatch(/3 problems/);
  });

  it('a change that fails while being written (a cluster profile in use, deleted last) rolls back the whole apply: 409', async () => {
    const wanted = bundle({
      rules: [
        { name: 'base-rule', kind: 'require-digest', enforcement: 'deny' },
        ...Array.from({ length: 5 }, (_, i) => ({ name: `new-${i}`, kind: 'require-digest', enforcement: 'warn' })),
      ],
      exceptions: [{ name: 'new-waiver', rules: ['new-0'], justification: 'j', owner: 'o' }],
      clusters: [{ name: 'new-cluster' }, { name: 'idle', labels: { env: 'dev' } }],
    });
    // The plan does not judge use: it shows the delete.
    const planned = await plan(t, wanted, { prune: true });
    expect(actions(planned)).toEqual([
      'update rule base-rule',
      'create rule new-0',
      'create rule new-1',
      'create rule new-2',
      'create rule new-3',
      'create rule new-4',
      'delete exception base-waiver',
      'create exception new-waiver',
      'delete cluster busy',
      'update cluster idle',
      'create cluster new-cluster',
    ]);
    const before = await footprint(t);
    const exported = await exportPolicy(t, 'json');
    const version = await answeredAt(t);

    const res = await applyRequest(t, wanted, { prune: true, ifMatch: `"${planned.policyVersion}"` });
    expectProblem(res, 409);
    expect(res.body.type).toBe(PROBLEM('conflict'));
    expect(res.body.detail).toContain('"busy" is in use');
    expect(res.body.errors.map((e: any) => e.path)).toContain('evaluations');

    // Nothing of it is visible: not the creates, updates or deletes before the failing delete, no audit event,
    // no rule version, the same policy version (database, export, evaluations).
    expect(await footprint(t)).toEqual(before);
    expect((await exportPolicy(t, 'json')).text).toBe(exported.text);
    expect(await auditOfBundle(t, planned.bundleDigest)).toEqual([]);
    expect(await t.db.prisma.rule.findUnique({ where: { name: 'new-0' } })).toBeNull();
    expect(await t.db.prisma.ruleException.findUnique({ where: { name: 'base-waiver' } })).not.toBeNull();
    expect(await answeredAt(t)).toBe(version);

    // Without prune the profile in use stays (unmanaged) and the rest goes through.
    const ok = await apply(t, wanted, { ifMatch: `"${planned.policyVersion}"` });
    expect(ok.summary).toEqual({ create: 7, update: 2, delete: 0, unchanged: 2 });
    expect(ok.policyVersion).toBe(before.policyVersion + 1);
    expect(await auditOfBundle(t, ok.bundleDigest)).toHaveLength(9);
  });
});

// -------------------------------------------------------------------------------------------------------------
// 5. Concurrency
// -------------------------------------------------------------------------------------------------------------
describe('concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
    await createRule(t, { name: 'seed', kind: 'require-digest', params: {}, enforcement: 'warn' });
  });
  afterAll(() => t?.close());

  const ONE = (severity: string) =>
    bundle({ rules: [{ name: 'seed', kind: 'require-digest', enforcement: 'warn', severity }] });

  it('If-Match naming a version that is no longer current: 412, nothing changes; the current one applies', async () => {
    const planned = await plan(t, ONE('high'));
    // Someone else writes in between.
    await createRule(t, { name: 'between', kind: 'require-digest', params: {}, enforcement: 'audit' });
    const before = await footprint(t);
    expect(before.policyVersion).toBe(planned.policyVersion + 1);
    const exported = await exportPolicy(t, 'yaml');
    const stale = await applyRequest(t, ONE('high'), { ifMatch: `"${planned.policyVersion}"` });
    expectProblem(stale, 412);
    expect(stale.body.type).toBe(PROBLEM('precondition-failed'));
    expect(stale.body.errors.map((e: any) => e.path)).toEqual(['If-Match']);
    expect(await footprint(t)).toEqual(before);
    expect((await exportPolicy(t, 'yaml')).text).toBe(exported.text);

    const current = await apply(t, ONE('high'), { ifMatch: exported.etag });
    expect(current).toMatchObject({
      applied: true,
      previousPolicyVersion: before.policyVersion,
      policyVersion: before.policyVersion + 1,
    });
    // "*" matches any version.
    const any = await apply(t, ONE('low'), { ifMatch: '*' });
    expect(any.policyVersion).toBe(before.policyVersion + 2);
  });

  it('node inventory uploads since the plan do not make its If-Match stale; a policy change does', async () => {
    const profile = await t
      .http()
      .post('/v1/clusters')
      .send({ name: 'fleet-between', kubeletVersion: '1.34' })
      .expect(201);
    const planned = await plan(t, ONE('medium'));
    const nodes = {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {}, status: { images: [] } }],
    };
    for (let i = 0; i < 2; i++) await t.http().put(`/v1/clusters/${profile.body.id}/nodes`).send(nodes).expect(200);
    expect(await storedPolicyVersion(t)).toBe(planned.policyVersion + 2);
    const applied = await apply(t, ONE('medium'), { ifMatch: `"${planned.policyVersion}"` });
    expect(applied.policyVersion).toBe(planned.policyVersion + 3);
    // A version the policy never reached is no precondition that holds.
    expectProblem(await applyRequest(t, ONE('low'), { ifMatch: `"${applied.policyVersion + 1}"` }), 412);
  });

  it.each(['v3', '"v3"', '3', '"three"', '"1", "2"', 'W/"x"', '""'])(
    'a malformed If-Match %s: 400, nothing changes',
    async (ifMatch) => {
      const before = await footprint(t);
      const res = await applyRequest(t, ONE('critical'), { ifMatch });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: any) => e.path)).toEqual(['If-Match']);
      expect(await footprint(t)).toEqual(before);
    },
  );

  /** Statuses as `n×status`, e.g. `9×200 1×412`. */
  const hist = (xs: { status: number }[]) =>
    Object.entries(xs.reduce<Record<number, number>>((h, x) => ((h[x.status] = (h[x.status] ?? 0) + 1), h), {}))
      .map(([s, n]) => `${n}×${s}`)
      .join(' ');
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * Rounds of: an apply that updates half of `racers` rules and creates `bulk` others (the other racers are
   * unmanaged), while each racer is PATCHed, `posts` new rules are POSTed, one POST creates a name the bundle
   * creates too, and a reader exports the policy again and again. Then checks that the apply was all or nothing,
   * that no write was lost, and that every request got a status the contract names.
   */
  async function race(prefix: string, o: { racers: number; posts: number; bulk: number; rounds: number }) {
    const racerIds: string[] = [];
    for (let i = 0; i < o.racers; i++)
      racerIds.push(
        (await createRule(t, { name: `${prefix}-race-${i}`, kind: 'require-digest', params: {}, enforcement: 'warn' }))
          .id,
      );
    const managed = Math.ceil(o.racers / 2);
    const log: string[] = [];
    try {
      for (let round = 0; round < o.rounds; round++) {
        const bulk = (i: number) => `${prefix}-bulk-${round}-${String(i).padStart(3, '0')}`;
        const isBulk = (name: string) => name.startsWith(`${prefix}-bulk-${round}-`) && name !== bulk(7);
        const doc = bundle({
          rules: [
            ...Array.from({ length: managed }, (_, i) => ({
              name: `${prefix}-race-${i}`,
              kind: 'require-digest',
              enforcement: 'warn',
              description: `bundle ${round}`,
            })),
            ...Array.from({ length: o.bulk }, (_, i) => ({
              name: bulk(i),
              kind: 'require-digest',
              enforcement: 'warn',
            })),
          ],
        });
        const start = await footprint(t);
        let applying = true;
        const started = Date.now();
        const applied = applyRequest(t, doc).then((r) => {
          applying = false;
          return { res: r, ms: Date.now() - started };
        });
        // A reader during the apply: every export holds all of the bundle's creates or none.
        const seen: { version: number; bulk: number }[] = [];
        const reader = (async () => {
          while (applying) {
            const res = await t.http().get('/v1/policy');
            if (res.status !== 200) {
              seen.push({ version: -res.status, bulk: -1 });
              continue;
            }
            seen.push({
              version: res.body.metadata.policyVersion,
              bulk: res.body.rules.filter((r: any) => isBulk(r.name)).length,
            });
          }
        })();
        const patches = racerIds.map((id, i) =>
          delay(i * 25).then(() =>
            t
              .http()
              .patch(`/v1/rules/${id}`)
              .send({ description: `patch ${round}.${i}` }),
          ),
        );
        const posts = Array.from({ length: o.posts }, (_, i) =>
          delay(10 + i * 40).then(() =>
            t
              .http()
              .post('/v1/rules')
              .send({ name: `${prefix}-solo-${round}-${i}`, kind: 'require-digest', enforcement: 'audit' }),
          ),
        );
        // One create of a name the bundle creates too.
        const clash = delay(60).then(() =>
          t
            .http()
            .post('/v1/rules')
            .send({ name: bulk(7), kind: 'require-digest', enforcement: 'deny' }),
        );
        const [{ res, ms }, patchResults, postResults, clashResult] = await Promise.all([
          applied,
          Promise.all(patches),
          Promise.all(posts),
          clash,
        ]);
        await reader;
        log.push(
          `round ${round}: apply ${res.status} in ${ms} ms; ${seen.length} exports during it ` +
            `(${seen.filter((s) => s.bulk === 0).length} before, ${seen.filter((s) => s.bulk > 0).length} after, ` +
            `${seen.filter((s) => s.bulk < 0).length} failed); PATCH ${hist(patchResults)}; POST ${hist(postResults)}; ` +
            `clash ${clashResult.status}`,
        );

        const ok = res.status === 200 && res.body.applied;
        const applyVersion = ok ? res.body.policyVersion : null;

        // The apply is all or nothing: one audit event per change, or none; all of its creates, or none.
        if (ok)
          expect(await auditOfBundle(t, res.body.bundleDigest)).toHaveLength(
            res.body.summary.create + res.body.summary.update,
          );
        const bulkNow = (await t.db.prisma.rule.findMany({ select: { name: true } })).filter((r) => isBulk(r.name));
        expect(bulkNow).toHaveLength(ok ? o.bulk - 1 : 0);
        // Every reader saw it wholly before or wholly after, in version order.
        for (const s of seen) {
          expect([0, o.bulk - 1], JSON.stringify(s)).toContain(s.bulk);
          if (applyVersion !== null) expect(s.bulk === 0, JSON.stringify(s)).toBe(s.version < applyVersion);
        }

        // No lost write: every PATCH that succeeded is a version of its rule; an unmanaged racer keeps it.
        for (const [i, r] of patchResults.entries()) {
          const versions = await ruleVersions(t, racerIds[i]!);
          const mine = versions.filter((v: any) => v.description === `patch ${round}.${i}`);
          expect(mine, `race-${i}: ${r.status}`).toHaveLength(r.status === 200 ? 1 : 0);
          // Versions are contiguous with one audit event each, and the rule is its newest version.
          expect(versions.map((v: any) => v.version)).toEqual(
            Array.from({ length: versions.length }, (_, k) => versions.length - k),
          );
          expect(await t.db.prisma.auditEvent.count({ where: { entityId: racerIds[i]! } })).toBe(versions.length);
          const rule = await t.http().get(`/v1/rules/${racerIds[i]}`).expect(200);
          expect(rule.body.version).toBe(versions[0].version);
          expect(rule.body.description).toBe(versions[0].description);
          if (i >= managed && r.status === 200) expect(rule.body.description).toBe(`patch ${round}.${i}`);
        }
        for (const [i, r] of postResults.entries()) {
          const stored = await t.db.prisma.rule.findUnique({ where: { name: `${prefix}-solo-${round}-${i}` } });
          expect(stored !== null, `solo-${round}-${i}: ${r.status}`).toBe(r.status === 201);
        }
        // The clashing name: created by one of the two (the apply updates it when the POST came first).
        const clashed = await t.db.prisma.rule.findUnique({ where: { name: bulk(7) } });
        expect(clashed !== null).toBe(clashResult.status === 201 || ok);

        // One policy version per successful write, one for the apply.
        const writes =
          patchResults.filter((r) => r.status === 200).length +
          [...postResults, clashResult].filter((r) => r.status === 201).length;
        expect(await storedPolicyVersion(t)).toBe(start.policyVersion + writes + (ok ? 1 : 0));
        // Outcomes are statuses the contract names: never a 500 or a 503. Soft, so that every round is reported.
        expect.soft([200, 409], `apply: ${res.status} ${res.text}`).toContain(res.status);
        for (const r of patchResults) expect.soft([200, 409, 412], `PATCH: ${r.status} ${r.text}`).toContain(r.status);
        for (const r of [...postResults, clashResult])
          expect.soft([201, 409], `POST: ${r.status} ${r.text}`).toContain(r.status);
      }
    } finally {
      console.log(`policy apply race "${prefix}" on ${testDbKind()}:\n  ${log.join('\n  ')}`);
    }
  }

  it('a few single-object writes racing an apply of many objects land wholly before or after it; none is lost', async () => {
    // Fewer requests at once than the database connection pool holds (10).
    await race('few', { racers: 4, posts: 2, bulk: 120, rounds: 3 });
  }, 120_000);

  it('many single-object writes racing an apply of many objects land wholly before or after it; none is lost', async () => {
    // More requests at once than the connection pool holds: some wait for a connection.
    await race('many', { racers: 10, posts: 4, bulk: 120, rounds: 3 });
  }, 120_000);
});

// -------------------------------------------------------------------------------------------------------------
// 6. Refusals
// -------------------------------------------------------------------------------------------------------------
describe('refusals', () => {
  let t: TestApp;
  let reader: string;
  let writer: string;
  let evaluator: string;
  const OK = bundle({ rules: [{ name: 'r', kind: 'require-digest', enforcement: 'warn' }] });
  beforeAll(async () => {
    t = await bootTestApp();
    reader = (await apiKey(t, ['rules:read'])).token;
    writer = (await apiKey(t, ['rules:write'])).token;
    evaluator = (await apiKey(t, ['evaluate'])).token;
  });
  afterAll(() => t?.close());

  type Body = { what: string; body: string; type: string; paths?: string[]; line?: number };
  const BODIES: Body[] = [
    { what: 'an empty JSON body', body: '', type: 'application/json' },
    { what: 'an empty YAML body', body: '', type: 'application/yaml' },
    { what: 'an empty JSON object', body: '{}', type: 'application/json', paths: ['apiVersion', 'kind'] },
    { what: 'a JSON list', body: '[]', type: 'application/json' },
    { what: 'a JSON string', body: '"bundle"', type: 'application/json' },
    {
      what: 'a Kubernetes manifest',
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: {} }),
      type: 'application/json',
      paths: ['apiVersion', 'kind', 'metadata.name', 'spec'],
    },
    { what: 'a YAML scalar', body: 'just text\n', type: 'application/yaml', paths: [''] },
    {
      what: 'JSON with a syntax error',
      body: '{"apiVersion": "pullwise.io/v1",\n "kind": }',
      type: 'application/json',
      line: 2,
    },
    {
      what: 'YAML with a sequence on the line of its key',
      body: 'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nrules: - name: a\n',
      type: 'application/yaml',
      line: 3,
    },
    {
      what: 'YAML with a nested mapping in a compact one',
      body: 'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nrules:\n  - name: a: b\n    kind: x\n',
      type: 'application/yaml',
      line: 4,
    },
    {
      what: 'YAML indented with a tab',
      body: 'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nrules:\n\t- name: a\n',
      type: 'application/yaml',
      line: 4,
    },
    {
      what: 'two YAML documents',
      body: `${bundleText(OK, 'yaml')}---\n${bundleText(OK, 'yaml')}`,
      type: 'application/yaml',
    },
    {
      what: 'a duplicate YAML key',
      body: 'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nkind: PolicyBundle\n',
      type: 'application/yaml',
      line: 3,
    },
  ];

  it.each(BODIES)('$what: 400 from plan and apply, nothing changes', async ({ body, type, paths, line }) => {
    const before = await footprint(t);
    for (const path of ['/v1/policy/plan', '/v1/policy/apply']) {
      const res = await t.http().post(path).set('content-type', type).send(body);
      expectProblem(res, 400);
      if (paths) expect(res.body.errors.map((e: any) => e.path).sort(), path).toEqual([...paths].sort());
      if (line !== undefined)
        expect(
          res.body.errors.map((e: any) => e.line),
          path,
        ).toContain(line);
    }
    expect(await footprint(t)).toEqual(before);
  });

  it('a body that is neither JSON nor YAML: 415', async () => {
    const res = await t.http().post('/v1/policy/apply').set('content-type', 'text/plain').send(bundleText(OK, 'yaml'));
    expectProblem(res, 415);
  });

  it.each([
    ['prune=yes', { prune: 'yes' }, [planRequest, applyRequest]],
    ['prune=1', { prune: '1' }, [planRequest, applyRequest]],
    ['impact=all', { impact: 'all' }, [planRequest]],
    ['a misspelled option (dryrun=true) is refused, never ignored', { dryrun: 'true' }, [planRequest, applyRequest]],
  ] as const)('%s: 400 naming the parameter, nothing changes', async (_what, query, sends) => {
    const before = await footprint(t);
    for (const send of sends) {
      const res = await send(t, OK, { query });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: any) => e.path)).toContain(Object.keys(query)[0]);
    }
    expect(await footprint(t)).toEqual(before);
  });

  it('export needs rules:read or rules:write; plan the same; apply rules:write; no key is a 401', async () => {
    const status = async (method: 'get' | 'post', path: string, token: string | null) => {
      let req = t.anon()[method](path);
      if (token !== null) req = req.set('authorization', `Bearer ${token}`);
      if (method === 'post') req = req.set('content-type', 'application/json').send(JSON.stringify(OK));
      return (await req).status;
    };
    const table: [string, string | null, number, number, number][] = [
      // who, token, GET /v1/policy, plan, apply
      ['no key', null, 401, 401, 401],
      ['evaluate', evaluator, 403, 403, 403],
      ['rules:read', reader, 200, 200, 403],
      ['rules:write', writer, 200, 200, 200],
      ['admin', ADMIN_TOKEN, 200, 200, 200],
    ];
    const before = await storedPolicyVersion(t);
    const got = [];
    for (const [who, token] of table)
      got.push([
        who,
        token,
        await status('get', '/v1/policy', token),
        await status('post', '/v1/policy/plan', token),
        await status('post', '/v1/policy/apply', token),
      ]);
    expect(got).toEqual(table);
    // Only the first allowed apply wrote; the refused ones did nothing.
    expect(await storedPolicyVersion(t)).toBe(before + 1);
  });

  it('Accept that rules out JSON and YAML: 406', async () => {
    const res = await t.http().get('/v1/policy').set('accept', 'text/html');
    expectProblem(res, 406);
  });
});

// Evaluations against the stored policy (issue #4 item 10, docs/design.md "The evaluation result" and "Domain words"):
// stored rules fire as findings shaped exactly like the contract, their match/exclude scope is applied,
// exceptions waive (and expired ones do not), and the named cluster profile's facts change the effective
// policy and therefore the findings. Every test starts from an empty policy.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVALUATE_QUERY } from './support/evaluate-client.js';
import {
  DIGEST,
  PROBLEM,
  VIAS,
  clearPolicy,
  createCluster,
  createException,
  createRule,
  deployment,
  evaluate,
  expectProblem,
  firedBy,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
  pod,
  yamlStream,
  type PodOptions,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t.close());
beforeEach(() => clearPolicy(t));

const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString();

/** A deny rule of `kind` named after it. */
const denyRule = (kind: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  name: kind,
  kind,
  params,
  enforcement: 'deny',
  ...extra,
});

describe.each(VIAS)('a finding, via %s', (via) => {
  it('carries the rule and where it broke, exactly as docs/design.md shapes it', async () => {
    const rule = await createRule(t, {
      name: 'prod-pull-always',
      kind: 'pull-policy',
      params: { allowed: ['Always'] },
      enforcement: 'deny',
      severity: 'high',
    });
    const result = await evaluate(t, [deployment({ name: 'web', namespace: 'shop', image: 'nginx:1.27' })], { via });

    expect(result.verdict).toBe('fail');
    expect(result.summary).toEqual({
      documents: 1,
      workloads: 1,
      slots: 1,
      findings: { deny: 1, warn: 0, audit: 0, waived: 0 },
    });
    const finding = {
      rule: 'prod-pull-always',
      ruleId: rule.id,
      kind: 'pull-policy',
      enforcement: 'deny',
      severity: 'high',
      message: expect.stringContaining('nginx:1.27'),
      waived: false,
      waivedBy: null,
      fix: {
        description: expect.any(String),
        document: 0,
        patch: [{ op: 'add', path: '/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' }],
        image: null,
      },
    };
    expect(result.findings).toEqual([
      expect.objectContaining({
        ...finding,
        document: 0,
        workload: 'Deployment/web',
        slot: 'spec.template.spec.containers[0]',
      }),
    ]);
    expect(result.workloads[0].slots[0].findings).toEqual([expect.objectContaining(finding)]);
  });
});

describe('verdict and summary counts', () => {
  // Three rules that all break on `nginx:1.27` without imagePullPolicy, with the enforcements of the row.
  const KINDS = ['require-digest', 'explicit-pull-policy', 'mutable-tag-requires-always'];
  it.each<[string[], string, Record<string, number>]>([
    [['deny', 'warn', 'audit'], 'fail', { deny: 1, warn: 1, audit: 1, waived: 0 }],
    [['deny', 'deny', 'audit'], 'fail', { deny: 2, warn: 0, audit: 1, waived: 0 }],
    [['warn', 'audit', 'audit'], 'warn', { deny: 0, warn: 1, audit: 2, waived: 0 }],
    [['audit', 'audit', 'audit'], 'pass', { deny: 0, warn: 0, audit: 3, waived: 0 }],
    [[], 'pass', { deny: 0, warn: 0, audit: 0, waived: 0 }],
  ])('rules enforced %j give verdict %s', async (enforcements, verdict, counts) => {
    for (const [i, enforcement] of enforcements.entries()) await createRule(t, { ...denyRule(KINDS[i]!), enforcement });
    for (const via of VIAS) {
      const result = await evaluate(t, [pod({ image: 'nginx:1.27' })], { via });
      expect(result.verdict, via).toBe(verdict);
      expect(result.summary.findings, via).toEqual(counts);
      expect(result.findings.map((f: any) => f.enforcement).sort(), via).toEqual([...enforcements].sort());
    }
  });
});

describe('each rule kind judges what docs/design.md says', () => {
  // [kind, params, pods that break it, pods that keep it]; pods are named bad-* and good-*.
  it.each<[string, Record<string, unknown>, PodOptions[], PodOptions[]]>([
    [
      'pull-policy',
      { allowed: ['Always'] },
      [{ image: 'nginx:1.27' }],
      [{ image: 'nginx:1.27', policy: 'Always' }, { image: 'nginx' }],
    ],
    [
      'explicit-pull-policy',
      {},
      [{ image: 'nginx:1.27' }, { image: 'nginx' }],
      [{ image: 'nginx:1.27', policy: 'IfNotPresent' }],
    ],
    [
      'mutable-tag-requires-always',
      {},
      [{ image: 'nginx:1.27' }, { image: 'nginx:1.27', policy: 'IfNotPresent' }],
      [{ image: 'nginx:1.27', policy: 'Always' }, { image: `nginx@${DIGEST}` }, { image: 'nginx' }],
    ],
    [
      'mutable-tag-requires-always',
      { immutableTags: ['v*'] },
      [{ image: 'ghcr.io/acme/app:main' }],
      [{ image: 'ghcr.io/acme/app:v1.2.3' }],
    ],
    [
      'require-digest',
      {},
      [{ image: 'nginx:1.27' }, { image: 'nginx' }],
      [{ image: `nginx@${DIGEST}` }, { image: `nginx:1.27@${DIGEST}` }],
    ],
    [
      'disallowed-tags',
      { tags: ['latest', '*-SNAPSHOT'] },
      [{ image: 'nginx' }, { image: 'nginx:latest' }, { image: 'acme/app:1.0-SNAPSHOT' }],
      [{ image: 'nginx:1.27' }, { image: `nginx@${DIGEST}` }],
    ],
    [
      'allowed-registries',
      { registries: ['registry.example.com/*'] },
      [{ image: 'nginx:1.27' }, { image: 'registry.example.com.evil.io/team/app:1.0' }],
      [{ image: 'registry.example.com/team/app:1.0' }],
    ],
    [
      'denied-registries',
      { registries: ['docker.io/*'] },
      [{ image: 'nginx:1.27' }, { image: 'docker.io/acme/app:1' }],
      [{ image: 'ghcr.io/acme/app:1.0' }],
    ],
    [
      'never-requires-preloaded',
      {},
      [{ image: 'nginx:1.27', policy: 'Never' }],
      [{ image: 'nginx:1.27', policy: 'IfNotPresent' }],
    ],
    [
      'pull-secrets-for-registries',
      { registries: ['registry.example.com'] },
      [{ image: 'registry.example.com/team/app:1.0' }],
      [{ image: 'registry.example.com/team/app:1.0', pullSecrets: ['regcred'] }, { image: 'ghcr.io/acme/app:1.0' }],
    ],
    [
      'set-pull-policy',
      {},
      [{ image: 'nginx:1.27' }, { image: 'nginx:latest', policy: 'IfNotPresent' }],
      [{ image: 'nginx:1.27', policy: 'Always' }, { image: 'nginx' }],
    ],
    [
      'set-pull-policy',
      { policy: 'IfNotPresent', when: { digest: true } },
      [{ image: `nginx@${DIGEST}`, policy: 'Always' }],
      [{ image: `nginx@${DIGEST}` }, { image: 'nginx:latest' }],
    ],
  ])('%s %j', async (kind, params, bad, good) => {
    await createRule(t, denyRule(kind, params));
    const docs = [
      ...bad.map((p, i) => pod({ ...p, name: `bad-${i}` })),
      ...good.map((p, i) => pod({ ...p, name: `good-${i}` })),
    ];
    const result = await evaluate(t, docs);
    expect(firedBy(result)).toEqual(bad.map((_, i) => `${kind} Pod/bad-${i}`).sort());
    for (const f of result.findings)
      expect(f).toMatchObject({ kind, message: expect.any(String), fix: expect.anything() });
  });

  it('a disabled rule does not fire; enabling it again makes it fire at once', async () => {
    const rule = await createRule(t, { ...denyRule('require-digest'), enabled: false });
    const docs = [pod({ image: 'nginx:1.27' })];
    expect(await evaluate(t, docs)).toMatchObject({ verdict: 'pass', findings: [] });
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enabled: true }).expect(200);
    expect(firedBy(await evaluate(t, docs))).toEqual(['require-digest Pod/app']);
    const { updateRule } = await gqlOk(
      t,
      `mutation($id: ID!) { updateRule(id: $id, input: { enabled: false }) { enabled } }`,
      { id: rule.id },
    );
    expect(updateRule.enabled).toBe(false);
    expect((await evaluate(t, docs, { via: 'graphql' })).findings).toEqual([]);
  });

  it('a change to a rule applies to the next evaluation, and a deleted rule no longer fires', async () => {
    const rule = await createRule(t, { ...denyRule('require-digest'), enforcement: 'warn' });
    const docs = [pod({ image: 'nginx:1.27' })];
    expect((await evaluate(t, docs)).verdict).toBe('warn');
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'deny', severity: 'critical' }).expect(200);
    expect((await evaluate(t, docs, { via: 'graphql' })).findings[0]).toMatchObject({
      enforcement: 'deny',
      severity: 'critical',
    });
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);
    expect((await evaluate(t, docs)).verdict).toBe('pass');
  });

  it('a rule created over GraphQL applies to REST evaluations, and a restored version too', async () => {
    const { createRule: rule } = await gqlOk(
      t,
      `mutation { createRule(input: { name: "no-latest", kind: "disallowed-tags", params: { tags: ["latest"] }, enforcement: "deny" }) { id } }`,
    );
    const docs = [pod({ name: 'a', image: 'nginx' }), pod({ name: 'b', image: 'nginx:1.0-SNAPSHOT' })];
    expect(firedBy(await evaluate(t, docs))).toEqual(['no-latest Pod/a']);
    await t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .send({ params: { tags: ['*-SNAPSHOT'] } })
      .expect(200);
    expect(firedBy(await evaluate(t, docs))).toEqual(['no-latest Pod/b']);
    expect((await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`)).status).toBeLessThan(300);
    expect(firedBy(await evaluate(t, docs))).toEqual(['no-latest Pod/a']);
  });
});

describe('match and exclude', () => {
  // [scope, documents, workloads that must be judged by the rule]
  it.each<[string, Record<string, unknown>, Record<string, unknown>[], string[]]>([
    [
      'namespaces glob prod-*',
      { match: { namespaces: ['prod-*'] } },
      [
        pod({ name: 'eu', namespace: 'prod-eu', image: 'nginx:1.27' }),
        pod({ name: 'us', namespace: 'prod-us', image: 'nginx:1.27' }),
        pod({ name: 'stage', namespace: 'staging', image: 'nginx:1.27' }),
        pod({ name: 'prod', namespace: 'prod', image: 'nginx:1.27' }),
        pod({ name: 'dflt', image: 'nginx:1.27' }),
      ],
      ['Pod/eu', 'Pod/us'],
    ],
    [
      'labels matchExpressions tier NotIn (batch): an absent label matches',
      { match: { labels: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['batch'] }] } } },
      [
        pod({ name: 'batch', labels: { tier: 'batch' }, image: 'nginx:1.27' }),
        pod({ name: 'web', labels: { tier: 'web' }, image: 'nginx:1.27' }),
        pod({ name: 'unlabelled', image: 'nginx:1.27' }),
      ],
      ['Pod/unlabelled', 'Pod/web'],
    ],
    [
      'labels matchLabels on a Deployment’s pod template',
      { match: { labels: { matchLabels: { team: 'payments' } } } },
      [
        deployment({ name: 'checkout', labels: { app: 'checkout', team: 'payments' }, image: 'nginx:1.27' }),
        deployment({ name: 'search', labels: { app: 'search', team: 'search' }, image: 'nginx:1.27' }),
      ],
      ['Deployment/checkout'],
    ],
    [
      'kinds',
      { match: { kinds: ['Deployment'] } },
      [deployment({ name: 'web', image: 'nginx:1.27' }), pod({ name: 'debug', image: 'nginx:1.27' })],
      ['Deployment/web'],
    ],
    [
      'images glob on the normalised reference',
      { match: { images: ['ghcr.io/acme/*'] } },
      [
        pod({ name: 'acme', image: 'ghcr.io/acme/team/app:1.0' }),
        pod({ name: 'hub', image: 'nginx:1.27' }),
        pod({ name: 'other', image: 'ghcr.io/other/app:1' }),
      ],
      ['Pod/acme'],
    ],
    [
      'images written short match their docker.io form',
      { match: { images: ['nginx'] } },
      [
        pod({ name: 'short', image: 'nginx:1.27' }),
        pod({ name: 'long', image: 'docker.io/library/nginx:1.25' }),
        pod({ name: 'redis', image: 'redis:7' }),
      ],
      ['Pod/long', 'Pod/short'],
    ],
    [
      'exclude namespaces wins over match',
      { match: { namespaces: ['*'] }, exclude: { namespaces: ['kube-system'] } },
      [
        pod({ name: 'sys', namespace: 'kube-system', image: 'nginx:1.27' }),
        pod({ name: 'app', namespace: 'shop', image: 'nginx:1.27' }),
      ],
      ['Pod/app'],
    ],
    [
      'exclude images',
      { exclude: { images: ['registry.k8s.io/*'] } },
      [pod({ name: 'pause', image: 'registry.k8s.io/pause:3.9' }), pod({ name: 'app', image: 'nginx:1.27' })],
      ['Pod/app'],
    ],
    [
      'exclude labels with Exists',
      { exclude: { labels: { matchExpressions: [{ key: 'pullwise.io/skip', operator: 'Exists' }] } } },
      [
        pod({ name: 'skipped', labels: { 'pullwise.io/skip': '' }, image: 'nginx:1.27' }),
        pod({ name: 'app', image: 'nginx:1.27' }),
      ],
      ['Pod/app'],
    ],
  ])('%s', async (_scope, scope, docs, expected) => {
    await createRule(t, { ...denyRule('require-digest'), ...scope });
    for (const via of VIAS) {
      const result = await evaluate(t, docs, { via });
      expect(firedBy(result), via).toEqual(expected.map((w) => `require-digest ${w}`).sort());
    }
  });

  it('namespaces apply to documents without metadata.namespace through context.namespace', async () => {
    await createRule(t, { ...denyRule('require-digest'), match: { namespaces: ['prod-*'] } });
    const docs = [pod({ name: 'ci', image: 'nginx:1.27' })];
    expect(firedBy(await evaluate(t, docs, { context: { namespace: 'prod-ci' } }))).toEqual(['require-digest Pod/ci']);
    expect(firedBy(await evaluate(t, docs, { context: { namespace: 'dev' } }))).toEqual([]);
  });

  it('slots: a rule for init containers judges only them', async () => {
    await createRule(t, { ...denyRule('require-digest'), match: { slots: ['initContainer'] } });
    const result = await evaluate(t, [pod({ name: 'app', image: 'nginx:1.27', initImage: 'busybox:1.36' })]);
    expect(result.findings.map((f: any) => f.slot)).toEqual(['spec.initContainers[0]']);
    const slots = result.workloads[0].slots;
    expect(Object.fromEntries(slots.map((s: any) => [s.type, s.findings.length]))).toEqual({
      initContainer: 1,
      container: 0,
    });
  });

  it('clusters: a rule scoped to prod-* clusters fires only when the evaluation names such a profile', async () => {
    await createRule(t, { ...denyRule('require-digest'), match: { clusters: ['prod-*'] } });
    await createCluster(t, { name: 'prod-eu' });
    await createCluster(t, { name: 'dev' });
    const docs = [pod({ image: 'nginx:1.27' })];
    for (const via of VIAS) {
      expect(firedBy(await evaluate(t, docs, { via })), via).toEqual([]);
      expect(firedBy(await evaluate(t, docs, { via, cluster: 'prod-eu' })), via).toEqual(['require-digest Pod/app']);
      expect(firedBy(await evaluate(t, docs, { via, cluster: 'dev' })), via).toEqual([]);
    }
  });
});

describe('exceptions', () => {
  const LEGACY = pod({ name: 'legacy', namespace: 'legacy', image: 'nginx:1.27' });
  const SHOP = pod({ name: 'shop', namespace: 'shop', image: 'nginx:1.27' });
  const waiver = (extra: Record<string, unknown> = {}) => ({
    name: 'legacy-waiver',
    rules: ['require-digest'],
    match: { namespaces: ['legacy'] },
    justification: 'Legacy images are rebuilt from a pinned base; migration tracked in OPS-1',
    owner: 'team-legacy',
    expiresAt: NEXT_YEAR,
    ...extra,
  });

  beforeEach(async () => {
    await createRule(t, denyRule('require-digest'));
  });

  it.each(VIAS)('waives matching findings, which are still reported with waived and waivedBy (via %s)', async (via) => {
    await createException(t, waiver());
    const both = await evaluate(t, [LEGACY, SHOP], { via });
    expect(firedBy(both)).toEqual(['require-digest Pod/legacy waived by legacy-waiver', 'require-digest Pod/shop']);
    expect(both.findings.find((f: any) => f.workload === 'Pod/legacy')).toMatchObject({
      waived: true,
      waivedBy: 'legacy-waiver',
      enforcement: 'deny',
    });
    expect(both.findings.find((f: any) => f.workload === 'Pod/shop')).toMatchObject({ waived: false, waivedBy: null });
    expect(both.summary.findings).toEqual({ deny: 1, warn: 0, audit: 0, waived: 1 });
    expect(both.verdict).toBe('fail');

    const legacyOnly = await evaluate(t, [LEGACY], { via });
    expect(legacyOnly.verdict).toBe('pass');
    expect(legacyOnly.summary.findings).toEqual({ deny: 0, warn: 0, audit: 0, waived: 1 });
    expect(legacyOnly.workloads[0].slots[0].findings).toEqual([
      expect.objectContaining({ waived: true, waivedBy: 'legacy-waiver' }),
    ]);
  });

  it.each(VIAS)('an expired exception waives nothing (via %s)', async (via) => {
    await createException(t, waiver({ expiresAt: YESTERDAY }));
    const result = await evaluate(t, [LEGACY], { via });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'require-digest', waived: false, waivedBy: null }),
    ]);
    expect(result.verdict).toBe('fail');
    expect(result.summary.findings).toMatchObject({ deny: 1, waived: 0 });
  });

  it('an exception that expires while nothing is written stops waiving at its expiry', async () => {
    const expiresAt = Date.now() + 4000;
    await createException(t, waiver({ expiresAt: new Date(expiresAt).toISOString() }));
    expect((await evaluate(t, [LEGACY])).verdict).toBe('pass');
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 200));
    const result = await evaluate(t, [LEGACY]);
    expect(result.verdict).toBe('fail');
    expect(result.findings[0]).toMatchObject({ waived: false, waivedBy: null });
  });

  it('an exception for another rule waives nothing; "*" waives every rule', async () => {
    await createRule(t, { ...denyRule('explicit-pull-policy'), enforcement: 'warn' });
    await createRule(t, { ...denyRule('disallowed-tags'), name: 'no-such-tag', params: { tags: ['nope'] } });
    await createException(t, waiver({ rules: ['no-such-tag'] }));
    expect(firedBy(await evaluate(t, [LEGACY]))).toEqual([
      'explicit-pull-policy Pod/legacy',
      'require-digest Pod/legacy',
    ]);

    // A waiver of every rule must expire (issue 13: at most PULLWISE_MAX_WILDCARD_EXCEPTION_DAYS ahead).
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await createException(t, waiver({ name: 'legacy-all', rules: ['*'], expiresAt }));
    const result = await evaluate(t, [LEGACY]);
    expect(firedBy(result)).toEqual([
      'explicit-pull-policy Pod/legacy waived by legacy-all',
      'require-digest Pod/legacy waived by legacy-all',
    ]);
    expect(result).toMatchObject({ verdict: 'pass', summary: { findings: { deny: 0, warn: 0, audit: 0, waived: 2 } } });
  });

  it('an exception scoped to images waives only those images', async () => {
    await createException(t, waiver({ match: { images: ['docker.io/library/nginx:1.27'] } }));
    const result = await evaluate(t, [
      pod({ name: 'old', image: 'nginx:1.27' }),
      pod({ name: 'new', image: 'nginx:1.28' }),
    ]);
    expect(firedBy(result)).toEqual(['require-digest Pod/new', 'require-digest Pod/old waived by legacy-waiver']);
  });

  it('moving an exception’s expiry into the past, or deleting it, ends the waiver at the next evaluation', async () => {
    const e = await createException(t, waiver());
    expect((await evaluate(t, [LEGACY])).verdict).toBe('pass');
    await t.http().patch(`/v1/exceptions/${e.id}`).send({ expiresAt: YESTERDAY }).expect(200);
    expect((await evaluate(t, [LEGACY], { via: 'graphql' })).verdict).toBe('fail');
    await t.http().patch(`/v1/exceptions/${e.id}`).send({ expiresAt: NEXT_YEAR }).expect(200);
    expect((await evaluate(t, [LEGACY])).verdict).toBe('pass');
    await t.http().delete(`/v1/exceptions/${e.id}`).expect(204);
    expect((await evaluate(t, [LEGACY])).verdict).toBe('fail');
  });
});

describe('cluster profiles', () => {
  const MUTABLE = [pod({ name: 'web', image: 'nginx:1.27' })];

  it.each(VIAS)(
    'AlwaysPullImages in the named profile makes mutable-tag-requires-always pass (via %s)',
    async (via) => {
      await createRule(t, denyRule('mutable-tag-requires-always'));
      await createCluster(t, { name: 'hardened', admissionPlugins: ['AlwaysPullImages'] });
      await createCluster(t, { name: 'stock' });

      const hardened = await evaluate(t, MUTABLE, { via, cluster: 'hardened' });
      expect(hardened.workloads[0].slots[0].pullPolicy).toMatchObject({
        declared: null,
        default: 'IfNotPresent',
        effective: 'Always',
      });
      expect(hardened).toMatchObject({ verdict: 'pass', findings: [] });

      for (const cluster of ['stock', undefined]) {
        const result = await evaluate(t, MUTABLE, { via, cluster });
        expect(result.workloads[0].slots[0].pullPolicy.effective).toBe('IfNotPresent');
        expect(firedBy(result)).toEqual(['mutable-tag-requires-always Pod/web']);
      }
    },
  );

  it('the YAML body names the profile with ?cluster=', async () => {
    await createRule(t, denyRule('mutable-tag-requires-always'));
    await createCluster(t, { name: 'hardened', admissionPlugins: ['AlwaysPullImages'] });
    const res = await t
      .http()
      .post('/v1/evaluations')
      .query({ cluster: 'hardened' })
      .set('content-type', 'application/yaml')
      .send(yamlStream(...MUTABLE));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ verdict: 'pass', findings: [] });
  });

  it('a change to the profile applies to the next evaluation', async () => {
    await createRule(t, denyRule('mutable-tag-requires-always'));
    const profile = await createCluster(t, { name: 'hardened', admissionPlugins: ['AlwaysPullImages'] });
    expect((await evaluate(t, MUTABLE, { cluster: 'hardened' })).verdict).toBe('pass');
    await t
      .http()
      .patch(`/v1/clusters/${profile.id}`)
      .set('if-match', '"v1"')
      .send({ admissionPlugins: [] })
      .expect(200);
    expect((await evaluate(t, MUTABLE, { cluster: 'hardened' })).verdict).toBe('fail');
  });

  it('never-requires-preloaded passes for images the profile lists as preloaded', async () => {
    await createRule(t, denyRule('never-requires-preloaded'));
    await createCluster(t, { name: 'airgapped', preloadedImages: ['docker.io/library/nginx:1.27'] });
    await createCluster(t, { name: 'stock' });
    const docs = [
      pod({ name: 'web', image: 'nginx:1.27', policy: 'Never' }),
      pod({ name: 'cache', image: 'redis:7', policy: 'Never' }),
    ];
    expect(firedBy(await evaluate(t, docs, { cluster: 'airgapped' }))).toEqual(['never-requires-preloaded Pod/cache']);
    expect(firedBy(await evaluate(t, docs, { cluster: 'stock' }))).toEqual([
      'never-requires-preloaded Pod/cache',
      'never-requires-preloaded Pod/web',
    ]);
  });

  describe('an unknown cluster is a 400 naming cluster', () => {
    const docs = [pod({ image: 'nginx:1.27' })];

    it('REST, JSON body', async () => {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: yamlStream(...docs), cluster: 'nowhere' });
      expectProblem(res, 400);
      expect(res.body.type).toBe(PROBLEM('invalid-input'));
      expect(res.body.errors.map((e: any) => e.path)).toContain('cluster');
      expect(res.body.detail).toContain('nowhere');
    });

    it('REST, YAML body with ?cluster=', async () => {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .query({ cluster: 'nowhere' })
        .set('content-type', 'application/yaml')
        .send(yamlStream(...docs));
      expectProblem(res, 400);
      expect(res.body.errors.map((e: any) => e.path)).toContain('cluster');
    });

    it('GraphQL', async () => {
      const err = await gqlFails(t, 'invalid-input', EVALUATE_QUERY, {
        input: { manifests: yamlStream(...docs), cluster: 'nowhere' },
      });
      expect(gqlErrorPaths(err)).toContain('cluster');
    });

    it('GET /v1/effective-policy?cluster=', async () => {
      const res = await t.http().get('/v1/effective-policy').query({ image: 'nginx:1.27', cluster: 'nowhere' });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: any) => e.path)).toContain('cluster');
    });

    it('a deleted or renamed profile is unknown from then on', async () => {
      const gone = await createCluster(t, { name: 'gone' });
      const renamed = await createCluster(t, { name: 'old-name' });
      expect((await evaluate(t, docs, { cluster: 'gone' })).verdict).toBe('pass');
      await t.http().delete(`/v1/clusters/${gone.id}`).expect(204);
      await t.http().patch(`/v1/clusters/${renamed.id}`).send({ name: 'new-name' }).expect(200);
      for (const cluster of ['gone', 'old-name']) {
        const res = await t
          .http()
          .post('/v1/evaluations')
          .send({ manifests: yamlStream(...docs), cluster });
        expectProblem(res, 400);
        expect(res.body.errors.map((e: any) => e.path)).toContain('cluster');
      }
      expect((await evaluate(t, docs, { cluster: 'new-name', via: 'graphql' })).verdict).toBe('pass');
    });
  });
});
